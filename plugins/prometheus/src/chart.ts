import {
  Deployment,
  DeploymentStatus,
} from '@internal/plugin-deployments-common';
import { Point, Signal, SignalUnit } from '@internal/plugin-prometheus-common';

/** One line of a chart. */
export interface ChartSeries {
  key: string;
  label: string;
  points: Point[];
}

/** One chart: a signal, or the latency percentiles together. */
export interface ChartModel {
  id: string;
  title: string;
  unit: SignalUnit;
  series: ChartSeries[];
}

const LATENCY = /^latency_(p\d+)$/;

function labelsText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([name, value]) => `${name}="${value}"`)
    .join(', ');
}

function seriesOf(signal: Signal, fallbackLabel: string): ChartSeries[] {
  return signal.series.map((series, index) => {
    const text = labelsText(series.labels);
    const label = signal.series.length === 1 || !text ? fallbackLabel : text;
    return {
      key: `${signal.name}:${text || index}`,
      label:
        signal.series.length > 1 && !text ? `${label} ${index + 1}` : label,
      points: series.points,
    };
  });
}

/**
 * The charts of a signals response, in its order, except that the latency
 * percentiles (`latency_p50`, `latency_p95`, …) share one "Latency" chart
 * with one line each, so that p95 can be read against p50.
 */
export function toCharts(signals: Signal[]): ChartModel[] {
  const charts: ChartModel[] = [];
  let latency: ChartModel | undefined;
  for (const signal of signals) {
    const percentile = LATENCY.exec(signal.name)?.[1];
    if (percentile && (!latency || latency.unit === signal.unit)) {
      if (!latency) {
        latency = {
          id: 'latency',
          title: 'Latency',
          unit: signal.unit,
          series: [],
        };
        charts.push(latency);
      }
      latency.series.push(...seriesOf(signal, percentile));
      continue;
    }
    charts.push({
      id: signal.name,
      title: signal.title,
      unit: signal.unit,
      series: seriesOf(signal, signal.title),
    });
  }
  return charts;
}

/** Whether a chart has at least one number to draw. */
export function hasData(chart: ChartModel): boolean {
  return chart.series.some(s => s.points.some(([, v]) => v !== null));
}

/**
 * Round tick values from 0 up to at least `max`: steps of 1, 2, 2.5 or 5
 * times a power of ten, about `count` of them.
 */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step =
    [1, 2, 2.5, 5, 10].map(m => m * power).find(s => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let i = 0; ; i++) {
    // Rounded so that 0.1 + 0.2 reads 0.3.
    const tick = Number((i * step).toPrecision(12));
    ticks.push(tick);
    if (tick >= max) break;
  }
  return ticks;
}

/** The highest value of a chart, ignoring gaps. */
export function maxValue(chart: ChartModel): number {
  let max = 0;
  for (const series of chart.series) {
    for (const [, v] of series.points) {
      if (v !== null && v > max) max = v;
    }
  }
  return max;
}

/**
 * An SVG path of a series: gaps (null values) break the line rather than
 * drop to zero.
 */
export function linePath(
  points: Point[],
  x: (t: number) => number,
  y: (v: number) => number,
): string {
  let path = '';
  let pen = false;
  for (const [t, v] of points) {
    if (v === null) {
      pen = false;
      continue;
    }
    path += `${pen ? 'L' : 'M'}${x(t).toFixed(1)},${y(v).toFixed(1)}`;
    pen = true;
  }
  return path;
}

/** A deployment drawn on the charts. */
export interface DeploymentMarker {
  id: string;
  /** When the version went live, or failed: finishedAt, else startedAt. */
  t: number;
  version: string;
  environment: string;
  status: DeploymentStatus;
  /** Failed and rolled-back deployments stand out. */
  bad: boolean;
  url?: string;
}

/** The deployments inside [start, end], oldest first, as markers. */
export function toMarkers(
  deployments: Deployment[],
  start: number,
  end: number,
): DeploymentMarker[] {
  return deployments
    .map(d => ({
      id: d.id,
      t: Date.parse(d.finishedAt ?? d.startedAt),
      version: d.version,
      environment: d.environment,
      status: d.status,
      bad: d.status === 'failed' || d.status === 'rolled_back',
      url: d.url,
    }))
    .filter(m => Number.isFinite(m.t) && m.t >= start && m.t <= end)
    .sort((a, b) => a.t - b.t);
}

/** The point of a series nearest to `t`, if any has a value. */
export function nearestPoint(points: Point[], t: number): Point | undefined {
  let best: Point | undefined;
  for (const point of points) {
    if (point[1] === null) continue;
    if (!best || Math.abs(point[0] - t) < Math.abs(best[0] - t)) best = point;
  }
  return best;
}
