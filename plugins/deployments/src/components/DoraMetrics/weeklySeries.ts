import { DoraMetrics } from '@internal/plugin-deployments-common';
import { DateTime } from 'luxon';

/** Successful deployments in one ISO week (Monday, UTC). */
export interface WeekCount {
  /** The Monday, as YYYY-MM-DD. */
  weekStart: string;
  count: number;
  /** Whether the whole week lies inside the reporting window. */
  complete: boolean;
}

/** The last 4 complete weeks against the 4 before them. */
export interface WeeklyTrend {
  recent: number;
  previous: number;
  direction: 'up' | 'down' | 'flat';
  /** recent / previous - 1; undefined when there were none before. */
  change?: number;
}

/** Weeks compared on each side of a trend. */
export const TREND_WEEKS = 4;

type Weekly = DoraMetrics['deploymentFrequency']['weekly'];

/**
 * Every week of the window, oldest first, with zero for weeks the backend
 * left out. The first and last weeks are usually cut by the window.
 */
export function weeklySeries(
  weekly: Weekly,
  window: { from: string; to: string },
): WeekCount[] {
  const counts = new Map(weekly.map(week => [week.weekStart, week.count]));
  const from = DateTime.fromISO(window.from, { zone: 'utc' });
  const to = DateTime.fromISO(window.to, { zone: 'utc' });
  const series: WeekCount[] = [];
  for (
    let weekStart = from.startOf('week');
    weekStart < to;
    weekStart = weekStart.plus({ weeks: 1 })
  ) {
    const key = weekStart.toISODate()!;
    series.push({
      weekStart: key,
      count: counts.get(key) ?? 0,
      complete: weekStart >= from && weekStart.plus({ weeks: 1 }) <= to,
    });
  }
  return series;
}

function sum(weeks: WeekCount[]): number {
  return weeks.reduce((total, week) => total + week.count, 0);
}

/**
 * Compares complete weeks only: the week under way would always look like a
 * drop. Undefined without enough history for both sides.
 */
export function weeklyTrend(series: WeekCount[]): WeeklyTrend | undefined {
  const complete = series.filter(week => week.complete);
  if (complete.length < 2 * TREND_WEEKS) {
    return undefined;
  }
  const previous = sum(complete.slice(-2 * TREND_WEEKS, -TREND_WEEKS));
  const recent = sum(complete.slice(-TREND_WEEKS));
  let direction: WeeklyTrend['direction'] = 'flat';
  if (recent > previous) {
    direction = 'up';
  } else if (recent < previous) {
    direction = 'down';
  }
  return {
    recent,
    previous,
    direction,
    change: previous > 0 ? recent / previous - 1 : undefined,
  };
}
