/** The time ranges the golden signals are shown for. */
export type SignalRange = '1h' | '6h' | '24h' | '7d';

/** Every {@link SignalRange}, shortest first. */
export const SIGNAL_RANGES: readonly SignalRange[] = ['1h', '6h', '24h', '7d'];

/** The range the API uses when none is asked for. */
export const DEFAULT_SIGNAL_RANGE: SignalRange = '1h';

/** Whether `value` is one of {@link SIGNAL_RANGES}. */
export function isSignalRange(value: unknown): value is SignalRange {
  return (SIGNAL_RANGES as readonly unknown[]).includes(value);
}

/**
 * One sample: `[t, v]` with `t` in milliseconds since the epoch (ready for
 * `new Date(t)`) and `v` the value, or null where Prometheus answered NaN or
 * ±Inf (e.g. an error ratio without any requests).
 */
export type Point = [t: number, v: number | null];

/** One time series: its labels (without `__name__`) and its samples. */
export interface Series {
  labels: Record<string, string>;
  points: Point[];
}

/**
 * How a signal's values are meant to be read, for formatting and axes:
 * `reqps` requests per second, `ratio` 0..1, `seconds`, `bytes`, `cores`
 * (CPU seconds per second), `percent` 0..100; other strings may come from
 * config and are shown as they are.
 */
export type SignalUnit =
  | 'reqps'
  | 'ratio'
  | 'seconds'
  | 'bytes'
  | 'cores'
  | 'percent'
  | (string & {});

/** The names of the built-in golden signals. */
export type GoldenSignalName =
  | 'request_rate'
  | 'error_ratio'
  | 'latency_p50'
  | 'latency_p95'
  | 'latency_p99'
  | 'cpu'
  | 'memory';

/** One golden signal of one entity over the asked range. */
export interface Signal {
  /** Stable id, e.g. `error_ratio` (config may add others). */
  name: GoldenSignalName | (string & {});
  /** What to show, e.g. `Error ratio`. */
  title: string;
  unit: SignalUnit;
  /** Empty when Prometheus has no series for the entity. */
  series: Series[];
}

/** `GET /signals?entityRef=&range=` */
export interface SignalsResponse {
  entityRef: string;
  /** The Prometheus instance asked. */
  instance: string;
  range: SignalRange;
  /** The queried window (ISO 8601) and the step between points, in seconds. */
  start: string;
  end: string;
  step: number;
  /** The entity's selector, normalized: e.g. `app="course-service"`. */
  selector: string;
  signals: Signal[];
}

export type AlertState = 'firing' | 'pending';

/** One active alert of Prometheus (its `/api/v1/alerts`). */
export interface Alert {
  /** The `alertname` label. */
  name: string;
  state: AlertState;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** When the alert became active (ISO 8601), if Prometheus says. */
  activeAt?: string;
  /** The value of the alerting expression when last evaluated. */
  value?: number | null;
}

/** `GET /alerts?entityRef=` */
export interface AlertsResponse {
  entityRef: string;
  instance: string;
  selector: string;
  /** Firing first, then pending; each by name. */
  alerts: Alert[];
}

/** A configured Prometheus instance, as the API shows it (no URL, no token). */
export interface PrometheusInstance {
  name: string;
  /** Whether entities without `prometheus.io/instance` use it. */
  default: boolean;
}

/** `GET /instances` */
export interface InstanceList {
  instances: PrometheusInstance[];
}

/**
 * `POST /query`: a raw PromQL query, behind the `prometheus.query`
 * permission. A range query when `range` or `start` is given, otherwise an
 * instant query at `time` (default now).
 */
export interface PrometheusQueryRequest {
  query: string;
  /** Defaults to the first configured instance. */
  instance?: string;
  /** A range ending now; or give `start`/`end` instead. */
  range?: SignalRange;
  /** ISO 8601. */
  start?: string;
  /** ISO 8601; defaults to now. */
  end?: string;
  /** Seconds between points; defaults to a step giving at most the points limit. */
  step?: number;
  /** ISO 8601, for instant queries; defaults to now. */
  time?: string;
}

/** The answer of `POST /query`. Scalars and strings come back as one series without labels. */
export interface PrometheusQueryResponse {
  instance: string;
  resultType: 'matrix' | 'vector' | 'scalar' | 'string';
  series: Series[];
}

/** A signal's current value, for overviews. */
export interface SignalValue {
  name: string;
  title: string;
  unit: SignalUnit;
  /**
   * The value now (over the signal's 5m rate window): summed across series
   * for `reqps`, `cores` and `bytes`, otherwise the largest across series;
   * null when Prometheus has no data.
   */
  value: number | null;
}

/** One entity in `GET /summary`. */
export interface EntitySummary {
  entityRef: string;
  /** metadata.title, when the entity has one. */
  title?: string;
  /** Absent when the entity could not be summarized (see `error`). */
  instance?: string;
  selector?: string;
  /** The summary signals (config `prometheus.summary.signals`), in that order. */
  signals: SignalValue[];
  /** Firing first, then pending; each by name. */
  alerts: Alert[];
  /**
   * Why the entity has no (or partial) data, e.g. an invalid selector (400),
   * Prometheus down (503) or erring (502). Other entities are unaffected.
   */
  error?: { name: string; message: string; statusCode: number };
}

/** `GET /summary`: every entity with a selector that the caller may see. */
export interface SummaryResponse {
  /** By entityRef. */
  items: EntitySummary[];
  /** ISO 8601. */
  generatedAt: string;
}
