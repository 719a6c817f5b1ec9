/**
 * Golden signals in the portal: the Signals tab of a service, with
 * deployment markers on every chart, and the Alerts card of its overview.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
