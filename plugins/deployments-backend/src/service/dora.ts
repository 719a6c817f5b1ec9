import { DoraBand, DoraMetrics } from '@internal/plugin-deployments-common';
import { DateTime } from 'luxon';
import { DoraSample } from '../database/DeploymentStore';

/** A half-open time range [from, to). */
export interface DoraWindow {
  from: Date;
  to: Date;
}

const HOUR_SECONDS = 3600;
const DAY_SECONDS = 24 * HOUR_SECONDS;
const WEEK_SECONDS = 7 * DAY_SECONDS;
const MONTH_SECONDS = 30 * DAY_SECONDS;

type BandLimits = Record<Exclude<DoraBand, 'low'>, number>;
type DurationMetric = DoraMetrics['leadTimeForChanges'];

/** Band limits of the DORA 2023 report. */
const DEPLOYMENTS_PER_DAY_AT_LEAST: BandLimits = {
  elite: 1,
  high: 1 / 7,
  medium: 1 / 30,
};
const LEAD_TIME_SECONDS_BELOW: BandLimits = {
  elite: DAY_SECONDS,
  high: WEEK_SECONDS,
  medium: MONTH_SECONDS,
};
const CHANGE_FAILURE_RATE_AT_MOST: BandLimits = {
  elite: 0.05,
  high: 0.1,
  medium: 0.15,
};
const TIME_TO_RESTORE_SECONDS_BELOW: BandLimits = {
  elite: HOUR_SECONDS,
  high: DAY_SECONDS,
  medium: WEEK_SECONDS,
};

/**
 * The four DORA metrics of deployments to one environment. Frequency, lead
 * time and change failure rate count the samples that started in the
 * window; time to restore measures failures in the window, up to a success
 * that may come after it.
 */
export function computeDoraMetrics(
  samples: DoraSample[],
  window: DoraWindow,
): Omit<DoraMetrics, 'scope'> {
  const inWindow = samples.filter(sample => isInWindow(sample, window));
  return {
    deploymentFrequency: deploymentFrequency(inWindow, window),
    leadTimeForChanges: leadTimeForChanges(inWindow),
    changeFailureRate: changeFailureRate(inWindow),
    timeToRestore: timeToRestore(samples, window),
  };
}

/** Successful deployments in the window, per day, per week and per ISO week. */
export function deploymentFrequency(
  inWindow: DoraSample[],
  window: DoraWindow,
): DoraMetrics['deploymentFrequency'] {
  const successes = inWindow.filter(sample => sample.status === 'succeeded');
  const days =
    (window.to.getTime() - window.from.getTime()) / (DAY_SECONDS * 1000);
  const perDay = successes.length / days;
  return {
    perDay,
    perWeek: perDay * 7,
    band: successes.length
      ? bandOf(DEPLOYMENTS_PER_DAY_AT_LEAST, limit => perDay >= limit)
      : null,
    sampleSize: successes.length,
    weekly: weeklyCounts(successes, window),
  };
}

/** Median time from commit to the end of its successful deployment. */
export function leadTimeForChanges(inWindow: DoraSample[]): DurationMetric {
  const leadTimes = inWindow.flatMap(({ status, commitTime, finishedAt }) =>
    status === 'succeeded' && commitTime && finishedAt
      ? [secondsBetween(commitTime, finishedAt)]
      : [],
  );
  return durationMetric(leadTimes, LEAD_TIME_SECONDS_BELOW);
}

/** Failed or rolled back deployments over all that ended either way or well. */
export function changeFailureRate(
  inWindow: DoraSample[],
): DoraMetrics['changeFailureRate'] {
  const failures = inWindow.filter(isFailure).length;
  const sampleSize =
    failures + inWindow.filter(sample => sample.status === 'succeeded').length;
  if (sampleSize === 0) {
    return { ratio: null, band: null, sampleSize };
  }
  const ratio = failures / sampleSize;
  return {
    ratio,
    band: bandOf(CHANGE_FAILURE_RATE_AT_MOST, limit => ratio <= limit),
    sampleSize,
  };
}

/**
 * Median time from each failure in the window to the next success of the
 * same entity in the same environment; failures not followed by a success
 * are left out.
 */
export function timeToRestore(
  samples: DoraSample[],
  window: DoraWindow,
): DurationMetric {
  const restoreTimes: number[] = [];
  for (const timeline of timelines(samples)) {
    let nextSuccess: DoraSample | undefined;
    for (const sample of [...timeline].reverse()) {
      if (sample.status === 'succeeded') {
        nextSuccess = sample;
      } else if (
        isFailure(sample) &&
        nextSuccess &&
        isInWindow(sample, window)
      ) {
        // Overlapping deployments can end out of order; that is no time lost.
        restoreTimes.push(
          Math.max(0, secondsBetween(endOf(sample), endOf(nextSuccess))),
        );
      }
    }
  }
  return durationMetric(restoreTimes, TIME_TO_RESTORE_SECONDS_BELOW);
}

function durationMetric(seconds: number[], limits: BandLimits): DurationMetric {
  const medianSeconds = median(seconds);
  return {
    medianSeconds,
    band:
      medianSeconds === null
        ? null
        : bandOf(limits, limit => medianSeconds < limit),
    sampleSize: seconds.length,
  };
}

/** The best band whose limit the value meets; 'low' when it meets none. */
function bandOf(
  limits: BandLimits,
  meets: (limit: number) => boolean,
): DoraBand {
  const bands = ['elite', 'high', 'medium'] as const;
  return bands.find(band => meets(limits[band])) ?? 'low';
}

/** Counts per ISO week (Monday, UTC) of the window, empty weeks included. */
function weeklyCounts(
  successes: DoraSample[],
  window: DoraWindow,
): Array<{ weekStart: string; count: number }> {
  const counts = new Map<string, number>();
  const lastWeek = weekStartOf(new Date(window.to.getTime() - 1));
  for (
    let week = weekStartOf(window.from);
    week <= lastWeek;
    week = week.plus({ weeks: 1 })
  ) {
    counts.set(week.toISODate()!, 0);
  }
  for (const { startedAt } of successes) {
    const key = weekStartOf(startedAt).toISODate()!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([weekStart, count]) => ({ weekStart, count }));
}

function weekStartOf(date: Date): DateTime {
  return DateTime.fromJSDate(date, { zone: 'utc' }).startOf('week');
}

/** Samples per entity and environment, in the order they started. */
function timelines(samples: DoraSample[]): DoraSample[][] {
  const byKey = new Map<string, DoraSample[]>();
  for (const sample of samples) {
    const key = JSON.stringify([sample.entityRef, sample.environment]);
    const timeline = byKey.get(key) ?? [];
    timeline.push(sample);
    byKey.set(key, timeline);
  }
  return [...byKey.values()].map(timeline =>
    timeline.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime()),
  );
}

function median(values: number[]): number | null {
  if (values.length === 0) {
    return null;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

function isFailure(sample: DoraSample): boolean {
  return sample.status === 'failed' || sample.status === 'rolled_back';
}

function isInWindow(sample: DoraSample, window: DoraWindow): boolean {
  return sample.startedAt >= window.from && sample.startedAt < window.to;
}

/** When a deployment ended, or when it started if no end was reported. */
function endOf(sample: DoraSample): Date {
  return sample.finishedAt ?? sample.startedAt;
}

function secondsBetween(start: Date, end: Date): number {
  return (end.getTime() - start.getTime()) / 1000;
}
