/**
 * The scaffolder's local git publisher, `publish:local`, as a module of the
 * scaffolder backend.
 *
 * @packageDocumentation
 */
export { scaffolderModuleLocalGit as default } from './module';
export {
  DEFAULT_ENTITY_WAIT_MS,
  NOT_CONFIGURED_MESSAGE,
  PUBLISH_LOCAL_ACTION_ID,
  createPublishLocalAction,
} from './actions/publishLocal';
export { REPO_NAME_PATTERN } from './localRepository';
