/**
 * The environment manager in the portal: the version matrix of services
 * across environments with promotions, preview environments, environment
 * configuration and secrets, locks and freeze windows, and the Environments
 * card of components.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { environmentsApiRef } from './api';
