import { argoCdSourceId, deploymentsOfApplication } from './mapping';
import {
  ArgoCdApplication,
  ArgoCdOperationState,
} from '@internal/argocd-client';

const SHA_1 = '1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const SHA_2 = '2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

const target = {
  instance: { name: 'prod', url: 'https://argocd.example.com' },
  entityRef: 'component:default/jobs-api',
  environment: 'production',
};

function application(
  status: NonNullable<ArgoCdApplication['status']>,
): ArgoCdApplication {
  return {
    metadata: { name: 'jobs-api', namespace: 'argocd' },
    spec: { project: 'jobs', destination: { namespace: 'jobs' } },
    status: {
      summary: { images: ['ghcr.io/acme/jobs-api:2.0.0'] },
      ...status,
    },
  };
}

const history = [
  {
    id: 1,
    revision: SHA_1,
    deployStartedAt: '2026-03-01T10:00:00Z',
    deployedAt: '2026-03-01T10:02:00Z',
  },
];

const operation = (
  overrides: Partial<ArgoCdOperationState>,
): ArgoCdOperationState => ({
  phase: 'Failed',
  message: 'one or more objects failed to apply',
  startedAt: '2026-03-02T09:00:00Z',
  finishedAt: '2026-03-02T09:01:00Z',
  operation: { sync: { revision: SHA_2 } },
  ...overrides,
});

describe('argoCdSourceId', () => {
  it('is the same whether or not the start time has milliseconds', () => {
    expect(argoCdSourceId('prod', 'app', '2026-03-01T10:00:00Z')).toBe(
      argoCdSourceId('prod', 'app', '2026-03-01T10:00:00.000Z'),
    );
  });
});

describe('deploymentsOfApplication', () => {
  it('records a failed operation, and keeps the running image on the last sync that succeeded', () => {
    const deployments = deploymentsOfApplication(
      application({ history, operationState: operation({}) }),
      target,
    );

    expect(deployments.map(d => [d.commitSha, d.status, d.version])).toEqual([
      [SHA_1, 'succeeded', '2.0.0'],
      [SHA_2, 'failed', SHA_2.slice(0, 7)],
    ]);
    expect(deployments[1]).toMatchObject({
      finishedAt: '2026-03-02T09:01:00.000Z',
      metadata: {
        phase: 'Failed',
        message: 'one or more objects failed to apply',
      },
    });
  });

  it('does not record an operation twice once it is in the history', () => {
    const deployments = deploymentsOfApplication(
      application({
        history,
        operationState: operation({
          phase: 'Succeeded',
          startedAt: '2026-03-01T10:00:00Z',
          operation: { sync: { revision: SHA_1 } },
        }),
      }),
      target,
    );

    expect(deployments).toHaveLength(1);
    expect(deployments[0].metadata).toMatchObject({ historyId: 1 });
  });

  it('ignores dry runs', () => {
    const deployments = deploymentsOfApplication(
      application({
        history,
        operationState: operation({
          phase: 'Succeeded',
          operation: { sync: { revision: SHA_2, dryRun: true } },
        }),
      }),
      target,
    );

    expect(deployments.map(d => d.commitSha)).toEqual([SHA_1]);
  });

  it('reads the first revision of multi-source apps and skips what is no git commit', () => {
    const deployments = deploymentsOfApplication(
      application({
        history: [
          {
            id: 1,
            revisions: [SHA_1, '1.4.0'],
            deployedAt: '2026-03-01T10:02:00Z',
          },
          // A Helm chart version.
          { id: 2, revision: '1.5.0', deployedAt: '2026-03-01T11:00:00Z' },
        ],
      }),
      target,
    );

    expect(deployments).toEqual([
      expect.objectContaining({
        commitSha: SHA_1,
        // Histories before ArgoCD 2.0 have no start: the sync's end stands in.
        startedAt: '2026-03-01T10:02:00.000Z',
        sourceId: 'prod/jobs-api/2026-03-01T10:02:00.000Z',
      }),
    ]);
  });
});
