/**
 * The catalog's side of the scaffolder's local git publisher: file
 * locations may be registered, and relative placeholders resolve in the
 * published repositories, where scaffolder.localGit.directory is set.
 *
 * @packageDocumentation
 */
export { catalogModuleLocalGit as default } from './module';
export { LocalGitPlaceholderProcessor } from './LocalGitPlaceholderProcessor';
