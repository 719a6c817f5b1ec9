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
const SCAFFOLDER = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('plugin:scaffolder'),
  targetPluginId: 'environments',
});

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

    describe('POST /environments', () => {
      it('creates a preview with its expiry, auditing it', async () => {
        const backend = await startBackend(databaseId);
        const before = Date.now();

        const response = await createPreview(backend, { title: 'PR 123' });

        expect(response.status).toBe(201);
        expect(response.body).toMatchObject({
          name: 'pr-123',
          title: 'PR 123',
          tier: 'preview',
          owner: LEARNING_TEAM,
          status: 'active',
          origin: 'preview',
        });
        const expiresAt = new Date(response.body.expiresAt).getTime();
        expect(expiresAt).toBeGreaterThanOrEqual(before + 72 * 3_600_000);
        expect(expiresAt).toBeLessThan(Date.now() + 72 * 3_600_000 + 1);
        expect(await auditActions(backend.knex)).toEqual([
          'environment.create',
        ]);
        expect(backend.auditor.createEvent).toHaveBeenCalledWith(
          expect.objectContaining({ eventId: 'environment-create' }),
        );
      });

      it('accepts a service principal (the scaffolder) and records it as creator', async () => {
        const backend = await startBackend(databaseId);

        const response = await createPreview(backend, {}, SCAFFOLDER);

        expect(response.status).toBe(201);
        expect(response.body.createdBy).toBe('service:plugin:scaffolder');
      });

      it.each(['PT1H', 'P30D', 'PT720H', 'P4W'])(
        'accepts a ttl of %s',
        async ttl => {
          const backend = await startBackend(databaseId);
          expect((await createPreview(backend, { ttl })).status).toBe(201);
        },
      );

      it.each([
        ['PT59M', /^ttl: must be at least PT1H \(1 hour\)$/],
        ['P30DT1S', /^ttl: must be at most P30D \(30 days\)$/],
        ['P31D', /^ttl: must be at most P30D \(30 days\)$/],
        ['P5W', /^ttl: must be at most P30D \(30 days\)$/],
        ['PT0S', /^ttl: must be positive$/],
      ])('rejects a ttl of %s with a 400', async (ttl, message) => {
        const backend = await startBackend(databaseId);
        const response = await createPreview(backend, { ttl });
        expect(response.status).toBe(400);
        expect(response.body.error.message).toMatch(message);
      });

      it.each([
        [
          'a ttl that is no duration',
          { ttl: '3 days' },
          /^ttl: "3 days" is not an ISO 8601 duration/,
        ],
        [
          'a ttl in months',
          { ttl: 'P1M' },
          /^ttl: use weeks, days, hours or minutes/,
        ],
        ['a name that is no DNS label', { name: 'PR_123' }, /name/],
        ['a name too long', { name: 'a'.repeat(64) }, /name/],
        ['a tier other than preview', { tier: 'staging' }, /tier/],
        [
          'an owner that is no group',
          { owner: 'user:default/jane.doe' },
          /^owner: must refer to a group, not a user$/,
        ],
        [
          'an owner not in the catalog',
          { owner: 'ghost-team' },
          /^owner: no group group:default\/ghost-team in the catalog$/,
        ],
        ['a missing owner', { owner: undefined }, /owner/],
        [
          'an unknown field',
          { colour: 'blue' },
          /must NOT have additional properties/,
        ],
      ])(
        'rejects %s with a 400 naming the field',
        async (_, overrides, message) => {
          const backend = await startBackend(databaseId);

          const response = await createPreview(backend, overrides);

          expect(response.status).toBe(400);
          expect(response.body.error.message).toMatch(message);
          expect(
            await backend.knex('preview_environments').pluck('name'),
          ).toEqual([]);
        },
      );

      it('refuses a name taken by a catalog environment or another preview with 409', async () => {
        const backend = await startBackend(databaseId);
        await createPreview(backend);

        const again = await createPreview(backend);
        const catalogName = await createPreview(backend, { name: 'staging' });

        expect(again.status).toBe(409);
        expect(again.body.error.message).toMatch(
          /^name: an environment named pr-123 exists$/,
        );
        expect(catalogName.status).toBe(409);
        expect(await auditActions(backend.knex)).toEqual([
          'environment.create',
        ]);
      });

      it('needs environment.create', async () => {
        const backend = await startBackend(databaseId, {
          decide: permission =>
            permission === 'environment.create'
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        });

        const response = await createPreview(backend);

        expect(response.status).toBe(403);
        expect(
          await backend.knex('preview_environments').pluck('name'),
        ).toEqual([]);
      });
    });

    describe('DELETE /environments/{name}', () => {
      it('tears a preview down through the provider (its ArgoCD application goes)', async () => {
        const backend = await startBackend(databaseId);
        // With applicationName {{name}}, a preview named like a demo app owns it.
        const name = databaseId === 'SQLITE_3' ? 'jobs-worker' : 'jobs-api';
        expect(world.getApplication(name)).toBeDefined();
        await createPreview(backend, { name });
        await backend.put(`/environments/${name}/config/FLAG`, { value: 'on' });

        const response = await backend.del(`/environments/${name}`);

        expect(response.status).toBe(204);
        expect(world.getApplication(name)).toBeUndefined();
        expect((await backend.get(`/environments/${name}/config`)).status).toBe(
          404,
        );
        expect(await auditActions(backend.knex)).toEqual([
          'environment.create',
          'config.set',
          'environment.delete',
        ]);
      });

      it('refuses to delete a catalog environment with 409', async () => {
        const backend = await startBackend(databaseId);
        const response = await backend.del('/environments/staging');
        expect(response.status).toBe(409);
        expect(response.body.error.message).toMatch(
          /staging is a catalog environment/,
        );
      });

      it('answers 404 for an unknown environment', async () => {
        const backend = await startBackend(databaseId);
        const response = await backend.del('/environments/nowhere');
        expect(response.status).toBe(404);
        expect(response.body.error.message).toBe(
          'name: no environment named nowhere',
        );
      });

      it('needs environment.delete', async () => {
        const backend = await startBackend(databaseId, {
          decide: permission =>
            permission === 'environment.delete'
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        });
        await createPreview(backend);
        expect((await backend.del('/environments/pr-123')).status).toBe(403);
        expect(
          await backend.knex('preview_environments').pluck('name'),
        ).toEqual(['pr-123']);
      });
    });

    describe('POST /environments/{name}/extend', () => {
      it('adds the ttl to the current expiry', async () => {
        const backend = await startBackend(databaseId);
        const created = await createPreview(backend, { ttl: 'PT2H' });

        const response = await backend.post('/environments/pr-123/extend', {
          ttl: 'PT24H',
        });

        expect(response.status).toBe(200);
        expect(new Date(response.body.expiresAt).getTime()).toBe(
          new Date(created.body.expiresAt).getTime() + 24 * 3_600_000,
        );
        expect(await auditActions(backend.knex)).toEqual([
          'environment.create',
          'environment.extend',
        ]);
      });

      it('refuses to extend past 30 days from now', async () => {
        const backend = await startBackend(databaseId);
        await createPreview(backend, { ttl: 'P29D' });

        const response = await backend.post('/environments/pr-123/extend', {
          ttl: 'P2D',
        });

        expect(response.status).toBe(400);
        expect(response.body.error.message).toMatch(
          /^ttl: the preview would expire at .* more than P30D/,
        );
      });

      it('refuses catalog environments with 409 and unknown ones with 404', async () => {
        const backend = await startBackend(databaseId);
        expect(
          (
            await backend.post('/environments/production/extend', {
              ttl: 'PT1H',
            })
          ).status,
        ).toBe(409);
        expect(
          (await backend.post('/environments/nowhere/extend', { ttl: 'PT1H' }))
            .status,
        ).toBe(404);
      });
    });

    describe('config', () => {
      it('stores entries and masks secrets', async () => {
        const backend = await startBackend(databaseId);

        const plain = await backend.put(
          '/environments/staging/config/LOG_LEVEL',
          { value: 'debug' },
        );
        const secret = await backend.put(
          '/environments/staging/config/DB_PASSWORD',
          {
            value: SECRET,
            secret: true,
          },
        );
        const listed = await backend.get('/environments/staging/config');

        expect(plain.status).toBe(200);
        expect(plain.body).toEqual({
          key: 'LOG_LEVEL',
          value: 'debug',
          secret: false,
          updatedAt: expect.any(String),
          updatedBy: 'user:default/jane.doe',
        });
        expect(secret.body).toMatchObject({
          value: MASKED_SECRET_VALUE,
          secret: true,
        });
        expect(listed.body.items).toEqual([
          expect.objectContaining({
            key: 'DB_PASSWORD',
            value: MASKED_SECRET_VALUE,
            secret: true,
          }),
          expect.objectContaining({
            key: 'LOG_LEVEL',
            value: 'debug',
            secret: false,
          }),
        ]);
        const [row] = await backend
          .knex('environment_config')
          .where({ key: 'DB_PASSWORD' });
        expect(row.value).toBeNull();
        expect(row.ciphertext).not.toContain(SECRET);
      });

      it('accepts service principals', async () => {
        const backend = await startBackend(databaseId);
        const response = await backend.put(
          '/environments/production/config/REPLICAS',
          { value: '3' },
          SCAFFOLDER,
        );
        expect(response.status).toBe(200);
        expect(response.body.updatedBy).toBe('service:plugin:scaffolder');
      });

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

      it('deletes an entry, then answers 404 for it', async () => {
        const backend = await startBackend(databaseId);
        await backend.put('/environments/staging/config/LOG_LEVEL', {
          value: 'debug',
        });

        const first = await backend.del(
          '/environments/staging/config/LOG_LEVEL',
        );
        const second = await backend.del(
          '/environments/staging/config/LOG_LEVEL',
        );

        expect(first.status).toBe(204);
        expect(second.status).toBe(404);
        expect(second.body.error.message).toBe(
          'key: staging has no config entry LOG_LEVEL',
        );
        expect(await auditActions(backend.knex)).toEqual([
          'config.set',
          'config.delete',
        ]);
      });

      it.each([
        [
          'an unknown environment',
          '/environments/nowhere/config/K',
          { value: 'v' },
          404,
          /^name: no environment named nowhere$/,
        ],
        [
          'a key with a space',
          '/environments/staging/config/A%20B',
          { value: 'v' },
          400,
          /key/,
        ],
        [
          'a key starting with a digit',
          '/environments/staging/config/1A',
          { value: 'v' },
          400,
          /key/,
        ],
        [
          'a value that is not a string',
          '/environments/staging/config/K',
          { value: 3 },
          400,
          /value/,
        ],
        [
          'a missing value',
          '/environments/staging/config/K',
          { secret: true },
          400,
          /value/,
        ],
        [
          'a secret flag that is not boolean',
          '/environments/staging/config/K',
          { value: 'v', secret: 'yes' },
          400,
          /secret/,
        ],
      ])('rejects %s', async (_, path, body, status, message) => {
        const backend = await startBackend(databaseId);
        const response = await backend.put(path, body);
        expect(response.status).toBe(status);
        expect(response.body.error.message).toMatch(message);
        expect(await backend.knex('environment_config').pluck('key')).toEqual(
          [],
        );
      });

      it('needs environment.config.write', async () => {
        const backend = await startBackend(databaseId, {
          decide: permission =>
            permission === 'environment.config.write'
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        });
        const response = await backend.put('/environments/staging/config/K', {
          value: 'v',
        });
        expect(response.status).toBe(403);
      });

      it('refuses secrets without environments.secretsKey, storing nothing', async () => {
        const backend = await startBackend(databaseId, {
          config: { environments: {} },
        });
        const response = await backend.put('/environments/staging/config/K', {
          value: SECRET,
          secret: true,
        });
        expect(response.status).toBe(503);
        expect(response.text).not.toContain(SECRET);
        expect(await backend.knex('environment_config').pluck('key')).toEqual(
          [],
        );
      });
    });

    describe('GET /config-diff', () => {
      it('compares two environments key by key, secrets by value', async () => {
        const backend = await startBackend(databaseId);
        const put = (env: string, key: string, value: string, secret = false) =>
          backend.put(`/environments/${env}/config/${key}`, { value, secret });
        await put('staging', 'SAME', 'x');
        await put('production', 'SAME', 'x');
        await put('staging', 'CHANGED', 'a');
        await put('production', 'CHANGED', 'b');
        await put('staging', 'ONLY_STAGING', 'a');
        await put('production', 'ONLY_PRODUCTION', 'a');
        await put('staging', 'SAME_SECRET', SECRET, true);
        await put('production', 'SAME_SECRET', SECRET, true);
        await put('staging', 'OTHER_SECRET', SECRET, true);
        await put('production', 'OTHER_SECRET', `${SECRET}!`, true);

        const response = await backend.get('/config-diff', {
          from: 'staging',
          to: 'production',
        });

        const masked = { value: MASKED_SECRET_VALUE, secret: true };
        expect(response.status).toBe(200);
        expect(response.body).toEqual({
          from: 'staging',
          to: 'production',
          items: [
            {
              key: 'CHANGED',
              from: { value: 'a', secret: false },
              to: { value: 'b', secret: false },
              status: 'different',
            },
            {
              key: 'ONLY_PRODUCTION',
              to: { value: 'a', secret: false },
              status: 'only-to',
            },
            {
              key: 'ONLY_STAGING',
              from: { value: 'a', secret: false },
              status: 'only-from',
            },
            {
              key: 'OTHER_SECRET',
              from: masked,
              to: masked,
              status: 'different',
            },
            {
              key: 'SAME',
              from: { value: 'x', secret: false },
              to: { value: 'x', secret: false },
              status: 'same',
            },
            { key: 'SAME_SECRET', from: masked, to: masked, status: 'same' },
          ],
        });
      });

      it('never says a secret equals a plain value, which would disclose it', async () => {
        const backend = await startBackend(databaseId);
        await backend.put('/environments/staging/config/TOKEN', {
          value: 'abc',
          secret: true,
        });
        await backend.put('/environments/production/config/TOKEN', {
          value: 'abc',
        });

        const response = await backend.get('/config-diff', {
          from: 'staging',
          to: 'production',
        });

        expect(response.body.items).toEqual([
          {
            key: 'TOKEN',
            from: { value: MASKED_SECRET_VALUE, secret: true },
            to: { value: 'abc', secret: false },
            status: 'different',
          },
        ]);
      });

      it('answers 404 naming the unknown side, and 400 without both', async () => {
        const backend = await startBackend(databaseId);
        const unknown = await backend.get('/config-diff', {
          from: 'staging',
          to: 'nowhere',
        });
        const missing = await backend.get('/config-diff', { from: 'staging' });
        expect(unknown.status).toBe(404);
        expect(unknown.body.error.message).toBe(
          'to: no environment named nowhere',
        );
        expect(missing.status).toBe(400);
        expect(missing.body.error.message).toMatch(/to/);
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

    describe('POST /promotions', () => {
      const promotion = {
        entityRef: COURSE_SERVICE,
        version: '1.4.2',
        fromEnvironment: 'staging',
        toEnvironment: 'production',
      };

      beforeEach(() =>
        resetDeployments([
          deployment({
            environment: 'staging',
            version: '1.4.2',
            commitSha: SHA,
          }),
          deployment({
            environment: 'staging',
            version: '1.4.1',
            commitSha: 'b'.repeat(40),
            startedAt: '2026-01-01T00:00:00.000Z',
          }),
        ]),
      );

      it("syncs ArgoCD to the version's commit and records a pending deployment", async () => {
        const backend = await startBackend(databaseId);
        await waitForSync('course-service');

        const response = await backend.post('/promotions', promotion);

        expect(response.status).toBe(201);
        expect(response.body).toEqual({
          id: expect.any(String),
          ...promotion,
          status: 'pending',
          deploymentId: expect.any(String),
          revision: SHA,
          requestedBy: 'user:default/jane.doe',
          createdAt: expect.any(String),
        });
        const operation =
          world.getApplication('course-service')!.status.operationState!;
        expect(operation.operation.sync.revision).toBe(SHA);
        expect(mockDeployments.recordDeployments).toHaveBeenCalledTimes(1);
        expect(mockDeployments.recordDeployments).toHaveBeenCalledWith([
          expect.objectContaining({
            entityRef: COURSE_SERVICE,
            environment: 'production',
            version: '1.4.2',
            commitSha: SHA,
            status: 'pending',
            source: 'manual',
            sourceId: `promotion/${response.body.id}`,
            triggeredBy: 'user:default/jane.doe',
          }),
        ]);
        const [pending] = mockDeployments.history.filter(
          d => d.source === 'manual',
        );
        expect(response.body.deploymentId).toBe(pending.id);
        expect(
          (await backend.get('/promotions', { entityRef: COURSE_SERVICE })).body
            .items,
        ).toEqual([response.body]);
        expect(
          (await backend.get('/promotions', { entityRef: QUIZ_SERVICE })).body
            .items,
        ).toEqual([]);
        expect(await auditActions(backend.knex)).toEqual(['promotion.create']);
        await waitForSync('course-service');
      });

      it('refuses with 409 naming the reason while the target is locked', async () => {
        const backend = await startBackend(databaseId);
        await backend.post('/locks', {
          environment: 'production',
          reason: 'Incident 42: database failover',
        });

        const response = await backend.post('/promotions', promotion);

        expect(response.status).toBe(409);
        expect(response.body.error.message).toBe(
          'toEnvironment: production is locked: Incident 42: database failover',
        );
        expect(mockDeployments.recordDeployments).not.toHaveBeenCalled();
        expect(
          await backend.knex('environment_promotions').pluck('id'),
        ).toEqual([]);
      });

      it('refuses with 409 naming the reason during a freeze window from config', async () => {
        const backend = await startBackend(databaseId, {
          config: {
            environments: {
              secretsKey: SECRETS_KEY,
              freezeWindows: [
                freezeWindowAroundNow('production', 'Black Friday freeze'),
              ],
            },
          },
        });

        const response = await backend.post('/promotions', promotion);

        expect(response.status).toBe(409);
        expect(response.body.error.message).toMatch(
          /^toEnvironment: production is in a freeze window: Black Friday freeze \(until .*\)$/,
        );
        expect(mockDeployments.recordDeployments).not.toHaveBeenCalled();
      });

      it('refuses during a freeze window added through the API, and promotes once it is removed', async () => {
        const backend = await startBackend(databaseId);
        await waitForSync('course-service');
        const window = await backend.post(
          '/freeze-windows',
          freezeWindowAroundNow('staging', 'Staging demo'),
        );

        const refused = await backend.post('/promotions', {
          ...promotion,
          fromEnvironment: undefined,
          toEnvironment: 'staging',
        });
        await backend.del(`/freeze-windows/${window.body.id}`);
        const promoted = await backend.post('/promotions', {
          ...promotion,
          fromEnvironment: undefined,
          toEnvironment: 'staging',
        });

        expect(refused.status).toBe(409);
        expect(refused.body.error.message).toMatch(/Staging demo/);
        expect(promoted.status).toBe(201);
        expect(promoted.body).not.toHaveProperty('fromEnvironment');
        await waitForSync('course-service');
      });

      it('needs environment.promote.production for a production-tier target', async () => {
        const backend = await startBackend(databaseId, {
          decide: permission =>
            permission === 'environment.promote.production'
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        });
        await waitForSync('course-service');

        const production = await backend.post('/promotions', promotion);
        const staging = await backend.post('/promotions', {
          ...promotion,
          fromEnvironment: undefined,
          toEnvironment: 'staging',
        });

        expect(production.status).toBe(403);
        expect(production.body.error.message).toMatch(
          /^toEnvironment: promoting to the production environment production needs the environment.promote.production permission$/,
        );
        expect(staging.status).toBe(201);
        await waitForSync('course-service');
      });

      it('needs environment.promote on the entity', async () => {
        const decided: Array<[string, string | undefined]> = [];
        const backend = await startBackend(databaseId, {
          decide: (permission, resourceRef) => {
            decided.push([permission, resourceRef]);
            return permission === 'environment.promote'
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW;
          },
        });

        const response = await backend.post('/promotions', promotion);

        expect(response.status).toBe(403);
        expect(response.body.error.message).toBe(
          `entityRef: you may not promote ${COURSE_SERVICE}`,
        );
        expect(decided).toContainEqual(['environment.promote', COURSE_SERVICE]);
        expect(mockDeployments.recordDeployments).not.toHaveBeenCalled();
      });

      it('refuses an application that deploys elsewhere than the target', async () => {
        const backend = await startBackend(databaseId);
        const response = await backend.post('/promotions', {
          ...promotion,
          toEnvironment: 'development',
        });
        expect(response.status).toBe(409);
        expect(response.body.error.message).toMatch(
          /^toEnvironment: the ArgoCD application course-service deploys to project learning, namespace learning, not to development$/,
        );
      });

      it.each([
        [
          'an unknown target',
          { toEnvironment: 'nowhere' },
          404,
          /^toEnvironment: no environment named nowhere$/,
        ],
        [
          'an unknown source',
          { fromEnvironment: 'nowhere' },
          404,
          /^fromEnvironment: no environment named nowhere$/,
        ],
        [
          'a version never deployed there',
          { version: '9.9.9' },
          404,
          /^version: component:default\/course-service 9.9.9 was never deployed successfully to staging$/,
        ],
        [
          'the same source and target',
          { toEnvironment: 'staging' },
          400,
          /^toEnvironment: must differ from fromEnvironment$/,
        ],
        [
          'an entity that is no component',
          { entityRef: LEARNING_TEAM },
          400,
          /^entityRef: must refer to a component, not a group$/,
        ],
        [
          'an entity not in the catalog',
          { entityRef: 'component:default/ghost' },
          404,
          /^entityRef: no entity/,
        ],
        [
          'a service without an ArgoCD application',
          { entityRef: QUIZ_SERVICE },
          409,
          /argocd\/app-name/,
        ],
        ['a missing version', { version: undefined }, 400, /version/],
      ])('rejects %s', async (_, overrides, status, message) => {
        const backend = await startBackend(databaseId);
        resetDeployments([
          deployment({ environment: 'staging' }),
          deployment({ entityRef: QUIZ_SERVICE, environment: 'staging' }),
        ]);
        const response = await backend.post('/promotions', {
          ...promotion,
          ...overrides,
        });
        expect(response.status).toBe(status);
        expect(response.body.error.message).toMatch(message);
        expect(
          await backend.knex('environment_promotions').pluck('id'),
        ).toEqual([]);
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
