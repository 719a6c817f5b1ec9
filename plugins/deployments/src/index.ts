/**
 * Deployment history in the portal: the Deployments tab and the Current
 * versions card of components, and the /deployments page with DORA metrics.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
