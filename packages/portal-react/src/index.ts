/**
 * Components, hooks and formatting helpers that the portal's own frontend
 * plugins share.
 *
 * @packageDocumentation
 */

export { ActorLink } from './components/ActorLink';
export type { ActorLinkProps } from './components/ActorLink';
export { ConfirmDialog } from './components/ConfirmDialog';
export type { ConfirmDialogProps } from './components/ConfirmDialog';
export { ErrorAlert } from './components/ErrorAlert';
export type { ErrorAlertProps } from './components/ErrorAlert';
export { FilterSelect } from './components/FilterSelect';
export type {
  FilterOption,
  FilterSelectProps,
} from './components/FilterSelect';
export { LoadMoreButton } from './components/LoadMoreButton';
export type { LoadMoreButtonProps } from './components/LoadMoreButton';
export { RefreshButton } from './components/RefreshButton';
export { RelativeTime } from './components/RelativeTime';
export { SectionCard } from './components/SectionCard';
export type { SectionCardProps } from './components/SectionCard';
export { SubmitButton } from './components/SubmitButton';
export type { SubmitButtonProps } from './components/SubmitButton';
export { ToneChip } from './components/ToneChip';
export type { Tone, ToneChipProps } from './components/ToneChip';
export { useSearchParam } from './hooks/useSearchParam';
export { useTeamOptions } from './hooks/useTeamOptions';
export { errorMessage, errorStatus } from './errors';
export { formatDateTime, formatRelativeTime } from './format';
