import { Tone } from '@internal/portal-react';
import { SignalRange, SignalUnit } from '@internal/plugin-prometheus-common';
import { DateTime } from 'luxon';

function round(value: number, digits = 3): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  return String(Number(value.toPrecision(digits)));
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/**
 * A signal's value as people read it: `12.5 req/s`, `0.42%`, `120 ms`,
 * `256 MiB`, `0.25 cores`. Null (NaN or ±Inf at Prometheus) reads "no data".
 */
export function formatSignalValue(
  value: number | null | undefined,
  unit: SignalUnit,
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return 'no data';
  }
  switch (unit) {
    case 'reqps':
      return `${round(value)} req/s`;
    case 'ratio':
      return `${round(value * 100)}%`;
    case 'percent':
      return `${round(value)}%`;
    case 'seconds':
      if (value !== 0 && Math.abs(value) < 1)
        return `${round(value * 1000)} ms`;
      return `${round(value)} s`;
    case 'bytes': {
      let scaled = value;
      let index = 0;
      while (Math.abs(scaled) >= 1024 && index < BYTE_UNITS.length - 1) {
        scaled /= 1024;
        index++;
      }
      return `${round(scaled)} ${BYTE_UNITS[index]}`;
    }
    case 'cores':
      return `${round(value)} ${value === 1 ? 'core' : 'cores'}`;
    default:
      return unit ? `${round(value)} ${unit}` : round(value);
  }
}

/** A time on a chart's axis: clock time for a day or less, else the day too. */
export function formatAxisTime(t: number, range: SignalRange): string {
  const time = DateTime.fromMillis(t);
  return range === '7d' ? time.toFormat('ccc d') : time.toFormat('HH:mm');
}

/** A point in time in full, for tooltips. */
export function formatInstant(t: number): string {
  return DateTime.fromMillis(t).toFormat('yyyy-LL-dd HH:mm');
}

/** What the range picker says of each range. */
export const RANGE_LABELS: Record<SignalRange, string> = {
  '1h': 'Last hour',
  '6h': 'Last 6 hours',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
};

/** An alert's `severity` label as a chip tone. */
export function alertSeverityTone(severity: string | undefined): Tone {
  switch (severity?.toLowerCase()) {
    case 'critical':
    case 'page':
    case 'error':
      return 'error';
    case 'warning':
    case 'warn':
      return 'warning';
    case 'info':
      return 'info';
    default:
      return 'neutral';
  }
}
