import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/config';
import {
  DeploymentInput,
  deploymentCreatePermission,
} from '@internal/plugin-deployments-common';
import { Knex } from 'knex';
import request from 'supertest';
import { NewDeployment } from '../database/DeploymentStore';
import { deploymentsPlugin } from '../plugin';

// The reader's own behaviour is tested in src/argocd; here it only maps.
const mockToDeployment = jest.fn();
jest.mock('../argocd/ArgoCdDeploymentReader', () => ({
  ArgoCdDeploymentReader: {
    fromConfig: () => ({
      run: async () => ({ applications: 0, recorded: 0 }),
      toDeployment: (notification: unknown) => mockToDeployment(notification),
    }),
  },
}));

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const LEARNING_TEAM = 'group:default/learning-team';
const PAYMENTS_TEAM = 'group:default/payments-team';
const COURSE_SERVICE = 'component:default/course-service';
const QUIZ_SERVICE = 'component:default/quiz-service';
const BILLING_SERVICE = 'component:default/billing-service';

const USER = mockCredentials.user.header('user:default/jane.doe');
const SERVICE = mockCredentials.service.header();

function component(name: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}

const entities = [
  component('course-service', LEARNING_TEAM),
  component('quiz-service', LEARNING_TEAM),
  component('billing-service', PAYMENTS_TEAM),
];

const ARGOCD_CONFIG = {
  argocd: {
    appLocatorMethods: [
      { type: 'config', instances: [{ name: 'main', url: 'http://argocd' }] },
    ],
  },
};

function input(overrides: Partial<DeploymentInput> = {}): DeploymentInput {
  return {
    entityRef: COURSE_SERVICE,
    environment: 'production',
    version: '1.4.2',
    commitSha: 'a1b2c3d',
    status: 'succeeded',
    startedAt: '2026-01-10T10:00:00Z',
    finishedAt: '2026-01-10T10:05:00Z',
    source: 'ci',
    sourceId: 'run-1',
    ...overrides,
  };
}

async function startBackend(
  databaseId: TestDatabaseId,
  options: {
    config?: JsonObject;
    decide?: (resourceRef: string) => AuthorizeResult;
  } = {},
) {
  const { config = {}, decide = () => AuthorizeResult.ALLOW } = options;
  const knex = await databases.init(databaseId);
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      (requests as EvaluatePermissionRequest[]).map(r => ({
        result: decide(r.resourceRef!) as AuthorizeResult.ALLOW,
      })),
  });
  const auditor = mockServices.auditor.mock();
  const notifications = { send: jest.fn(async () => {}) };
  const { server } = await startTestBackend({
    features: [
      deploymentsPlugin,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({ data: config }),
      permissions.factory,
      auditor.factory,
      catalogServiceMock.factory({ entities }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => notifications,
      }),
    ],
  });
  const api = request(server);
  return {
    knex,
    permissions,
    auditor,
    notifications,
    post: (body: unknown, auth = USER) =>
      api
        .post('/api/deployments/deployments')
        .set('Authorization', auth)
        .send(body as object),
    get: (
      path: string,
      query: Record<string, string | number> = {},
      auth = USER,
    ) =>
      api
        .get(`/api/deployments${path}`)
        .query(query)
        .set('Authorization', auth),
    queryCurrent: (body: unknown, auth = USER) =>
      api
        .post('/api/deployments/current/query')
        .set('Authorization', auth)
        .send(body as object),
    postWebhook: (body: unknown, auth = SERVICE) =>
      api
        .post('/api/deployments/webhooks/argocd')
        .set('Authorization', auth)
        .send(body as object),
  };
}

async function storedIds(knex: Knex): Promise<string[]> {
  return knex('deployments').pluck('id');
}

describe.each(databases.eachSupportedId())(
  'deployments API on %p',
  databaseId => {
    describe('POST /deployments', () => {
      it('creates a deployment, normalizing its entity ref and timestamps', async () => {
        const { post } = await startBackend(databaseId);

        const response = await post(
          input({
            entityRef: 'Component:default/Course-Service',
            startedAt: '2026-01-10T11:00:00+01:00',
            metadata: { pipeline: 'deploy' },
          }),
        );

        expect(response.status).toBe(201);
        expect(response.body).toEqual({
          ...input(),
          startedAt: '2026-01-10T10:00:00.000Z',
          finishedAt: '2026-01-10T10:05:00.000Z',
          metadata: { pipeline: 'deploy' },
          id: expect.any(String),
          triggeredBy: 'user:default/jane.doe',
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
        });
      });

      it('answers a replay with 200 and the stored record, storing it once', async () => {
        const { post, knex } = await startBackend(databaseId);
        const created = await post(input());

        const replay = await post(input());

        expect(replay.status).toBe(200);
        expect(replay.body).toEqual(created.body);
        expect(await storedIds(knex)).toEqual([created.body.id]);
      });

      it('moves a deployment from pending to in_progress to succeeded', async () => {
        const { post, knex } = await startBackend(databaseId);
        const { finishedAt, ...unfinished } = input();

        const pending = await post({ ...unfinished, status: 'pending' });
        const running = await post({ ...unfinished, status: 'in_progress' });
        const done = await post(input({ status: 'succeeded' }));
        const late = await post({ ...unfinished, status: 'in_progress' });

        expect([
          pending.status,
          running.status,
          done.status,
          late.status,
        ]).toEqual([201, 200, 200, 200]);
        expect(running.body.status).toBe('in_progress');
        expect(done.body).toMatchObject({
          id: pending.body.id,
          status: 'succeeded',
          finishedAt: new Date(finishedAt!).toISOString(),
        });
        expect(late.body).toEqual(done.body);
        expect(await storedIds(knex)).toEqual([pending.body.id]);
      });

      it('records a batch and reports what happened to each event', async () => {
        const { post } = await startBackend(databaseId);
        await post(input({ sourceId: 'known' }));

        const response = await post({
          items: [input({ sourceId: 'new' }), input({ sourceId: 'known' })],
        });

        expect(response.status).toBe(200);
        expect(response.body.items).toEqual([
          {
            deployment: expect.objectContaining({ sourceId: 'new' }),
            outcome: 'created',
          },
          {
            deployment: expect.objectContaining({ sourceId: 'known' }),
            outcome: 'unchanged',
          },
        ]);
      });

      it('asks once for deployment.create on each distinct entity of a user', async () => {
        const { post, permissions } = await startBackend(databaseId);

        await post({
          items: [
            input({ sourceId: '1' }),
            input({
              sourceId: '2',
              entityRef: 'component:default/QUIZ-service',
            }),
            input({ sourceId: '3' }),
          ],
        });

        expect(permissions.authorize).toHaveBeenCalledTimes(1);
        expect(permissions.authorize).toHaveBeenCalledWith(
          [
            {
              permission: deploymentCreatePermission,
              resourceRef: COURSE_SERVICE,
            },
            {
              permission: deploymentCreatePermission,
              resourceRef: QUIZ_SERVICE,
            },
          ],
          {
            credentials: expect.objectContaining({
              principal: expect.objectContaining({
                userEntityRef: 'user:default/jane.doe',
              }),
            }),
          },
        );
      });

      it('refuses a user denied deployment.create on any entity, storing nothing', async () => {
        const { post, knex } = await startBackend(databaseId, {
          decide: ref =>
            ref === QUIZ_SERVICE ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
        });

        const response = await post({
          items: [
            input({ sourceId: '1' }),
            input({ sourceId: '2', entityRef: QUIZ_SERVICE }),
          ],
        });

        expect(response.status).toBe(403);
        expect(response.body.error.message).toBe(
          `entityRef: you may not record deployments of ${QUIZ_SERVICE}`,
        );
        expect(await storedIds(knex)).toEqual([]);
      });

      it('lets a CI service record any entity, as service:<subject>', async () => {
        const { post, permissions } = await startBackend(databaseId, {
          decide: () => AuthorizeResult.DENY,
        });

        const response = await post(input(), SERVICE);

        expect(response.status).toBe(201);
        expect(response.body.triggeredBy).toBe('service:external:test-service');
        expect(permissions.authorize).not.toHaveBeenCalled();
      });

      it('keeps a triggeredBy the caller reports', async () => {
        const { post } = await startBackend(databaseId);
        const response = await post(
          input({ triggeredBy: 'user:default/john' }),
          SERVICE,
        );
        expect(response.body.triggeredBy).toBe('user:default/john');
      });

      it('refuses anonymous callers', async () => {
        const { post } = await startBackend(databaseId);
        const response = await post(input(), mockCredentials.none.header());
        expect(response.status).toBe(401);
      });

      it.each<[string, unknown, RegExp]>([
        [
          'an unknown status',
          input({ status: 'done' as DeploymentInput['status'] }),
          /status/,
        ],
        [
          'a timestamp that is no date',
          input({ startedAt: 'yesterday' }),
          /startedAt/,
        ],
        [
          'a date that does not exist',
          input({ startedAt: '2026-02-30T10:00:00Z' }),
          /startedAt/,
        ],
        [
          'a commit time that does not exist',
          input({ commitTime: '2026-13-01T10:00:00Z' }),
          /commitTime/,
        ],
        [
          'an end before the start',
          input({ finishedAt: '2026-01-10T09:59:59Z' }),
          /^finishedAt: must not be before startedAt$/,
        ],
        [
          'an entity that is no component',
          input({ entityRef: LEARNING_TEAM }),
          /^entityRef: must refer to a component, not a group$/,
        ],
        [
          'an unparseable entity ref',
          input({ entityRef: 'component:default/' }),
          /^entityRef: /,
        ],
        [
          'an invalid entity name',
          input({ entityRef: 'component:default/a b' }),
          /^entityRef: "component:default\/a b" is not a valid entity ref$/,
        ],
        [
          'metadata over 16 KiB',
          input({ metadata: { log: 'x'.repeat(16 * 1024) } }),
          /^metadata: 16394 bytes serialized, more than the 16384 allowed$/,
        ],
        [
          'an unknown field',
          { ...input(), colour: 'blue' },
          /must NOT have additional properties/,
        ],
        ['an empty batch', { items: [] }, /items/],
        [
          'a batch of 1001',
          {
            items: Array.from({ length: 1001 }, (_, i) =>
              input({ sourceId: `run-${i}` }),
            ),
          },
          /items/,
        ],
        [
          'a batch with one bad item',
          {
            items: [
              input({ sourceId: 'a' }),
              input({ sourceId: 'b' }),
              input({ sourceId: 'c' }),
              input({ sourceId: 'd', entityRef: 'api:default/x' }),
            ],
          },
          /^items\[3\]\.entityRef: must refer to a component, not a api$/,
        ],
      ])(
        'rejects %s with a 400 naming the field, storing nothing',
        async (_, body, message) => {
          const { post, knex } = await startBackend(databaseId);

          const response = await post(body);

          expect(response.status).toBe(400);
          expect(response.body.error.message).toMatch(message);
          expect(await storedIds(knex)).toEqual([]);
        },
      );

      it('rejects a body that is not JSON with a 400', async () => {
        const { knex, post } = await startBackend(databaseId);

        const response = await post('{"entityRef": ').set(
          'Content-Type',
          'application/json',
        );

        expect(response.status).toBe(400);
        expect(await storedIds(knex)).toEqual([]);
      });

      it('accepts a full batch of 1000', async () => {
        const { post, knex } = await startBackend(databaseId);
        const items = Array.from({ length: 1000 }, (_, i) =>
          input({
            sourceId: `run-${i}`,
            metadata: { attempt: i, log: 'x'.repeat(200) },
          }),
        );

        const response = await post({ items }, SERVICE);

        expect(response.status).toBe(200);
        expect(await storedIds(knex)).toHaveLength(1000);
      });

      it('audits each write, successful or not', async () => {
        const { post, auditor } = await startBackend(databaseId);

        await post(input());
        await post(input({ entityRef: LEARNING_TEAM }));

        expect(auditor.createEvent).toHaveBeenCalledTimes(2);
        expect(auditor.createEvent).toHaveBeenCalledWith(
          expect.objectContaining({
            eventId: 'deployment-record',
            meta: { via: 'api' },
          }),
        );
        const [succeeded, failed] = await Promise.all(
          auditor.createEvent.mock.results.map(result => result.value),
        );
        expect(succeeded.success).toHaveBeenCalledWith({
          meta: {
            entityRefs: [COURSE_SERVICE],
            created: 1,
            updated: 0,
            unchanged: 0,
          },
        });
        expect(failed.fail).toHaveBeenCalledWith({
          error: expect.objectContaining({ name: 'InputError' }),
        });
      });

      it('notifies the owners of a failed production deployment once', async () => {
        const { post, notifications } = await startBackend(databaseId);
        const failed = input({ status: 'failed' });

        await post(failed, SERVICE);
        await post(failed, SERVICE);

        expect(notifications.send).toHaveBeenCalledTimes(1);
        expect(notifications.send).toHaveBeenCalledWith(
          expect.objectContaining({
            recipients: { type: 'entity', entityRef: [LEARNING_TEAM] },
          }),
        );
      });
    });

    describe('GET /deployments', () => {
      it('pages through deployments, newest first', async () => {
        const { post, get } = await startBackend(databaseId);
        // Three share a start, so pages split a tie.
        const starts = ['10:00', '11:00', '11:00', '11:00', '12:00'];
        await post({
          items: starts.map((time, i) =>
            input({
              sourceId: `run-${i}`,
              startedAt: `2026-01-10T${time}:00Z`,
              finishedAt: undefined,
            }),
          ),
        });

        const pages = [];
        let cursor: string | undefined;
        do {
          const response = await get('/deployments', {
            limit: 2,
            ...(cursor && { cursor }),
          });
          expect(response.status).toBe(200);
          pages.push(response.body.items);
          cursor = response.body.nextCursor;
        } while (cursor);

        expect(pages.map(page => page.length)).toEqual([2, 2, 1]);
        const all = pages.flat();
        expect(new Set(all.map(d => d.id)).size).toBe(5);
        expect(all.map(d => d.startedAt)).toEqual(
          ['12:00', '11:00', '11:00', '11:00', '10:00'].map(
            time => `2026-01-10T${time}:00.000Z`,
          ),
        );
      });

      it('lists the deployments of what an owner owns', async () => {
        const { post, get } = await startBackend(databaseId);
        await post({
          items: [
            input({ sourceId: '1', entityRef: COURSE_SERVICE }),
            input({ sourceId: '2', entityRef: QUIZ_SERVICE }),
            input({ sourceId: '3', entityRef: BILLING_SERVICE }),
          ],
        });
        const sourceIds = async (query: Record<string, string>) => {
          const response = await get('/deployments', query);
          expect(response.status).toBe(200);
          return response.body.items
            .map((d: { sourceId: string }) => d.sourceId)
            .sort();
        };

        expect(await sourceIds({ owner: LEARNING_TEAM })).toEqual(['1', '2']);
        expect(await sourceIds({ owner: 'payments-team' })).toEqual(['3']);
        expect(
          await sourceIds({ owner: LEARNING_TEAM, entityRef: BILLING_SERVICE }),
        ).toEqual([]);
        expect(await sourceIds({ owner: 'group:default/nobody' })).toEqual([]);
        expect(await sourceIds({ entityRef: 'quiz-service' })).toEqual(['2']);
      });

      it('filters by environment, status and time', async () => {
        const { post, get } = await startBackend(databaseId);
        await post({
          items: [
            input({
              sourceId: '1',
              startedAt: '2026-01-01T00:00:00Z',
              finishedAt: undefined,
            }),
            input({ sourceId: '2', environment: 'staging' }),
            input({ sourceId: '3', status: 'failed' }),
          ],
        });
        const sourceIds = async (query: Record<string, string>) =>
          (await get('/deployments', query)).body.items
            .map((d: { sourceId: string }) => d.sourceId)
            .sort();

        expect(await sourceIds({ environment: 'staging' })).toEqual(['2']);
        expect(await sourceIds({ status: 'failed' })).toEqual(['3']);
        expect(await sourceIds({ since: '2026-01-05T00:00:00Z' })).toEqual([
          '2',
          '3',
        ]);
        expect(await sourceIds({ until: '2026-01-05T00:00:00Z' })).toEqual([
          '1',
        ]);
      });

      it.each<[string, Record<string, string | number>, RegExp]>([
        [
          'a cursor that is not base64 JSON',
          { cursor: 'not-a-cursor' },
          /^cursor: /,
        ],
        [
          'a cursor with a foreign id',
          {
            cursor: Buffer.from(
              JSON.stringify({
                startedAt: '2026-01-01T00:00:00Z',
                id: "1' or 1=1",
              }),
            ).toString('base64url'),
          },
          /^cursor: /,
        ],
        ['a since that is no date', { since: 'last week' }, /since/],
        [
          'an until that does not exist',
          { until: '2026-02-30T00:00:00Z' },
          /until/,
        ],
        ['a limit over 500', { limit: 501 }, /limit/],
        ['a limit of 0', { limit: 0 }, /limit/],
        ['an unknown status', { status: 'done' }, /status/],
        [
          'an owner that is not a group or user',
          { owner: COURSE_SERVICE },
          /^owner: must refer to a group or user, not a component$/,
        ],
        [
          'an entity that is no component',
          { entityRef: LEARNING_TEAM },
          /^entityRef: /,
        ],
      ])('rejects %s with a 400', async (_, query, message) => {
        const { get } = await startBackend(databaseId);
        const response = await get('/deployments', query);
        expect(response.status).toBe(400);
        expect(response.body.error.message).toMatch(message);
      });

      it('refuses anonymous callers', async () => {
        const { get } = await startBackend(databaseId);
        const response = await get(
          '/deployments',
          {},
          mockCredentials.none.header(),
        );
        expect(response.status).toBe(401);
      });
    });

    describe('GET /current', () => {
      it('returns the latest success per environment', async () => {
        const { post, get } = await startBackend(databaseId);
        await post({
          items: [
            input({ sourceId: '1', version: '1.0.0' }),
            input({ sourceId: '2', version: '1.1.0', environment: 'staging' }),
            input({
              sourceId: '3',
              version: '1.1.0',
              status: 'failed',
              startedAt: '2026-01-11T00:00:00Z',
              finishedAt: undefined,
            }),
          ],
        });

        const response = await get('/current', {
          entityRef: 'Component:default/course-service',
        });

        expect(response.status).toBe(200);
        expect(response.body).toEqual({
          entityRef: COURSE_SERVICE,
          items: [
            expect.objectContaining({
              environment: 'production',
              version: '1.0.0',
              deployedAt: '2026-01-10T10:05:00.000Z',
            }),
            expect.objectContaining({
              environment: 'staging',
              version: '1.1.0',
            }),
          ],
        });
      });

      it.each([
        [{ entityRef: 'component:default/' }],
        [{ entityRef: LEARNING_TEAM }],
        [{}],
      ])('rejects %p with a 400', async query => {
        const { get } = await startBackend(databaseId);
        const response = await get('/current', query);
        expect(response.status).toBe(400);
        expect(response.body.error.message).toMatch(/entityRef/);
      });
    });

    describe('POST /current/query', () => {
      it('returns the current versions of each entity in request order', async () => {
        const backend = await startBackend(databaseId);
        await backend.post({
          items: [
            input({ sourceId: '1', version: '1.0.0' }),
            input({ sourceId: '2', version: '1.1.0', environment: 'staging' }),
            input({
              sourceId: '3',
              entityRef: QUIZ_SERVICE,
              version: '3.0.0',
            }),
          ],
        });

        const response = await backend.queryCurrent({
          entityRefs: [
            'quiz-service',
            'Component:default/course-service',
            'component:default/never-deployed',
          ],
        });

        expect(response.status).toBe(200);
        expect(response.body).toEqual({
          items: [
            {
              entityRef: QUIZ_SERVICE,
              items: [
                expect.objectContaining({
                  environment: 'production',
                  version: '3.0.0',
                  deployedAt: '2026-01-10T10:05:00.000Z',
                  deployment: expect.objectContaining({ sourceId: '3' }),
                }),
              ],
            },
            {
              entityRef: COURSE_SERVICE,
              items: [
                expect.objectContaining({
                  environment: 'production',
                  version: '1.0.0',
                }),
                expect.objectContaining({
                  environment: 'staging',
                  version: '1.1.0',
                }),
              ],
            },
            { entityRef: 'component:default/never-deployed', items: [] },
          ],
        });

        const staging = await backend.queryCurrent({
          entityRefs: [COURSE_SERVICE],
          environments: ['staging'],
        });
        expect(
          staging.body.items[0].items.map(
            (c: { environment: string }) => c.environment,
          ),
        ).toEqual(['staging']);
      });

      it('names the invalid entity ref', async () => {
        const { queryCurrent } = await startBackend(databaseId);
        const response = await queryCurrent({
          entityRefs: [COURSE_SERVICE, LEARNING_TEAM],
        });
        expect(response.status).toBe(400);
        expect(response.body.error.message).toBe(
          'entityRefs[1]: must refer to a component, not a group',
        );
      });

      it.each([
        [{}],
        [{ entityRefs: [] }],
        [{ entityRefs: Array(1001).fill(COURSE_SERVICE) }],
        [{ entityRefs: [''] }],
        [{ entityRefs: [COURSE_SERVICE], environments: ['Not An Env'] }],
        [{ entityRefs: [COURSE_SERVICE], extra: true }],
      ])('rejects a malformed body with a 400 (%#)', async body => {
        const { queryCurrent } = await startBackend(databaseId);
        const response = await queryCurrent(body);
        expect(response.status).toBe(400);
      });

      it('requires authentication', async () => {
        const { queryCurrent } = await startBackend(databaseId);
        const response = await queryCurrent(
          { entityRefs: [COURSE_SERVICE] },
          mockCredentials.none.header(),
        );
        expect(response.status).toBe(401);
      });
    });

    describe('GET /metrics/dora', () => {
      it('computes the metrics of what an owner owns in the default environment', async () => {
        const { post, get } = await startBackend(databaseId, {
          config: { deployments: { dora: { defaultEnvironment: 'prod' } } },
        });
        await post({
          items: [
            input({
              sourceId: '1',
              environment: 'prod',
              entityRef: COURSE_SERVICE,
            }),
            input({
              sourceId: '2',
              environment: 'prod',
              entityRef: QUIZ_SERVICE,
              status: 'failed',
            }),
            input({
              sourceId: '3',
              environment: 'prod',
              entityRef: BILLING_SERVICE,
            }),
            input({
              sourceId: '4',
              environment: 'production',
              entityRef: COURSE_SERVICE,
            }),
          ],
        });

        const response = await get('/metrics/dora', {
          owner: 'learning-team',
          from: '2026-01-01T00:00:00Z',
          to: '2026-01-31T00:00:00Z',
        });

        expect(response.status).toBe(200);
        expect(response.body.scope).toEqual({
          owner: LEARNING_TEAM,
          environment: 'prod',
          from: '2026-01-01T00:00:00.000Z',
          to: '2026-01-31T00:00:00.000Z',
        });
        expect(response.body.deploymentFrequency).toMatchObject({
          sampleSize: 1,
          perDay: 1 / 30,
        });
        expect(response.body.changeFailureRate).toEqual({
          ratio: 0.5,
          band: 'low',
          sampleSize: 2,
        });
      });

      it('defaults to the last 90 days', async () => {
        const { get } = await startBackend(databaseId);

        const response = await get('/metrics/dora', {
          entityRef: 'course-service',
        });

        expect(response.status).toBe(200);
        const { scope } = response.body;
        expect(scope).toMatchObject({
          entityRef: COURSE_SERVICE,
          environment: 'production',
        });
        expect(Date.parse(scope.to) - Date.parse(scope.from)).toBe(
          90 * 24 * 3600 * 1000,
        );
        expect(Math.abs(Date.parse(scope.to) - Date.now())).toBeLessThan(
          60_000,
        );
      });

      it.each<[string, Record<string, string>, RegExp]>([
        [
          'neither entityRef nor owner',
          {},
          /^entityRef, owner: give exactly one of them$/,
        ],
        [
          'both entityRef and owner',
          { entityRef: COURSE_SERVICE, owner: LEARNING_TEAM },
          /^entityRef, owner: /,
        ],
        [
          'from after to',
          {
            entityRef: COURSE_SERVICE,
            from: '2026-02-01T00:00:00Z',
            to: '2026-01-01T00:00:00Z',
          },
          /^from: must be before to$/,
        ],
        [
          'from equal to to',
          {
            entityRef: COURSE_SERVICE,
            from: '2026-01-01T00:00:00Z',
            to: '2026-01-01T00:00:00Z',
          },
          /^from: must be before to$/,
        ],
        [
          'a window over 2 years',
          {
            entityRef: COURSE_SERVICE,
            from: '2023-12-31T23:59:59Z',
            to: '2026-01-01T00:00:00Z',
          },
          /^from, to: the window may span at most 2 years$/,
        ],
        [
          'a from that is no date',
          { entityRef: COURSE_SERVICE, from: 'monday' },
          /from/,
        ],
        [
          'a bad environment',
          { entityRef: COURSE_SERVICE, environment: 'Prod!' },
          /environment/,
        ],
        ['a bad owner', { owner: 'component:default/x' }, /^owner: /],
      ])('rejects %s with a 400', async (_, query, message) => {
        const { get } = await startBackend(databaseId);
        const response = await get('/metrics/dora', query);
        expect(response.status).toBe(400);
        expect(response.body.error.message).toMatch(message);
      });

      it('accepts a window of exactly 2 years', async () => {
        const { get } = await startBackend(databaseId);
        const response = await get('/metrics/dora', {
          entityRef: COURSE_SERVICE,
          from: '2024-01-01T00:00:00Z',
          to: '2026-01-01T00:00:00Z',
        });
        expect(response.status).toBe(200);
      });
    });

    describe('POST /webhooks/argocd', () => {
      const notification = {
        instance: 'main',
        app: 'course-service',
        revision: 'a1b2c3d',
        phase: 'Succeeded',
        startedAt: '2026-01-10T10:00:00Z',
        finishedAt: '2026-01-10T10:05:00Z',
      };
      const mapped: NewDeployment = {
        ...input({ source: 'argocd', sourceId: 'main/course-service/1' }),
        triggeredBy: 'service:argocd',
      };

      beforeEach(() => mockToDeployment.mockReset());

      it('records the deployment a notification maps to', async () => {
        mockToDeployment.mockResolvedValue(mapped);
        const { postWebhook, knex } = await startBackend(databaseId, {
          config: ARGOCD_CONFIG,
        });

        const response = await postWebhook(notification);

        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({
          ...mapped,
          startedAt: '2026-01-10T10:00:00.000Z',
          finishedAt: '2026-01-10T10:05:00.000Z',
        });
        expect(mockToDeployment).toHaveBeenCalledWith(notification);
        expect(await storedIds(knex)).toEqual([response.body.id]);
      });

      it('refuses users, who could otherwise speak for ArgoCD', async () => {
        const { postWebhook } = await startBackend(databaseId, {
          config: ARGOCD_CONFIG,
        });
        const response = await postWebhook(notification, USER);
        expect(response.status).toBe(403);
        expect(mockToDeployment).not.toHaveBeenCalled();
      });

      it('answers 404 for an app no catalog entity is annotated with', async () => {
        mockToDeployment.mockResolvedValue(undefined);
        const { postWebhook } = await startBackend(databaseId, {
          config: ARGOCD_CONFIG,
        });

        const response = await postWebhook(notification);

        expect(response.status).toBe(404);
        expect(response.body.error.message).toBe(
          'app: no catalog entity has argocd/app-name course-service',
        );
      });

      it('answers 404 when ArgoCD is not configured', async () => {
        const { postWebhook } = await startBackend(databaseId);
        const response = await postWebhook(notification);
        expect(response.status).toBe(404);
      });

      it('rejects a notification the schema does not allow', async () => {
        const { postWebhook } = await startBackend(databaseId, {
          config: ARGOCD_CONFIG,
        });
        const response = await postWebhook({ ...notification, phase: 'Done' });
        expect(response.status).toBe(400);
        expect(mockToDeployment).not.toHaveBeenCalled();
      });
    });
  },
);
