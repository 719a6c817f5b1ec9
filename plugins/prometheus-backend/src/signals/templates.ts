import { SignalRange } from '@internal/plugin-prometheus-common';

/** The values a signal template's placeholders are filled with. */
export interface TemplateValues {
  /** Label matchers without braces, already validated and re-quoted. */
  selector: string;
  /** A PromQL duration, e.g. `5m`. */
  rateWindow: string;
  /** A PromQL duration, e.g. `15s`. */
  step: string;
}

const PLACEHOLDER = /\{\{\s*([a-zA-Z]+)\s*\}\}/g;
const KNOWN: ReadonlySet<string> = new Set(['selector', 'rateWindow', 'step']);

/**
 * Checks a template from config: it must use `{{selector}}` (otherwise every
 * entity would get the same series) and no unknown placeholder. Returns the
 * problem, or undefined.
 */
export function checkTemplate(query: string): string | undefined {
  let hasSelector = false;
  for (const [, name] of query.matchAll(PLACEHOLDER)) {
    if (!KNOWN.has(name)) {
      return `unknown placeholder {{${name}}} (use {{selector}}, {{rateWindow}} or {{step}})`;
    }
    if (name === 'selector') hasSelector = true;
  }
  if (!hasSelector) {
    return 'the query must use {{selector}}';
  }
  return undefined;
}

/**
 * Fills a template. The values are trusted: the selector comes from
 * formatPrometheusSelector (every value quoted and escaped), the durations
 * from {@link rangeWindow}.
 */
export function fillTemplate(query: string, values: TemplateValues): string {
  return query.replace(PLACEHOLDER, (whole, name: string) =>
    KNOWN.has(name) ? values[name as keyof TemplateValues] : whole,
  );
}

/** The window of a range ending at `now`, with its step and rate window. */
export interface RangeWindow {
  /** Unix seconds, aligned to the step. */
  start: number;
  end: number;
  /** Seconds. */
  step: number;
  /** A PromQL duration. */
  rateWindow: string;
}

/**
 * Each range's step keeps a series at most ~300 points (1h: 240, 6h: 240,
 * 24h: 288, 7d: 252); the rate window is at least the step, so no sample
 * falls between two points.
 */
const RANGES: Record<
  SignalRange,
  { seconds: number; step: number; rateWindow: string }
> = {
  '1h': { seconds: 3600, step: 15, rateWindow: '5m' },
  '6h': { seconds: 6 * 3600, step: 90, rateWindow: '5m' },
  '24h': { seconds: 24 * 3600, step: 300, rateWindow: '10m' },
  '7d': { seconds: 7 * 24 * 3600, step: 2400, rateWindow: '1h' },
};

/** The most points per series any range yields. */
export const MAX_SIGNAL_POINTS = 300;

/**
 * The query window of a range ending now. `end` is rounded down to a
 * multiple of the step, so requests within one step ask Prometheus the same
 * question (and share a cache entry) and points line up between refreshes.
 */
export function rangeWindow(range: SignalRange, nowMs: number): RangeWindow {
  const { seconds, step, rateWindow } = RANGES[range];
  const end = Math.floor(nowMs / 1000 / step) * step;
  return { start: end - seconds, end, step, rateWindow };
}

/** Seconds as a PromQL duration: `15s`, `5m`, `2h`. */
export function promDuration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
