import {
  linePath,
  nearestPoint,
  niceTicks,
  toCharts,
  toMarkers,
} from './chart';
import { aDeployment, someSignals, START, END } from './__testUtils__/fixtures';
import { alertSeverityTone, formatSignalValue } from './format';

describe('toCharts', () => {
  it('puts the latency percentiles on one chart, the rest one each', () => {
    const charts = toCharts(someSignals());
    expect(charts.map(c => c.title)).toEqual([
      'Request rate',
      'Error ratio',
      'Latency',
      'CPU',
      'Memory',
    ]);
    expect(charts[2].series.map(s => s.label)).toEqual(['p50', 'p95', 'p99']);
  });

  it('labels several series of one signal by their labels', () => {
    const [chart] = toCharts([
      {
        name: 'cpu',
        title: 'CPU',
        unit: 'cores',
        series: [
          { labels: { pod: 'a' }, points: [] },
          { labels: { pod: 'b' }, points: [] },
        ],
      },
    ]);
    expect(chart.series.map(s => s.label)).toEqual(['pod="a"', 'pod="b"']);
  });
});

describe('niceTicks', () => {
  it.each([
    [0.9, [0, 0.25, 0.5, 0.75, 1]],
    [14, [0, 5, 10, 15]],
    [0.05, [0, 0.02, 0.04, 0.06]],
    [0, [0, 1]],
  ])('covers %s with round steps', (max, ticks) => {
    expect(niceTicks(max)).toEqual(ticks);
  });
});

describe('linePath', () => {
  it('breaks the line at gaps', () => {
    expect(
      linePath(
        [
          [0, 1],
          [1, 2],
          [2, null],
          [3, 4],
        ],
        t => t * 10,
        v => v,
      ),
    ).toBe('M0.0,1.0L10.0,2.0M30.0,4.0');
  });
});

describe('toMarkers', () => {
  it('keeps deployments in the window, oldest first, and flags the bad ones', () => {
    const markers = toMarkers(
      [
        aDeployment({
          id: 'late',
          status: 'failed',
          finishedAt: new Date(END - 1000).toISOString(),
        }),
        aDeployment({ id: 'ok' }),
        aDeployment({
          id: 'before',
          finishedAt: new Date(START - 1).toISOString(),
        }),
        aDeployment({
          id: 'running',
          status: 'in_progress',
          startedAt: new Date(START + 1000).toISOString(),
          finishedAt: undefined,
        }),
      ],
      START,
      END,
    );
    expect(markers.map(m => [m.id, m.bad])).toEqual([
      ['running', false],
      ['ok', false],
      ['late', true],
    ]);
  });
});

describe('nearestPoint', () => {
  it('skips gaps', () => {
    expect(
      nearestPoint(
        [
          [0, 1],
          [10, null],
          [20, 3],
        ],
        11,
      ),
    ).toEqual([20, 3]);
  });
});

describe('formatSignalValue', () => {
  it.each([
    [12.345, 'reqps', '12.3 req/s'],
    [0.0042, 'ratio', '0.42%'],
    [0.12, 'seconds', '120 ms'],
    [2.5, 'seconds', '2.5 s'],
    [256 * 1024 * 1024, 'bytes', '256 MiB'],
    [0.25, 'cores', '0.25 cores'],
    [null, 'reqps', 'no data'],
    [3, 'widgets', '3 widgets'],
  ])('formats %s %s as %s', (value, unit, text) => {
    expect(formatSignalValue(value as number | null, unit)).toBe(text);
  });

  it('colours severities', () => {
    expect(alertSeverityTone('critical')).toBe('error');
    expect(alertSeverityTone('warning')).toBe('warning');
    expect(alertSeverityTone(undefined)).toBe('neutral');
  });
});
