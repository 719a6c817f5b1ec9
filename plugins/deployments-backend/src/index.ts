/**
 * The deployments backend plugin: deployment history from CI and ArgoCD,
 * current versions per environment and DORA metrics.
 *
 * @packageDocumentation
 */
export { deploymentsPlugin as default } from './plugin';
