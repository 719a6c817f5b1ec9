/**
 * The Prometheus backend plugin: golden signals and alerts of catalog
 * entities, from PromQL templates in config filled with each entity's
 * `prometheus.io/selector`.
 *
 * @packageDocumentation
 */
export { prometheusPlugin as default } from './plugin';
