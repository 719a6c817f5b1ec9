/**
 * Test helpers for the portal's backend plugins and modules.
 *
 * @packageDocumentation
 */
export { errorBody, startFakePluginApi } from './startFakePluginApi';
export type {
  FakePluginApi,
  FakeResponse,
  RecordedRequest,
} from './startFakePluginApi';
