/**
 * Types, permissions and the API client of the deployment history plugin.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './permissions';
export * from './DeploymentsClient';
