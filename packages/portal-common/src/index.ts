/**
 * Isomorphic helpers the portal's own `-common` packages share.
 *
 * @packageDocumentation
 */
export { PluginRequester } from './PluginRequester';
export type { PluginClientOptions, PluginRequest } from './PluginRequester';
export { httpUrlProblem, safeHttpUrl } from './httpUrl';
