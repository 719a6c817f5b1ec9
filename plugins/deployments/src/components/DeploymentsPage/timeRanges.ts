import { DurationLikeObject } from 'luxon';

export interface TimeRange {
  /** How the range appears in the URL. */
  value: string;
  label: string;
  duration: DurationLikeObject;
}

export const TIME_RANGES: readonly TimeRange[] = [
  { value: '24h', label: 'Last 24 hours', duration: { hours: 24 } },
  { value: '7d', label: 'Last 7 days', duration: { days: 7 } },
  { value: '30d', label: 'Last 30 days', duration: { days: 30 } },
  { value: '90d', label: 'Last 90 days', duration: { days: 90 } },
];

export const DEFAULT_TIME_RANGE = TIME_RANGES[1];

/** The range a URL names, or the default for anything else. */
export function timeRangeOf(value: string | undefined): TimeRange {
  return TIME_RANGES.find(range => range.value === value) ?? DEFAULT_TIME_RANGE;
}
