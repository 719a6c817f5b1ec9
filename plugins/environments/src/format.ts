import { FreezeWindow, WeeklyTime } from '@internal/plugin-environments-common';
import { DateTime, Duration } from 'luxon';

/** A short local date and time, e.g. "Nov 10, 2025, 9:12 AM". */
export function formatShortDateTime(iso: string): string {
  return DateTime.fromISO(iso).toLocaleString(DateTime.DATETIME_MED);
}

/** `iso` moved by an ISO 8601 duration, e.g. an expiry extended by `PT72H`. */
export function addDuration(iso: string, duration: string): string {
  return DateTime.fromISO(iso)
    .plus(Duration.fromISO(duration))
    .toUTC()
    .toISO()!;
}

function capitalize(word: string): string {
  return word.charAt(0).toLocaleUpperCase('en-US') + word.slice(1);
}

/** "Friday 18:00". */
export function formatWeeklyTime(time: WeeklyTime): string {
  return `${capitalize(time.day)} ${time.time}`;
}

/** "Friday 18:00 – Monday 06:00 (Europe/Berlin)". */
export function formatFreezeWindow(
  window: Pick<FreezeWindow, 'start' | 'end' | 'timeZone'>,
): string {
  return `${formatWeeklyTime(window.start)} – ${formatWeeklyTime(
    window.end,
  )} (${window.timeZone})`;
}

/**
 * The UTC ISO timestamp of a `datetime-local` input's value, which is in the
 * browser's zone; undefined for an empty or incomplete value.
 */
export function localInputToIso(value: string): string | undefined {
  if (!value) {
    return undefined;
  }
  const local = DateTime.fromISO(value);
  return local.isValid ? local.toUTC().toISO()! : undefined;
}

/** The `datetime-local` value of a moment, in the browser's zone, to the minute. */
export function isoToLocalInput(iso: string): string {
  return DateTime.fromISO(iso).toFormat("yyyy-MM-dd'T'HH:mm");
}
