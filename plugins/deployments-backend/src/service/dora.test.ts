import { DeploymentStatus } from '@internal/plugin-deployments-common';
import { DoraSample } from '../database/DeploymentStore';
import {
  changeFailureRate,
  computeDoraMetrics,
  deploymentFrequency,
  leadTimeForChanges,
  timeToRestore,
} from './dora';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Monday 2026-01-05, 00:00 UTC. */
const MONDAY = Date.UTC(2026, 0, 5);

/** A time the given number of seconds after MONDAY. */
function t(seconds: number): Date {
  return new Date(MONDAY + seconds * 1000);
}

function windowOfDays(days: number) {
  return { from: t(0), to: t(days * DAY) };
}

function sample(
  status: DeploymentStatus,
  startedAt: number,
  extra: {
    finishedAt?: number;
    commitTime?: number;
    entityRef?: string;
    environment?: string;
  } = {},
): DoraSample {
  const { finishedAt, commitTime, ...rest } = extra;
  return {
    entityRef: 'component:default/course-service',
    environment: 'production',
    status,
    startedAt: t(startedAt),
    ...(finishedAt !== undefined && { finishedAt: t(finishedAt) }),
    ...(commitTime !== undefined && { commitTime: t(commitTime) }),
    ...rest,
  };
}

function successes(count: number, every: number): DoraSample[] {
  return Array.from({ length: count }, (_, i) =>
    sample('succeeded', i * every),
  );
}

describe('computeDoraMetrics', () => {
  it('has no values or bands without deployments', () => {
    expect(computeDoraMetrics([], windowOfDays(14))).toEqual({
      deploymentFrequency: {
        perDay: 0,
        perWeek: 0,
        band: null,
        sampleSize: 0,
        weekly: [
          { weekStart: '2026-01-05', count: 0 },
          { weekStart: '2026-01-12', count: 0 },
        ],
      },
      leadTimeForChanges: { medianSeconds: null, band: null, sampleSize: 0 },
      changeFailureRate: { ratio: null, band: null, sampleSize: 0 },
      timeToRestore: { medianSeconds: null, band: null, sampleSize: 0 },
    });
  });

  it('counts only what started in [from, to) except the success restoring a failure', () => {
    const window = { from: t(DAY), to: t(2 * DAY) };
    const metrics = computeDoraMetrics(
      [
        sample('failed', DAY - 1),
        sample('succeeded', DAY, { commitTime: DAY - HOUR, finishedAt: DAY }),
        sample('failed', 2 * DAY - 10, { finishedAt: 2 * DAY - 5 }),
        sample('succeeded', 2 * DAY, { finishedAt: 2 * DAY + 25 * MINUTE }),
      ],
      window,
    );

    expect(metrics.deploymentFrequency).toMatchObject({
      perDay: 1,
      sampleSize: 1,
    });
    expect(metrics.leadTimeForChanges).toMatchObject({
      medianSeconds: HOUR,
      sampleSize: 1,
    });
    expect(metrics.changeFailureRate).toMatchObject({
      ratio: 0.5,
      sampleSize: 2,
    });
    expect(metrics.timeToRestore).toEqual({
      medianSeconds: 25 * MINUTE + 5,
      band: 'elite',
      sampleSize: 1,
    });
  });
});

describe('deploymentFrequency', () => {
  it.each`
    days  | count | band
    ${7}  | ${7}  | ${'elite'}
    ${7}  | ${1}  | ${'high'}
    ${30} | ${1}  | ${'medium'}
    ${31} | ${1}  | ${'low'}
  `('is $band for $count successes in $days days', ({ days, count, band }) => {
    const result = deploymentFrequency(
      successes(count, DAY / 2),
      windowOfDays(days),
    );
    expect(result.perDay).toBeCloseTo(count / days, 12);
    expect(result.perWeek).toBeCloseTo((count / days) * 7, 12);
    expect(result.band).toBe(band);
    expect(result.sampleSize).toBe(count);
  });

  it('counts only successes', () => {
    const result = deploymentFrequency(
      [
        sample('failed', 0),
        sample('cancelled', 1),
        sample('in_progress', 2),
        sample('succeeded', 3),
      ],
      windowOfDays(1),
    );
    expect(result).toMatchObject({ perDay: 1, sampleSize: 1 });
  });

  it('counts per ISO week of the window, empty weeks included', () => {
    // Wednesday 2026-01-07 to Monday 2026-01-26 00:00 (exclusive).
    const window = { from: t(2 * DAY), to: t(21 * DAY) };
    const result = deploymentFrequency(
      [
        sample('succeeded', 2 * DAY),
        sample('succeeded', 7 * DAY - 1),
        sample('succeeded', 20 * DAY),
      ],
      window,
    );
    expect(result.weekly).toEqual([
      { weekStart: '2026-01-05', count: 2 },
      { weekStart: '2026-01-12', count: 0 },
      { weekStart: '2026-01-19', count: 1 },
    ]);
  });
});

describe('leadTimeForChanges', () => {
  it('is the commit-to-finish time of a single success', () => {
    expect(
      leadTimeForChanges([
        sample('succeeded', 0, { commitTime: -2 * HOUR, finishedAt: HOUR }),
      ]),
    ).toEqual({ medianSeconds: 3 * HOUR, band: 'elite', sampleSize: 1 });
  });

  it('takes the mean of the middle two of an even count', () => {
    const result = leadTimeForChanges(
      [4, 1, 3, 2].map(days =>
        sample('succeeded', 0, { commitTime: -days * DAY, finishedAt: 0 }),
      ),
    );
    expect(result).toEqual({
      medianSeconds: 2.5 * DAY,
      band: 'high',
      sampleSize: 4,
    });
  });

  it('ignores failures and successes without a commit time or an end', () => {
    const result = leadTimeForChanges([
      sample('failed', 0, { commitTime: -HOUR, finishedAt: 0 }),
      sample('succeeded', 0, { finishedAt: 0 }),
      sample('succeeded', 0, { commitTime: -HOUR }),
      sample('succeeded', 0, { commitTime: -40 * DAY, finishedAt: 0 }),
    ]);
    expect(result).toEqual({
      medianSeconds: 40 * DAY,
      band: 'low',
      sampleSize: 1,
    });
  });

  it.each([
    [DAY - 1, 'elite'],
    [DAY, 'high'],
    [7 * DAY, 'medium'],
    [30 * DAY - 1, 'medium'],
    [30 * DAY, 'low'],
  ])('puts %p seconds in band %p', (seconds, band) => {
    const result = leadTimeForChanges([
      sample('succeeded', 0, { commitTime: -seconds, finishedAt: 0 }),
    ]);
    expect(result.band).toBe(band);
  });
});

describe('changeFailureRate', () => {
  it.each([
    [1, 19, 'elite'],
    [2, 18, 'high'],
    [3, 17, 'medium'],
    [4, 16, 'low'],
  ])(
    'with %p failures and %p successes is band %p',
    (failures, succeeded, band) => {
      const result = changeFailureRate([
        ...Array.from({ length: failures }, (_, i) =>
          sample(i % 2 ? 'rolled_back' : 'failed', i),
        ),
        ...successes(succeeded, 1),
      ]);
      expect(result).toEqual({ ratio: failures / 20, band, sampleSize: 20 });
    },
  );

  it('leaves out deployments that did not end in success or failure', () => {
    const result = changeFailureRate([
      sample('failed', 0),
      sample('cancelled', 1),
      sample('pending', 2),
      sample('in_progress', 3),
    ]);
    expect(result).toEqual({ ratio: 1, band: 'low', sampleSize: 1 });
  });
});

describe('timeToRestore', () => {
  const window = windowOfDays(30);

  it('measures each failure to the next success of the same entity and environment', () => {
    const result = timeToRestore(
      [
        sample('failed', 0, { finishedAt: 10 * MINUTE }),
        sample('rolled_back', HOUR),
        sample('succeeded', 3 * HOUR, { finishedAt: 4 * HOUR }),
        sample('succeeded', 0, {
          finishedAt: 5 * MINUTE,
          environment: 'staging',
        }),
        sample('succeeded', 0, {
          finishedAt: 5 * MINUTE,
          entityRef: 'component:default/other',
        }),
      ],
      window,
    );
    // From the first failure's end (3h50m) and the second's start (3h): 3h25m.
    expect(result).toEqual({
      medianSeconds: 3 * HOUR + 25 * MINUTE,
      band: 'high',
      sampleSize: 2,
    });
  });

  it('leaves out failures that were never followed by a success', () => {
    const result = timeToRestore(
      [
        sample('failed', 0, { finishedAt: MINUTE }),
        sample('succeeded', 0, { finishedAt: 31 * MINUTE }),
        sample('failed', DAY),
        sample('cancelled', 2 * DAY),
      ],
      window,
    );
    expect(result).toEqual({
      medianSeconds: 30 * MINUTE,
      band: 'elite',
      sampleSize: 1,
    });
  });

  it('measures failures of the window only, up to a success after it', () => {
    const result = timeToRestore(
      [
        sample('failed', -DAY),
        sample('succeeded', -HOUR, { finishedAt: -HOUR }),
        sample('failed', 30 * DAY - HOUR),
        sample('succeeded', 31 * DAY, { finishedAt: 31 * DAY }),
      ],
      window,
    );
    expect(result).toEqual({
      medianSeconds: DAY + HOUR,
      band: 'medium',
      sampleSize: 1,
    });
  });

  it('counts a success that ended before the failure as no time', () => {
    const result = timeToRestore(
      [
        sample('failed', 0, { finishedAt: HOUR }),
        sample('succeeded', MINUTE, { finishedAt: 2 * MINUTE }),
      ],
      window,
    );
    expect(result).toMatchObject({ medianSeconds: 0, band: 'elite' });
  });

  it.each([
    [HOUR - 1, 'elite'],
    [HOUR, 'high'],
    [DAY, 'medium'],
    [7 * DAY, 'low'],
  ])('puts %p seconds in band %p', (seconds, band) => {
    const result = timeToRestore(
      [sample('failed', 0), sample('succeeded', 1, { finishedAt: seconds })],
      window,
    );
    expect(result.band).toBe(band);
  });
});
