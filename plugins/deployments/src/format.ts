import { DateTime } from 'luxon';

const DURATION_UNITS = [
  { unit: 'd', seconds: 86_400 },
  { unit: 'h', seconds: 3_600 },
  { unit: 'min', seconds: 60 },
  { unit: 's', seconds: 1 },
] as const;

/**
 * A duration in its two largest units, e.g. "4 min 12 s" or "2 d 3 h".
 * Smaller units are dropped rather than rounded: "1 h 59 min" stays below 2 h.
 */
export function formatDuration(seconds: number): string {
  let rest = Math.max(0, Math.round(seconds));
  const parts = DURATION_UNITS.map(({ unit, seconds: size }) => {
    const count = Math.floor(rest / size);
    rest -= count * size;
    return { unit, count };
  });
  const largest = parts.findIndex(part => part.count > 0);
  if (largest === -1) {
    return '0 s';
  }
  return parts
    .slice(largest, largest + 2)
    .filter(part => part.count > 0)
    .map(part => `${part.count} ${part.unit}`)
    .join(' ');
}

/** Seconds between two ISO timestamps, or undefined while `end` is unknown. */
export function secondsBetween(
  start: string,
  end: string | undefined,
): number | undefined {
  if (!end) {
    return undefined;
  }
  return DateTime.fromISO(end).diff(DateTime.fromISO(start)).as('seconds');
}

/** A calendar date without time, e.g. for the ends of a reporting window. */
export function formatDate(iso: string): string {
  return DateTime.fromISO(iso).toLocaleString(DateTime.DATE_MED);
}

/** A ratio (0..1) as a percentage with at most one decimal, e.g. "12.5%". */
export function formatPercent(ratio: number): string {
  return `${Number((ratio * 100).toFixed(1))}%`;
}

/** A count with at most one decimal, e.g. "3.5" or "12". */
export function formatDecimal(value: number): string {
  return String(Number(value.toFixed(1)));
}

/** The abbreviated commit hash git itself shows. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** "1 deployment", "3 deployments". */
export function pluralize(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : `${noun}s`}`;
}
