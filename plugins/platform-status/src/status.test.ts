import {
  badness,
  overallStatus,
  readinessOf,
  ServiceStatus,
  sortWorstFirst,
  summarizeAlerts,
  worstArgo,
} from './status';
import { aDeployment, anAlert } from './__testUtils__/fixtures';

function aStatus(overrides: Partial<ServiceStatus> = {}): ServiceStatus {
  return {
    entityRef: `component:default/${overrides.name ?? 'a'}`,
    name: 'a',
    argo: { state: 'ok', value: { sync: 'Synced', health: 'Healthy' } },
    kubernetes: { state: 'ok', value: { ready: 2, desired: 2 } },
    alerts: { state: 'ok', value: summarizeAlerts([]) },
    errorRatio: { state: 'ok', value: 0.001 },
    lastDeployment: { state: 'ok', value: aDeployment() },
    ...overrides,
  };
}

describe('summarizeAlerts', () => {
  it('counts firing and pending and finds the worst firing severity', () => {
    expect(
      summarizeAlerts([
        anAlert('Slow', 'warning'),
        anAlert('Down', 'critical'),
        anAlert('Later', 'critical', 'pending'),
      ]),
    ).toEqual({
      firing: 2,
      pending: 1,
      worstSeverity: 'critical',
      names: ['Slow', 'Down'],
    });
  });
});

describe('worstArgo', () => {
  it('takes the worst sync and health over instances', () => {
    expect(
      worstArgo([
        { sync: 'Synced', health: 'Healthy' },
        { sync: 'OutOfSync', health: 'Degraded' },
      ]),
    ).toEqual({ sync: 'OutOfSync', health: 'Degraded' });
    expect(worstArgo([])).toEqual({ sync: 'Unknown', health: 'Missing' });
  });
});

describe('readinessOf', () => {
  it('sums ready over desired replicas of deployments', () => {
    expect(
      readinessOf([
        {
          type: 'deployments',
          resources: [
            { spec: { replicas: 3 }, status: { readyReplicas: 2 } },
            { spec: { replicas: 1 }, status: {} },
          ],
        },
        { type: 'pods', resources: [{}, {}] },
      ]),
    ).toEqual({ ready: 2, desired: 4 });
  });

  it('falls back to ready pods, and knows when there is nothing', () => {
    const pod = (ready: string) => ({
      status: { conditions: [{ type: 'Ready', status: ready }] },
    });
    expect(
      readinessOf([{ type: 'pods', resources: [pod('True'), pod('False')] }]),
    ).toEqual({ ready: 1, desired: 2 });
    expect(
      readinessOf([{ type: 'services', resources: [{}] }]),
    ).toBeUndefined();
  });
});

describe('badness and sorting', () => {
  it('is 0 for a healthy service and grows with each problem', () => {
    expect(badness(aStatus())).toBe(0);
    expect(overallStatus(badness(aStatus()))).toBe('healthy');
    const firing = aStatus({
      alerts: {
        state: 'ok',
        value: summarizeAlerts([anAlert('Down', 'critical')]),
      },
    });
    expect(overallStatus(badness(firing))).toBe('critical');
    const drifting = aStatus({
      argo: { state: 'ok', value: { sync: 'OutOfSync', health: 'Healthy' } },
    });
    expect(overallStatus(badness(drifting))).toBe('warning');
    const notReady = aStatus({
      kubernetes: { state: 'ok', value: { ready: 0, desired: 2 } },
    });
    expect(overallStatus(badness(notReady))).toBe('critical');
    const erroring = aStatus({ errorRatio: { state: 'ok', value: 0.2 } });
    expect(overallStatus(badness(erroring))).toBe('critical');
    const failed = aStatus({
      lastDeployment: { state: 'ok', value: aDeployment({ status: 'failed' }) },
    });
    expect(overallStatus(badness(failed))).toBe('warning');
    const unknown = aStatus({ argo: { state: 'error', message: 'down' } });
    expect(badness(unknown)).toBeGreaterThan(0);
    expect(overallStatus(badness(unknown))).toBe('healthy');
    expect(badness(aStatus({ argo: { state: 'absent' } }))).toBe(0);
  });

  it('puts the worst first, ties by name', () => {
    const services = [
      aStatus({ name: 'b' }),
      aStatus({ name: 'a' }),
      aStatus({ name: 'c', errorRatio: { state: 'ok', value: 0.02 } }),
      aStatus({
        name: 'd',
        alerts: {
          state: 'ok',
          value: summarizeAlerts([anAlert('Down', 'critical')]),
        },
      }),
    ];
    expect(sortWorstFirst(services).map(s => s.name)).toEqual([
      'd',
      'c',
      'a',
      'b',
    ]);
  });
});
