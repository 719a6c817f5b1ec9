/**
 * Scaffolder actions of the environment manager, as a module of the
 * scaffolder backend.
 *
 * @packageDocumentation
 */
export { scaffolderModuleEnvironments as default } from './module';
export {
  CREATE_PREVIEW_ACTION_ID,
  DEFAULT_PREVIEW_TTL,
  createPreviewEnvironmentAction,
} from './actions/createPreview';
export {
  SET_CONFIG_ACTION_ID,
  createSetEnvironmentConfigAction,
} from './actions/setConfig';
