/**
 * Types, catalog annotations, permissions and the API client of the
 * environment manager.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './types';
export * from './permissions';
export * from './EnvironmentsClient';
