import {
  Deployment,
  DeploymentInput,
  DeploymentQuery,
  DeploymentsApi,
} from '@internal/plugin-deployments-common';
import { randomUUID } from 'node:crypto';
import { COURSE_SERVICE } from './fixtures';

/*
 * The deployment history is another plugin, reached over HTTP with a
 * plugin token; in tests this in-memory history stands in for it. It
 * answers like the deployments plugin does: newest first, paged by
 * `limit` and `cursor`, and `trusted=true` keeps only what a service or
 * the plugin itself recorded.
 */

export const SHA = 'c0ffee1234567890c0ffee1234567890c0ffee12';

/** The environments plugin, as the deployments plugin records its writes. */
export const ENVIRONMENTS_PLUGIN_RECORDER = 'service:plugin:environments';

let count = 0;

/** A deployment CI recorded (trusted): course-service 1.4.2 succeeded in staging. */
export function deployment(overrides: Partial<Deployment> = {}): Deployment {
  count += 1;
  return {
    id: `d-${count}`,
    entityRef: COURSE_SERVICE,
    environment: 'staging',
    version: '1.4.2',
    commitSha: SHA,
    status: 'succeeded',
    startedAt: '2026-01-10T10:00:00.000Z',
    finishedAt: '2026-01-10T10:05:00.000Z',
    triggeredBy: 'service:ci',
    source: 'ci',
    sourceId: `run-${count}`,
    recordedBy: 'service:ci-pipelines',
    trusted: true,
    createdAt: '2026-01-10T10:00:00.000Z',
    updatedAt: '2026-01-10T10:05:00.000Z',
    ...overrides,
  };
}

/** A deployment a person posted by hand: it never vouches for a version. */
export function handPosted(
  user: string,
  overrides: Partial<Deployment> = {},
): Deployment {
  return deployment({
    triggeredBy: user,
    recordedBy: user,
    trusted: false,
    source: 'manual',
    ...overrides,
  });
}

export interface FakeDeployments extends DeploymentsApi {
  history: Deployment[];
  listDeployments: jest.Mock<
    ReturnType<DeploymentsApi['listDeployments']>,
    [DeploymentQuery?]
  >;
  recordDeployments: jest.Mock<
    ReturnType<DeploymentsApi['recordDeployments']>,
    [DeploymentInput[]]
  >;
  getCurrentDeployments: jest.Mock;
  queryCurrentDeployments: jest.Mock;
  getDoraMetrics: jest.Mock;
  /** Starts over with `history`, forgetting every call. */
  reset(history?: Deployment[]): void;
}

function matches(d: Deployment, query: DeploymentQuery): boolean {
  return (
    (!query.entityRef || d.entityRef === query.entityRef) &&
    (!query.environment || d.environment === query.environment) &&
    (!query.status || d.status === query.status) &&
    (query.trusted !== true || d.trusted)
  );
}

/** What the history answers for one entity: its current versions. */
function currentOf(history: Deployment[], entityRef: string) {
  const latest = new Map<string, Deployment>();
  for (const d of history) {
    const current = latest.get(d.environment);
    if (
      d.entityRef === entityRef &&
      d.status === 'succeeded' &&
      (!current || d.startedAt > current.startedAt)
    ) {
      latest.set(d.environment, d);
    }
  }
  return {
    entityRef,
    items: [...latest.values()].map(d => ({
      environment: d.environment,
      version: d.version,
      deployedAt: d.finishedAt ?? d.startedAt,
      deployment: d,
    })),
  };
}

export function createFakeDeployments(): FakeDeployments {
  const fake: FakeDeployments = {
    history: [],
    listDeployments: jest.fn(),
    recordDeployments: jest.fn(),
    getCurrentDeployments: jest.fn(),
    queryCurrentDeployments: jest.fn(),
    getDoraMetrics: jest.fn(),
    reset(history = []) {
      fake.history = [...history];
      fake.listDeployments
        .mockReset()
        .mockImplementation(async (query: DeploymentQuery = {}) => {
          const all = fake.history
            .filter(d => matches(d, query))
            .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
          const offset = query.cursor ? Number(query.cursor) : 0;
          const limit = query.limit ?? 100;
          const items = all.slice(offset, offset + limit);
          return {
            items,
            ...(offset + limit < all.length && {
              nextCursor: String(offset + limit),
            }),
          };
        });
      fake.recordDeployments
        .mockReset()
        .mockImplementation(async (items: DeploymentInput[]) =>
          items.map(item => {
            const existing = fake.history.find(
              d => d.source === item.source && d.sourceId === item.sourceId,
            );
            const stored = deployment({
              ...item,
              id: existing?.id ?? randomUUID(),
              triggeredBy: item.triggeredBy!,
              recordedBy: existing?.recordedBy ?? ENVIRONMENTS_PLUGIN_RECORDER,
              trusted: true,
            });
            fake.history = [
              ...fake.history.filter(d => d !== existing),
              stored,
            ];
            return {
              deployment: stored,
              outcome: existing ? ('updated' as const) : ('created' as const),
            };
          }),
        );
      fake.getCurrentDeployments
        .mockReset()
        .mockImplementation(async (entityRef: string) =>
          currentOf(fake.history, entityRef),
        );
      fake.queryCurrentDeployments
        .mockReset()
        .mockImplementation(async (entityRefs: string[]) =>
          entityRefs.map(ref => currentOf(fake.history, ref)),
        );
      fake.getDoraMetrics.mockReset();
    },
  };
  fake.reset();
  return fake;
}
