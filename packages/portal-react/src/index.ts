/**
 * Components, hooks and formatting helpers that the portal's own frontend
 * plugins share.
 *
 * @packageDocumentation
 */

export { ActorLink } from './components/ActorLink';
export type { ActorLinkProps } from './components/ActorLink';
export { FilterSelect } from './components/FilterSelect';
export type {
  FilterOption,
  FilterSelectProps,
} from './components/FilterSelect';
export { LoadMoreButton } from './components/LoadMoreButton';
export type { LoadMoreButtonProps } from './components/LoadMoreButton';
export { RefreshButton } from './components/RefreshButton';
export { RelativeTime } from './components/RelativeTime';
export { ToneChip } from './components/ToneChip';
export type { Tone, ToneChipProps } from './components/ToneChip';
export { useSearchParam } from './hooks/useSearchParam';
export { useTeamOptions } from './hooks/useTeamOptions';
export { formatDateTime, formatRelativeTime } from './format';
