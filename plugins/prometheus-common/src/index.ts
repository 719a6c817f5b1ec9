/**
 * Types, catalog annotations, the label-selector grammar, the permission and
 * the API client of the Prometheus golden-signals plugin.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './types';
export * from './selector';
export * from './permissions';
export * from './PrometheusClient';
