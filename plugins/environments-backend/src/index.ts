/**
 * The environments backend plugin: environments, preview environments with a
 * time to live, config and secrets, locks and freeze windows, promotions and
 * the version matrix.
 *
 * @packageDocumentation
 */
export { environmentsPlugin as default } from './plugin';
