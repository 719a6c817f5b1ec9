/**
 * Helpers the portal's own backend plugins share.
 *
 * @packageDocumentation
 */
export { TtlCache } from './TtlCache';
export { mapWithConcurrency } from './mapWithConcurrency';
