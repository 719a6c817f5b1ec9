/**
 * The /platform-status page: every service with its ArgoCD sync and health,
 * Kubernetes readiness, firing alerts, error ratio and last deployment,
 * worst first.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
