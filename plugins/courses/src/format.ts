import { DateTime } from 'luxon';

/** About how long a course takes: "45 min", "2 h", "1 h 30 min". */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) {
    return `${rest} min`;
  }
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** A share from 0 to 1 as a whole percentage: 0.333 → "33%". */
export function formatPercent(share: number): string {
  return `${Math.round(Math.min(Math.max(share, 0), 1) * 100)}%`;
}

/** A slug as a label: `continuous-delivery` → "Continuous delivery". */
export function humanize(slug: string): string {
  const words = slug.replace(/-/g, ' ');
  return words.charAt(0).toLocaleUpperCase('en-US') + words.slice(1);
}

/** A local date, e.g. "Nov 10, 2025". */
export function formatDate(iso: string): string {
  return DateTime.fromISO(iso).toLocaleString(DateTime.DATE_MED);
}
