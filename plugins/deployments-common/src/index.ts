/**
 * Types, permissions and the API client of the deployment history plugin.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './permissions';
export * from './DeploymentsClient';
// Which deployment URLs are links: the one rule, shared with the rest of the
// portal, that the backend applies on ingestion and the frontends on render.
export { httpUrlProblem, safeHttpUrl } from '@internal/portal-common';
