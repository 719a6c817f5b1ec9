/**
 * Helpers the portal's own backend plugins share.
 *
 * @packageDocumentation
 */
export { TtlCache } from './TtlCache';
export { mapWithConcurrency } from './mapWithConcurrency';
export {
  findJsonShapeViolation,
  formatByteSize,
  portalJsonBody,
} from './portalJsonBody';
export type { PortalJsonBodyOptions } from './portalJsonBody';
export { callUpstream, toUpstreamError } from './upstreamErrors';
export { isUniqueViolation } from './databaseErrors';
export type { UpstreamCallOptions } from './upstreamErrors';
