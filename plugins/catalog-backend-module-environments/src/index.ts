/**
 * The entity provider of preview environments, as a module of the catalog
 * backend.
 *
 * @packageDocumentation
 */
export { catalogModuleEnvironments as default } from './module';
export { EnvironmentEntityProvider } from './EnvironmentEntityProvider';
