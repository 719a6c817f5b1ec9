import { weeklySeries, weeklyTrend } from './weeklySeries';

// Wednesday 2025-08-13 to Wednesday 2025-11-12: 14 weeks, the first (from
// Monday 2025-08-11) and the last (2025-11-10) cut by the window, 12 complete.
const window = {
  from: '2025-08-13T09:00:00.000Z',
  to: '2025-11-12T09:00:00.000Z',
};

function weeks(counts: number[]) {
  return weeklySeries(
    counts.map((count, index) => ({
      weekStart: new Date(Date.UTC(2025, 7, 11 + 7 * index))
        .toISOString()
        .slice(0, 10),
      count,
    })),
    window,
  );
}

describe('weeklySeries', () => {
  it('covers every week of the window and marks the cut ones', () => {
    const series = weeklySeries([], window);

    expect(series).toHaveLength(14);
    expect(series[0]).toEqual({
      weekStart: '2025-08-11',
      count: 0,
      complete: false,
    });
    expect(series[1].complete).toBe(true);
    expect(series[12]).toEqual({
      weekStart: '2025-11-03',
      count: 0,
      complete: true,
    });
    expect(series[13]).toEqual({
      weekStart: '2025-11-10',
      count: 0,
      complete: false,
    });
  });

  it('fills weeks without deployments with zero', () => {
    const series = weeklySeries(
      [
        { weekStart: '2025-08-18', count: 3 },
        { weekStart: '2025-09-01', count: 5 },
      ],
      window,
    );

    expect(series.slice(1, 4).map(week => week.count)).toEqual([3, 0, 5]);
  });
});

describe('weeklyTrend', () => {
  it('compares the last four complete weeks to the four before', () => {
    // The cut weeks at either end (99) must not count.
    const trend = weeklyTrend(
      weeks([99, 0, 0, 0, 0, 2, 2, 2, 2, 3, 3, 3, 3, 99]),
    );

    expect(trend).toEqual({
      previous: 8,
      recent: 12,
      direction: 'up',
      change: 0.5,
    });
  });

  it('reports a decline', () => {
    const trend = weeklyTrend(
      weeks([0, 0, 0, 0, 0, 5, 5, 5, 5, 1, 1, 1, 1, 0]),
    );

    expect(trend).toMatchObject({ previous: 20, recent: 4, direction: 'down' });
    expect(trend?.change).toBeCloseTo(-0.8);
  });

  it('has no ratio when there were no deployments before', () => {
    const trend = weeklyTrend(
      weeks([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]),
    );

    expect(trend).toEqual({
      previous: 0,
      recent: 1,
      direction: 'up',
      change: undefined,
    });
  });

  it('needs eight complete weeks', () => {
    const shortWindow = {
      from: '2025-09-17T09:00:00.000Z',
      to: '2025-11-12T09:00:00.000Z',
    };

    expect(weeklyTrend(weeklySeries([], shortWindow))).toBeUndefined();
  });
});
