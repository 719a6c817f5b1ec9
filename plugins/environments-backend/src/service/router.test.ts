import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import {
  Deployment,
  DeploymentInput,
  DeploymentQuery,
  DeploymentsApi,
} from '@internal/plugin-deployments-common';
import {
  createDemoWorld,
  DemoWorld,
  RunningDouble,
  startArgoCdDouble,
} from '@internal/local-doubles';
import { MASKED_SECRET_VALUE } from '@internal/plugin-environments-common';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { environmentsPlugin } from '../plugin';

// The deployment history is another plugin, reached over HTTP with a
// plugin token; here an in-memory history stands in for it.
const mockDeployments = {
  history: [] as Deployment[],
  getCurrentDeployments: jest.fn(),
  queryCurrentDeployments: jest.fn(),
  listDeployments: jest.fn(),
  recordDeployments: jest.fn(),
  getDoraMetrics: jest.fn(),
};
jest.mock('../deployments/pluginDeploymentsClient', () => ({
  pluginDeploymentsClient: (): DeploymentsApi => mockDeployments,
}));

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const LEARNING_TEAM = 'group:default/learning-team';
const PAYMENTS_TEAM = 'group:default/payments-team';
const COURSE_SERVICE = 'component:default/course-service';
const QUIZ_SERVICE = 'component:default/quiz-service';
const PIPELINE_ENGINE = 'component:default/pipeline-engine';

const USER = mockCredentials.user.header('user:default/jane.doe');

const SECRET = 'pa55-w0rd-that-must-never-leak';
const SECRETS_KEY = randomBytes(32).toString('base64');
const SHA = 'c0ffee1234567890c0ffee1234567890c0ffee12';

function environmentEntity(
  name: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'environment', owner: 'platform-team' },
  };
}

function component(
  name: string,
  owner: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}

function group(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
  };
}

const entities: Entity[] = [
  // Listed out of tier order on purpose.
  environmentEntity('production', { 'environments.portal/tier': 'production' }),
  environmentEntity('development', {
    'environments.portal/tier': 'development',
    'environments.portal/kubernetes-cluster': 'local',
    'environments.portal/kubernetes-namespace': 'dev',
    'environments.portal/argocd-project': 'sandbox',
    'environments.portal/argocd-destination-namespace': 'sandbox',
  }),
  environmentEntity('staging', {
    'environments.portal/tier': 'staging',
    'environments.portal/argocd-project': 'learning',
    'environments.portal/argocd-destination-namespace': 'learning',
  }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'course-db', namespace: 'default' },
    spec: { type: 'database', owner: 'learning-team' },
  },
  component('course-service', LEARNING_TEAM, {
    'argocd/app-name': 'course-service',
  }),
  component('quiz-service', LEARNING_TEAM),
  component('pipeline-engine', PAYMENTS_TEAM, {
    'argocd/app-name': 'pipeline-engine',
  }),
  group('learning-team'),
  group('payments-team'),
  group('platform-team'),
];

let deploymentCount = 0;
function deployment(overrides: Partial<Deployment> = {}): Deployment {
  deploymentCount += 1;
  return {
    id: `d-${deploymentCount}`,
    entityRef: COURSE_SERVICE,
    environment: 'staging',
    version: '1.4.2',
    commitSha: SHA,
    status: 'succeeded',
    startedAt: '2026-01-10T10:00:00.000Z',
    finishedAt: '2026-01-10T10:05:00.000Z',
    triggeredBy: 'service:ci',
    recordedBy: 'service:ci',
    trusted: true,
    source: 'ci',
    sourceId: `run-${deploymentCount}`,
    createdAt: '2026-01-10T10:00:00.000Z',
    updatedAt: '2026-01-10T10:05:00.000Z',
    ...overrides,
  };
}

/** What the deployment history answers for one entity: its current versions. */
function currentOf(entityRef: string) {
  const latest = new Map<string, Deployment>();
  for (const d of mockDeployments.history) {
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

function resetDeployments(history: Deployment[] = []) {
  mockDeployments.history = [...history];
  mockDeployments.getCurrentDeployments
    .mockReset()
    .mockImplementation(async (entityRef: string) => currentOf(entityRef));
  mockDeployments.queryCurrentDeployments
    .mockReset()
    .mockImplementation(async (entityRefs: string[]) =>
      entityRefs.map(currentOf),
    );
  mockDeployments.listDeployments
    .mockReset()
    .mockImplementation(async (query: DeploymentQuery = {}) => ({
      items: mockDeployments.history
        .filter(
          d =>
            (!query.entityRef || d.entityRef === query.entityRef) &&
            (!query.environment || d.environment === query.environment) &&
            (!query.status || d.status === query.status),
        )
        .sort((a, b) => b.startedAt.localeCompare(a.startedAt)),
    }));
  mockDeployments.recordDeployments
    .mockReset()
    .mockImplementation(async (items: DeploymentInput[]) =>
      items.map(item => {
        const existing = mockDeployments.history.find(
          d => d.source === item.source && d.sourceId === item.sourceId,
        );
        const stored = deployment({
          ...item,
          id: existing?.id ?? randomUUID(),
          triggeredBy: item.triggeredBy!,
        });
        mockDeployments.history = [
          ...mockDeployments.history.filter(d => d !== existing),
          stored,
        ];
        return {
          deployment: stored,
          outcome: existing ? 'updated' : 'created',
        };
      }),
    );
}

/** A weekly window in UTC that is in force now: from an hour ago to an hour from now. */
function freezeWindowAroundNow(environment: string, reason: string) {
  const weekly = (at: DateTime) => ({
    day: at.toFormat('cccc').toLocaleLowerCase('en-US'),
    time: at.toFormat('HH:mm'),
  });
  const now = DateTime.utc();
  return {
    environment,
    reason,
    timeZone: 'UTC',
    start: weekly(now.minus({ hours: 1 })),
    end: weekly(now.plus({ hours: 1 })),
  };
}

/** Records every log line, of every child logger. */
function recordingLogger(lines: string[]): LoggerService {
  const logger: LoggerService = {
    child: () => logger,
    debug: (message, meta) => void lines.push(JSON.stringify([message, meta])),
    info: (message, meta) => void lines.push(JSON.stringify([message, meta])),
    warn: (message, meta) => void lines.push(JSON.stringify([message, meta])),
    error: (message, meta) =>
      void lines.push(JSON.stringify([message, String(meta)])),
  };
  return logger;
}

type Decide = (permission: string, resourceRef?: string) => AuthorizeResult;

describe('environments API', () => {
  let world: DemoWorld;
  let argocd: RunningDouble;

  beforeAll(async () => {
    world = createDemoWorld({ syncDurationMs: 50 });
    argocd = await startArgoCdDouble({
      port: 0,
      world,
      username: 'admin',
      password: 'pw',
    });
  });

  afterAll(async () => {
    world.close();
    await argocd.close();
  });

  beforeEach(() => resetDeployments());

  async function startBackend(
    databaseId: TestDatabaseId,
    options: { config?: JsonObject; decide?: Decide } = {},
  ) {
    const { decide = () => AuthorizeResult.ALLOW } = options;
    const knex = await databases.init(databaseId);
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        (requests as EvaluatePermissionRequest[]).map(r => ({
          result: decide(r.permission.name, r.resourceRef) as
            | AuthorizeResult.ALLOW
            | AuthorizeResult.DENY,
        })),
    });
    const auditor = mockServices.auditor.mock();
    const logLines: string[] = [];
    const { server } = await startTestBackend({
      features: [
        environmentsPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            argocd: {
              appLocatorMethods: [
                {
                  type: 'config',
                  instances: [
                    {
                      name: 'local-double',
                      url: argocd.url,
                      username: 'admin',
                      password: 'pw',
                    },
                  ],
                },
              ],
            },
            environments: {
              secretsKey: SECRETS_KEY,
              // The secrets test promotes to production: that needs a mapping.
              argocd: {
                targets: {
                  production: {
                    instance: 'local-double',
                    projects: ['learning', 'jobs', 'platform'],
                  },
                },
              },
              previews: {
                provider: 'argocd',
                argocd: { applicationName: '{{name}}' },
              },
              freezeWindows: [
                {
                  environment: 'legacy',
                  reason: 'Listed only',
                  timeZone: 'Europe/Berlin',
                  start: { day: 'friday', time: '16:00' },
                  end: { day: 'monday', time: '08:00' },
                },
              ],
            },
            ...options.config,
          },
        }),
        permissions.factory,
        auditor.factory,
        createServiceFactory({
          service: coreServices.logger,
          deps: {},
          factory: () => recordingLogger(logLines),
        }),
        catalogServiceMock.factory({ entities }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send: jest.fn(async () => {}) }),
        }),
      ],
    });
    const api = request(server);
    const base = '/api/environments';
    const bodies: string[] = [];
    const record = async (pending: request.Test) => {
      const response = await pending;
      bodies.push(response.text ?? '');
      return response;
    };
    return {
      knex,
      auditor,
      permissions,
      logLines,
      /** The raw text of every response this backend gave. */
      bodies,
      get: (
        path: string,
        query: Record<string, string | number> = {},
        auth = USER,
      ) =>
        record(
          api.get(`${base}${path}`).query(query).set('Authorization', auth),
        ),
      post: (path: string, body: unknown, auth = USER) =>
        record(
          api
            .post(`${base}${path}`)
            .set('Authorization', auth)
            .send(body as object),
        ),
      put: (path: string, body: unknown, auth = USER) =>
        record(
          api
            .put(`${base}${path}`)
            .set('Authorization', auth)
            .send(body as object),
        ),
      del: (path: string, auth = USER) =>
        record(api.delete(`${base}${path}`).set('Authorization', auth)),
      anonymous: (path: string) =>
        api
          .get(`${base}${path}`)
          .set('Authorization', mockCredentials.none.header()),
    };
  }

  type Backend = Awaited<ReturnType<typeof startBackend>>;

  /** Waits until the double's running sync of `app` (if any) finished. */
  async function waitForSync(app: string) {
    for (let i = 0; i < 100; i++) {
      const phase = world.getApplication(app)?.status.operationState?.phase;
      if (phase !== 'Running') return;
      await new Promise(resolve => setTimeout(resolve, 20));
    }
  }

  async function auditActions(knex: Knex): Promise<string[]> {
    return knex('environment_audit').orderBy('created_at').pluck('action');
  }

  async function createPreview(
    backend: Backend,
    overrides: Record<string, unknown> = {},
    auth = USER,
  ) {
    return backend.post(
      '/environments',
      {
        name: 'pr-123',
        tier: 'preview',
        ttl: 'PT72H',
        service: 'course-service',
        owner: 'learning-team',
        ...overrides,
      },
      auth,
    );
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    describe('GET /environments', () => {
      it('lists catalog environments by tier, then previews, with their lock state', async () => {
        const backend = await startBackend(databaseId);
        await createPreview(backend);
        await backend.post('/locks', {
          environment: 'staging',
          reason: 'Load test running',
        });

        const response = await backend.get('/environments');

        expect(response.status).toBe(200);
        expect(
          response.body.items.map((e: { name: string }) => e.name),
        ).toEqual(['development', 'staging', 'production', 'pr-123']);
        const [development, staging, production, preview] = response.body.items;
        expect(development).toEqual({
          name: 'development',
          tier: 'development',
          owner: 'group:default/platform-team',
          status: 'active',
          locked: false,
          kubernetes: { cluster: 'local', namespace: 'dev' },
          argocd: { project: 'sandbox', destinationNamespace: 'sandbox' },
          entityRef: 'resource:default/development',
          origin: 'catalog',
        });
        expect(staging).toMatchObject({
          locked: true,
          lock: { reason: 'Load test running', source: 'lock' },
        });
        expect(production).toMatchObject({ tier: 'production', locked: false });
        expect(production).not.toHaveProperty('lock');
        expect(preview).toEqual({
          name: 'pr-123',
          tier: 'preview',
          owner: LEARNING_TEAM,
          status: 'active',
          expiresAt: expect.any(String),
          locked: false,
          origin: 'preview',
          service: COURSE_SERVICE,
          createdBy: 'user:default/jane.doe',
          createdAt: expect.any(String),
        });
      });

      it('shows a freeze window in force as a lock with its end', async () => {
        const window = freezeWindowAroundNow('production', 'Quarter close');
        const backend = await startBackend(databaseId, {
          config: {
            environments: { secretsKey: SECRETS_KEY, freezeWindows: [window] },
          },
        });

        const response = await backend.get('/environments');

        const production = response.body.items.find(
          (e: { name: string }) => e.name === 'production',
        );
        expect(production.lock).toEqual({
          reason: 'Quarter close',
          source: 'freeze-window',
          until: expect.any(String),
        });
        const until = new Date(production.lock.until).getTime();
        expect(until - Date.now()).toBeGreaterThan(55 * 60_000);
        expect(until - Date.now()).toBeLessThanOrEqual(61 * 60_000);
      });

      it.each([
        '/environments',
        '/environments/staging/config',
        '/config-diff?from=staging&to=production',
        '/matrix',
        '/locks',
        '/freeze-windows',
        '/promotions',
        '/audit',
      ])('refuses anonymous callers of %s', async path => {
        const backend = await startBackend(databaseId);
        expect((await backend.anonymous(path)).status).toBe(401);
      });
    });

    // Config and previews have their own files (router.config.test.ts,
    // router.previews.test.ts); this reads every endpoint.
    describe('secrets', () => {
      it('never returns, logs or audits a secret, from any endpoint', async () => {
        const backend = await startBackend(databaseId);
        await waitForSync('course-service');
        resetDeployments([
          deployment({ environment: 'staging' }),
          deployment({ environment: 'production', version: '1.4.1' }),
        ]);
        await backend.put('/environments/staging/config/DB_PASSWORD', {
          value: SECRET,
          secret: true,
        });
        await backend.put('/environments/production/config/DB_PASSWORD', {
          value: SECRET,
          secret: true,
        });
        await backend.put('/environments/staging/config/LOG_LEVEL', {
          value: 'visible-value',
        });
        await createPreview(backend);
        await backend.put('/environments/pr-123/config/API_TOKEN', {
          value: SECRET,
          secret: true,
        });
        await backend.post('/environments/pr-123/extend', { ttl: 'PT1H' });
        const promoted = await backend.post('/promotions', {
          entityRef: COURSE_SERVICE,
          version: '1.4.2',
          fromEnvironment: 'staging',
          toEnvironment: 'production',
        });
        const lock = await backend.post('/locks', {
          environment: 'production',
          reason: 'Hold',
        });
        await backend.post(
          '/freeze-windows',
          freezeWindowAroundNow('development', 'Demo'),
        );

        const reads = [
          await backend.get('/environments'),
          await backend.get('/environments/staging/config'),
          await backend.get('/environments/pr-123/config'),
          await backend.get('/config-diff', {
            from: 'staging',
            to: 'production',
          }),
          await backend.get('/matrix'),
          await backend.get('/locks'),
          await backend.get('/freeze-windows'),
          await backend.get('/promotions'),
          await backend.get('/audit'),
        ];
        await backend.del(`/locks/${lock.body.id}`);
        await backend.del('/environments/staging/config/DB_PASSWORD');
        await backend.del('/environments/pr-123');

        expect(promoted.status).toBe(201);
        expect(reads.map(r => r.status)).toEqual(Array(reads.length).fill(200));
        expect(backend.bodies).toHaveLength(21);
        // The scan sees response bodies: the plain value shows up in them.
        expect(
          backend.bodies.some(body => body.includes('visible-value')),
        ).toBe(true);
        for (const body of backend.bodies) {
          expect(body).not.toContain(SECRET);
        }
        expect(reads[3].body.items).toContainEqual({
          key: 'DB_PASSWORD',
          from: { value: MASKED_SECRET_VALUE, secret: true },
          to: { value: MASKED_SECRET_VALUE, secret: true },
          status: 'same',
        });
        const auditorEvents = backend.auditor.createEvent.mock.calls.map(
          ([event]) => ({ eventId: event.eventId, meta: event.meta }),
        );
        expect(auditorEvents.length).toBeGreaterThan(10);
        expect(JSON.stringify(auditorEvents)).not.toContain(SECRET);
        expect(backend.logLines.join('\n')).not.toContain(SECRET);
        const audit = await backend.knex('environment_audit').select('*');
        expect(JSON.stringify(audit)).not.toContain(SECRET);
        const config = await backend.knex('environment_config').select('*');
        expect(JSON.stringify(config)).not.toContain(SECRET);
        await waitForSync('course-service');
      });
    });

    describe('GET /matrix', () => {
      function runningTag(app: string): string {
        const image = world.getApplication(app)!.status.summary.images![0];
        return image.split(':').pop()!;
      }

      it('shows current versions by environment in tier order, with drift', async () => {
        const backend = await startBackend(databaseId);
        await createPreview(backend);
        const courseTag = runningTag('course-service');
        resetDeployments([
          // ArgoCD runs course-service at courseTag; staging is its
          // environment by annotations, so a different version is drift.
          deployment({ environment: 'staging', version: '2.0.0' }),
          deployment({ environment: 'development', version: '2.1.0' }),
          deployment({ environment: 'production', version: courseTag }),
          deployment({
            environment: 'production',
            version: '1.0.0',
            startedAt: '2025-01-01T00:00:00.000Z',
          }),
          deployment({ environment: 'test', version: '2.1.0' }),
          // pipeline-engine is OutOfSync; production declares no ArgoCD
          // annotations, so drift counts only as ArgoCD reported it.
          deployment({
            entityRef: PIPELINE_ENGINE,
            environment: 'production',
            version: runningTag('pipeline-engine'),
            source: 'argocd',
            metadata: { instance: 'local-double', app: 'pipeline-engine' },
          }),
          deployment({
            entityRef: PIPELINE_ENGINE,
            environment: 'staging',
            version: '0.9.0',
          }),
          deployment({
            entityRef: QUIZ_SERVICE,
            environment: 'staging',
            version: '3.0.0',
          }),
          deployment({
            entityRef: QUIZ_SERVICE,
            environment: 'production',
            status: 'failed',
          }),
        ]);

        const response = await backend.get('/matrix');

        expect(response.status).toBe(200);
        expect(response.body.environments).toEqual([
          'development',
          'staging',
          'production',
          'pr-123',
          'test',
        ]);
        const cell = (version: string, extra: object = {}) => ({
          version,
          deployedAt: '2026-01-10T10:05:00.000Z',
          status: 'succeeded',
          drift: false,
          ...extra,
        });
        expect(response.body.rows).toEqual([
          {
            entityRef: COURSE_SERVICE,
            versions: {
              development: cell('2.1.0'),
              staging: cell('2.0.0', {
                drift: true,
                driftReason: 'image-mismatch',
              }),
              production: cell(courseTag),
              test: cell('2.1.0'),
            },
          },
          {
            entityRef: PIPELINE_ENGINE,
            versions: {
              production: cell(runningTag('pipeline-engine'), {
                drift: true,
                driftReason: 'out-of-sync',
              }),
              staging: cell('0.9.0'),
            },
          },
          { entityRef: QUIZ_SERVICE, versions: { staging: cell('3.0.0') } },
        ]);
      });

      it('selects the services of an owner', async () => {
        const backend = await startBackend(databaseId);
        resetDeployments([deployment({ entityRef: QUIZ_SERVICE })]);

        const response = await backend.get('/matrix', {
          owner: 'learning-team',
        });

        expect(
          response.body.rows.map((r: { entityRef: string }) => r.entityRef),
        ).toEqual([COURSE_SERVICE, QUIZ_SERVICE]);
        expect(mockDeployments.queryCurrentDeployments).toHaveBeenCalledTimes(
          1,
        );
        expect(mockDeployments.queryCurrentDeployments).toHaveBeenCalledWith([
          COURSE_SERVICE,
          QUIZ_SERVICE,
        ]);
        expect(mockDeployments.getCurrentDeployments).not.toHaveBeenCalled();
      });

      it('reuses current versions for a short while', async () => {
        const backend = await startBackend(databaseId);

        await backend.get('/matrix');
        await backend.get('/matrix');

        expect(mockDeployments.queryCurrentDeployments).toHaveBeenCalledTimes(
          1,
        );
        expect(
          mockDeployments.queryCurrentDeployments.mock.calls[0][0],
        ).toHaveLength(3);
      });

      it('answers 503 when the deployment history cannot be read', async () => {
        const backend = await startBackend(databaseId);
        mockDeployments.queryCurrentDeployments.mockRejectedValue(
          new Error('down'),
        );
        const response = await backend.get('/matrix');
        expect(response.status).toBe(503);
        expect(response.body.error.message).toMatch(
          /^The deployment history could not be read/,
        );
      });

      it('rejects an owner that is no group or user', async () => {
        const backend = await startBackend(databaseId);
        const response = await backend.get('/matrix', {
          owner: COURSE_SERVICE,
        });
        expect(response.status).toBe(400);
        expect(response.body.error.message).toBe(
          'owner: must refer to a group or user, not a component',
        );
      });
    });

    describe('locks', () => {
      it('creates, lists and removes locks, auditing each', async () => {
        const backend = await startBackend(databaseId);
        const until = new Date(Date.now() + 3_600_000).toISOString();

        const created = await backend.post('/locks', {
          environment: 'production',
          reason: 'Incident 42',
          until,
        });
        const listed = await backend.get('/locks', {
          environment: 'production',
        });
        const other = await backend.get('/locks', { environment: 'staging' });
        const removed = await backend.del(`/locks/${created.body.id}`);
        const after = await backend.get('/locks');

        expect(created.status).toBe(201);
        expect(created.body).toEqual({
          id: expect.any(String),
          environment: 'production',
          reason: 'Incident 42',
          until,
          createdBy: 'user:default/jane.doe',
          createdAt: expect.any(String),
        });
        expect(listed.body.items).toEqual([created.body]);
        expect(other.body.items).toEqual([]);
        expect(removed.status).toBe(204);
        expect(after.body.items).toEqual([]);
        expect(await auditActions(backend.knex)).toEqual([
          'lock.create',
          'lock.delete',
        ]);
      });

      it.each([
        [
          'an until in the past',
          {
            environment: 'production',
            reason: 'r',
            until: '2020-01-01T00:00:00Z',
          },
          400,
          /^until: must be in the future$/,
        ],
        [
          'an until that is no date',
          { environment: 'production', reason: 'r', until: 'tomorrow' },
          400,
          /until/,
        ],
        [
          'a blank reason',
          { environment: 'production', reason: '   ' },
          400,
          /^reason: must not be empty$/,
        ],
        ['a missing reason', { environment: 'production' }, 400, /reason/],
        [
          'an unknown environment',
          { environment: 'nowhere', reason: 'r' },
          404,
          /^environment: no environment named nowhere$/,
        ],
      ])('rejects %s', async (_, body, status, message) => {
        const backend = await startBackend(databaseId);
        const response = await backend.post('/locks', body);
        expect(response.status).toBe(status);
        expect(response.body.error.message).toMatch(message);
      });

      it('answers 404 for an unknown lock', async () => {
        const backend = await startBackend(databaseId);
        expect((await backend.del(`/locks/${randomUUID()}`)).status).toBe(404);
        expect((await backend.del('/locks/not-a-uuid')).status).toBe(404);
      });

      it('needs environment.lock', async () => {
        const backend = await startBackend(databaseId, {
          decide: permission =>
            permission === 'environment.lock'
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        });
        const response = await backend.post('/locks', {
          environment: 'production',
          reason: 'r',
        });
        expect(response.status).toBe(403);
        expect(await backend.knex('environment_locks').pluck('id')).toEqual([]);
      });
    });

    describe('freeze windows', () => {
      it('lists windows from config and the API with whether they are in force', async () => {
        const backend = await startBackend(databaseId);
        const spec = freezeWindowAroundNow('staging', 'Demo day');

        const created = await backend.post('/freeze-windows', spec);
        const listed = await backend.get('/freeze-windows');
        const staging = await backend.get('/freeze-windows', {
          environment: 'staging',
        });

        expect(created.status).toBe(201);
        expect(created.body).toEqual({
          ...spec,
          id: expect.any(String),
          source: 'api',
          active: true,
          createdBy: 'user:default/jane.doe',
          createdAt: expect.any(String),
        });
        expect(listed.body.items).toEqual([
          {
            id: 'config:0',
            environment: 'legacy',
            reason: 'Listed only',
            timeZone: 'Europe/Berlin',
            start: { day: 'friday', time: '16:00' },
            end: { day: 'monday', time: '08:00' },
            source: 'config',
            active: expect.any(Boolean),
          },
          created.body,
        ]);
        expect(staging.body.items).toEqual([created.body]);
      });

      it('removes API windows; config windows only in config', async () => {
        const backend = await startBackend(databaseId);
        const created = await backend.post(
          '/freeze-windows',
          freezeWindowAroundNow('staging', 'r'),
        );

        const configured = await backend.del('/freeze-windows/config:0');
        const removed = await backend.del(`/freeze-windows/${created.body.id}`);
        const again = await backend.del(`/freeze-windows/${created.body.id}`);

        expect(configured.status).toBe(409);
        expect(configured.body.error.message).toMatch(
          /^id: config:0 is defined in app-config/,
        );
        expect(removed.status).toBe(204);
        expect(again.status).toBe(404);
        expect(await auditActions(backend.knex)).toEqual([
          'freeze-window.create',
          'freeze-window.delete',
        ]);
      });

      it.each([
        [
          'an unknown time zone',
          { timeZone: 'Mars/Olympus' },
          400,
          /^timeZone: "Mars\/Olympus" is not an IANA time zone$/,
        ],
        [
          'an invalid time',
          { start: { day: 'friday', time: '25:00' } },
          400,
          /time/,
        ],
        [
          'an unknown day',
          { end: { day: 'someday', time: '08:00' } },
          400,
          /day/,
        ],
        [
          'an end equal to the start',
          {
            start: { day: 'friday', time: '16:00' },
            end: { day: 'friday', time: '16:00' },
          },
          400,
          /^end: must differ from start$/,
        ],
        [
          'an unknown environment',
          { environment: 'nowhere' },
          404,
          /^environment: no environment named nowhere$/,
        ],
      ])('rejects %s', async (_, overrides, status, message) => {
        const backend = await startBackend(databaseId);
        const response = await backend.post('/freeze-windows', {
          ...freezeWindowAroundNow('staging', 'r'),
          ...overrides,
        });
        expect(response.status).toBe(status);
        expect(response.body.error.message).toMatch(message);
      });
    });

    describe('GET /audit', () => {
      it('pages through the trail newest first, by environment', async () => {
        const backend = await startBackend(databaseId);
        for (const key of ['A', 'B', 'C']) {
          await backend.put(`/environments/staging/config/${key}`, {
            value: 'v',
          });
        }
        await backend.put('/environments/production/config/D', { value: 'v' });

        const first = await backend.get('/audit', {
          environment: 'staging',
          limit: 2,
        });
        const second = await backend.get('/audit', {
          environment: 'staging',
          limit: 2,
          cursor: first.body.nextCursor,
        });
        const all = await backend.get('/audit');

        expect(first.body.items).toHaveLength(2);
        expect(first.body.nextCursor).toEqual(expect.any(String));
        expect(second.body.items).toHaveLength(1);
        expect(second.body).not.toHaveProperty('nextCursor');
        expect(
          [...first.body.items, ...second.body.items]
            .map(e => e.details.key)
            .sort(),
        ).toEqual(['A', 'B', 'C']);
        expect(all.body.items[0]).toEqual({
          id: expect.any(String),
          environment: 'production',
          action: 'config.set',
          actor: 'user:default/jane.doe',
          createdAt: expect.any(String),
          details: { key: 'D', secret: false },
        });
      });

      it.each([
        ['a limit over 500', { limit: 501 }, /limit/],
        [
          'a cursor it did not hand out',
          { cursor: 'bogus' },
          /^cursor: not a cursor this API returned$/,
        ],
      ])('rejects %s', async (_, query, message) => {
        const backend = await startBackend(databaseId);
        const response = await backend.get('/audit', query);
        expect(response.status).toBe(400);
        expect(response.body.error.message).toMatch(message);
      });
    });
  });
});
