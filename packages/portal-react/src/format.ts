import { DateTime } from 'luxon';

/** "3 hours ago" or "in 2 days", relative to `now`. */
export function formatRelativeTime(
  iso: string,
  now: DateTime = DateTime.now(),
): string {
  return DateTime.fromISO(iso).toRelative({ base: now }) ?? iso;
}

/** A full local date and time with its zone, for tooltips. */
export function formatDateTime(iso: string): string {
  return DateTime.fromISO(iso).toLocaleString(DateTime.DATETIME_FULL);
}
