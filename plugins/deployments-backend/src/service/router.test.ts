// Refused javascript: URLs are what these tests are about.
/* eslint-disable no-script-url */
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
import { ReportedDeployment } from '../database/DeploymentStore';
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

/** A member of learning-team, which owns course-service and quiz-service. */
const OWNER_REF = 'user:default/jane.doe';
const OWNER = USER;
/** A member of payments-team, which owns billing-service only. */
const OTHER_TEAM_REF = 'user:default/sam.lee';
const OTHER_TEAM = mockCredentials.user.header(OTHER_TEAM_REF);
/** The CI pipelines' static token, as externalAccess names its subject. */
const CI = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('ci-pipelines'),
  targetPluginId: 'deployments',
});
const CI_RECORDER = 'service:ci-pipelines';

const MEMBERS: Record<string, string> = {
  [OWNER_REF]: LEARNING_TEAM,
  [OTHER_TEAM_REF]: PAYMENTS_TEAM,
};

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

/**
 * The portal policy's rule for deployment.create, for the users above: a
 * member of the group that owns the entity.
 */
function ownersOnly(resourceRef: string, userEntityRef?: string) {
  const owner = entities.find(
    e => `component:default/${e.metadata.name}` === resourceRef,
  )?.spec?.owner;
  return userEntityRef && owner && MEMBERS[userEntityRef] === owner
    ? AuthorizeResult.ALLOW
    : AuthorizeResult.DENY;
}

async function startBackend(
  databaseId: TestDatabaseId,
  options: {
    config?: JsonObject;
    decide?: (resourceRef: string, userEntityRef?: string) => AuthorizeResult;
  } = {},
) {
  const { config = {}, decide = () => AuthorizeResult.ALLOW } = options;
  const knex = await databases.init(databaseId);
  const permissions = mockServices.permissions.mock({
    authorize: async (requests, { credentials }) => {
      const { principal } = credentials as {
        principal: { userEntityRef?: string };
      };
      return (requests as EvaluatePermissionRequest[]).map(r => ({
        result: decide(
          r.resourceRef!,
          principal.userEntityRef,
        ) as AuthorizeResult.ALLOW,
      }));
    },
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
          recordedBy: 'user:default/jane.doe',
          trusted: false,
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
          /^metadata: more than the 16384 bytes allowed, serialized as JSON$/,
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

    describe('who may record and update what (security findings 4, 6, 7)', () => {
      /** The stored row, read back from the table itself. */
      const storedRow = async (knex: Knex, sourceId: string) =>
        knex('deployments')
          .where({ source_id: sourceId })
          .first('entity_ref', 'status', 'triggered_by', 'recorded_by');

      const nested = (levels: number): Record<string, unknown> => {
        let value: Record<string, unknown> = { leaf: true };
        for (let i = 1; i < levels; i++) value = { next: value };
        return value;
      };

      it("refuses another team's takeover of a recorded deployment, keeping its entity and status", async () => {
        const { post, knex } = await startBackend(databaseId, {
          decide: ownersOnly,
        });
        const created = await post(
          input({ status: 'in_progress', finishedAt: undefined }),
          CI,
        );
        expect(created.status).toBe(201);

        // Their own service, so permission on the new entity alone passes.
        const takeover = await post(
          input({ entityRef: BILLING_SERVICE, status: 'failed' }),
          OTHER_TEAM,
        );

        expect(takeover.status).toBe(409);
        expect(takeover.body.error.message).toBe(
          `entityRef: the ci deployment "run-1" is recorded for ${COURSE_SERVICE}; it cannot be recorded for ${BILLING_SERVICE}`,
        );
        expect(await storedRow(knex, 'run-1')).toEqual({
          entity_ref: COURSE_SERVICE,
          status: 'in_progress',
          triggered_by: CI_RECORDER,
          recorded_by: CI_RECORDER,
        });
      });

      it("refuses an update of another team's hand-posted deployment by permission on the stored entity", async () => {
        const { post, knex } = await startBackend(databaseId, {
          decide: ownersOnly,
        });
        const hand = input({
          source: 'manual',
          sourceId: 'hand-1',
          status: 'in_progress',
          finishedAt: undefined,
        });
        expect((await post(hand, OWNER)).status).toBe(201);

        const sameEntity = await post(
          { ...hand, status: 'failed' },
          OTHER_TEAM,
        );
        const ownEntity = await post(
          { ...hand, entityRef: BILLING_SERVICE, status: 'failed' },
          OTHER_TEAM,
        );

        expect(sameEntity.status).toBe(403);
        expect(sameEntity.body.error.message).toBe(
          `entityRef: you may not record deployments of ${COURSE_SERVICE}`,
        );
        expect(ownEntity.status).toBe(409);
        expect(await storedRow(knex, 'hand-1')).toEqual({
          entity_ref: COURSE_SERVICE,
          status: 'in_progress',
          triggered_by: OWNER_REF,
          recorded_by: OWNER_REF,
        });
      });

      it("authorizes an owner's update again on the stored entity, and a batch mixing new and refused is stored whole or not at all", async () => {
        const { post, knex, permissions } = await startBackend(databaseId, {
          decide: ownersOnly,
        });
        await post(
          input({ source: 'manual', sourceId: 'hand-2', status: 'pending' }),
          OWNER,
        );
        permissions.authorize.mockClear();

        const update = await post(
          input({ source: 'manual', sourceId: 'hand-2' }),
          OWNER,
        );
        const mixed = await post(
          {
            items: [
              input({
                source: 'manual',
                sourceId: 'fresh',
                entityRef: BILLING_SERVICE,
              }),
              input({
                source: 'manual',
                sourceId: 'hand-2',
                entityRef: BILLING_SERVICE,
                status: 'failed',
              }),
            ],
          },
          OTHER_TEAM,
        );

        expect(update.status).toBe(200);
        // Once for the entity given, once for the stored one, in the write.
        expect(permissions.authorize).toHaveBeenCalledTimes(3);
        expect(permissions.authorize.mock.calls[1][0]).toEqual([
          {
            permission: deploymentCreatePermission,
            resourceRef: COURSE_SERVICE,
          },
        ]);
        expect(mixed.status).toBe(409);
        expect(await storedRow(knex, 'hand-2')).toMatchObject({
          entity_ref: COURSE_SERVICE,
          status: 'succeeded',
        });
        expect(await storedRow(knex, 'fresh')).toBeUndefined();
      });

      it("refuses the service's owner updating a deployment CI recorded, changing nothing", async () => {
        const { post, knex, auditor } = await startBackend(databaseId, {
          decide: ownersOnly,
        });
        await post(input({ status: 'pending', finishedAt: undefined }), CI);

        const response = await post(input({ status: 'succeeded' }), OWNER);
        const replay = await post(
          input({ status: 'pending', finishedAt: undefined }),
          OWNER,
        );

        expect(response.status).toBe(409);
        expect(response.body.error.message).toBe(
          `the ci deployment "run-1" of ${COURSE_SERVICE} was recorded by CI or another service (${CI_RECORDER}); only CI or another service can update it, not a person`,
        );
        expect(replay.status).toBe(409);
        expect(await storedRow(knex, 'run-1')).toEqual({
          entity_ref: COURSE_SERVICE,
          status: 'pending',
          triggered_by: CI_RECORDER,
          recorded_by: CI_RECORDER,
        });
        // Each refusal is a failed audit event.
        const events = await Promise.all(
          auditor.createEvent.mock.results.map(result => result.value),
        );
        expect(events).toHaveLength(3);
        expect(events[1].fail).toHaveBeenCalledWith({
          error: expect.objectContaining({ name: 'ConflictError' }),
        });
        expect(events[1].success).not.toHaveBeenCalled();
      });

      it('lets CI move on a deployment CI recorded', async () => {
        const { post } = await startBackend(databaseId, { decide: ownersOnly });
        await post(input({ status: 'pending', finishedAt: undefined }), CI);

        const response = await post(input({ status: 'succeeded' }), CI);

        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({
          status: 'succeeded',
          recordedBy: CI_RECORDER,
          trusted: true,
        });
      });

      it('audits a denied write as failed', async () => {
        const { post, auditor, knex } = await startBackend(databaseId, {
          decide: ownersOnly,
        });

        const response = await post(input(), OTHER_TEAM);

        expect(response.status).toBe(403);
        expect(await storedIds(knex)).toEqual([]);
        const [event] = await Promise.all(
          auditor.createEvent.mock.results.map(result => result.value),
        );
        expect(event.fail).toHaveBeenCalledWith({
          error: expect.objectContaining({ name: 'NotAllowedError' }),
        });
      });

      it.each([
        ['argocd', 'the ArgoCD integration'],
        ['kubernetes', 'the Kubernetes integration'],
      ] as const)(
        'refuses a person recording source %s, storing nothing',
        async (source, integration) => {
          const { post, knex } = await startBackend(databaseId, {
            decide: ownersOnly,
          });

          const response = await post(
            { items: [input({ sourceId: 'ok' }), input({ source })] },
            OWNER,
          );

          expect(response.status).toBe(400);
          expect(response.body.error.message).toBe(
            `items[1].source: only ${integration} records source ${source}; record your deployment with source ci or manual`,
          );
          expect(await storedIds(knex)).toEqual([]);
        },
      );

      it('lets services record source argocd', async () => {
        const { post } = await startBackend(databaseId, { decide: ownersOnly });
        const response = await post(input({ source: 'argocd' }), CI);
        expect(response.status).toBe(201);
      });

      it("records a person's deployment in their own name, refusing another", async () => {
        const { post, knex } = await startBackend(databaseId, {
          decide: ownersOnly,
        });

        const own = await post(input({ triggeredBy: OWNER_REF }), OWNER);
        const forged = await post(
          input({
            sourceId: 'run-2',
            triggeredBy: 'service:ci-pipelines',
          }),
          OWNER,
        );
        const ci = await post(
          input({ sourceId: 'run-3', triggeredBy: 'user:default/maya-chen' }),
          CI,
        );

        expect(own.status).toBe(201);
        expect(own.body).toMatchObject({
          triggeredBy: OWNER_REF,
          recordedBy: OWNER_REF,
          trusted: false,
        });
        expect(forged.status).toBe(400);
        expect(forged.body.error.message).toBe(
          `triggeredBy: a person records deployments in their own name (${OWNER_REF}); leave triggeredBy out`,
        );
        expect(await storedRow(knex, 'run-2')).toBeUndefined();
        expect(ci.body).toMatchObject({
          triggeredBy: 'user:default/maya-chen',
          recordedBy: CI_RECORDER,
          trusted: true,
        });
      });

      it('lists only trusted deployments with trusted=true, and only hand-posted ones with false', async () => {
        mockToDeployment.mockReset();
        const { post, get, postWebhook } = await startBackend(databaseId, {
          decide: ownersOnly,
          config: ARGOCD_CONFIG,
        });
        await post(input({ sourceId: 'ci' }), CI);
        await post(input({ source: 'manual', sourceId: 'hand' }), OWNER);
        mockToDeployment.mockResolvedValue({
          ...input({ source: 'argocd', sourceId: 'argo' }),
          triggeredBy: 'service:argocd/main',
        });
        expect(
          (
            await postWebhook({
              instance: 'main',
              app: 'course-service',
              revision: 'a1b2c3d',
              phase: 'Succeeded',
              startedAt: '2026-01-10T10:00:00Z',
            })
          ).status,
        ).toBe(200);
        const listed = async (query: Record<string, string>) => {
          const response = await get('/deployments', query);
          expect(response.status).toBe(200);
          return response.body.items
            .map((d: { sourceId: string; recordedBy: string }) => [
              d.sourceId,
              d.recordedBy,
            ])
            .sort();
        };

        expect(await listed({ trusted: 'true' })).toEqual([
          ['argo', 'service:external:test-service'],
          ['ci', CI_RECORDER],
        ]);
        expect(
          await listed({ trusted: 'true', entityRef: COURSE_SERVICE }),
        ).toHaveLength(2);
        expect(await listed({ trusted: 'false' })).toEqual([
          ['hand', OWNER_REF],
        ]);
        expect(await listed({})).toHaveLength(3);
        const bad = await get('/deployments', { trusted: 'yes' });
        expect(bad.status).toBe(400);
        expect(bad.body.error.message).toMatch(/trusted/);
      });

      it.each([
        [
          'a javascript: URL',
          'javascript:alert(document.cookie)',
          /^url: must be an http: or https: URL, not javascript:$/,
        ],
        [
          'a JavaScript: URL in capitals',
          'JavaScript:alert(1)',
          /^url: must be an http: or https: URL, not javascript:$/,
        ],
        [
          'a data: URL',
          'data:text/html,<script>alert(1)</script>',
          /^url: must be an http: or https: URL, not data:$/,
        ],
        ['a vbscript: URL', 'vbscript:msgbox(1)', /^url: /],
        ['a relative URL', '/runs/1', /url/],
        [
          'a URL with credentials',
          'https://ci:s3cret@ci.example.com/runs/1',
          /^url: must not contain credentials/,
        ],
      ])(
        'refuses %s with a 400 naming the field, storing nothing',
        async (_, url, message) => {
          const { post, knex } = await startBackend(databaseId);

          const single = await post(input({ url }), CI);
          const batch = await post(
            {
              items: [
                input({ sourceId: 'ok' }),
                input({ sourceId: 'bad', url }),
              ],
            },
            CI,
          );

          expect(single.status).toBe(400);
          expect(single.body.error.message).toMatch(message);
          expect(batch.status).toBe(400);
          expect(batch.body.error.message).toMatch(/url/);
          expect(await storedIds(knex)).toEqual([]);
        },
      );

      it('keeps an https URL', async () => {
        const { post } = await startBackend(databaseId);
        const url =
          'https://github.com/acme-platform/course-service/actions/runs/42';
        const response = await post(input({ url }), CI);
        expect(response.status).toBe(201);
        expect(response.body.url).toBe(url);
      });

      it('refuses metadata nested 20,000 levels deep with a readable 400, storing nothing', async () => {
        const { post, get, knex } = await startBackend(databaseId);
        // Built as text: JSON.stringify itself would overflow the stack.
        const depth = 20_000;
        const body = `${JSON.stringify(input()).slice(
          0,
          -1,
        )},"metadata":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;

        const response = await post(body).set(
          'Content-Type',
          'application/json',
        );

        expect(response.status).toBe(400);
        expect(response.body.error.message).toMatch(
          /nest(s|ed) deeper than \d+ levels/,
        );
        expect(JSON.stringify(response.body)).not.toMatch(/call stack/i);
        expect(await storedIds(knex)).toEqual([]);
        // Still serving.
        expect((await get('/deployments')).status).toBe(200);
      });

      it('refuses metadata nested deeper than 32 levels, naming the field and the bound', async () => {
        const { post, knex } = await startBackend(databaseId);

        const deep = await post(
          {
            items: [input({ sourceId: 'ok' }), input({ metadata: nested(33) })],
          },
          CI,
        );
        const deepest = await post(input({ metadata: nested(32) }), CI);

        expect(deep.status).toBe(400);
        expect(deep.body.error.message).toBe(
          'items[1].metadata: nested deeper than 32 levels',
        );
        expect(deepest.status).toBe(201);
        expect(deepest.body.metadata).toEqual(nested(32));
        expect(await storedIds(knex)).toEqual([deepest.body.id]);
      });

      it('bounds the metadata a webhook notification maps to as well', async () => {
        mockToDeployment.mockReset();
        // The mapping path has no request body of that shape to guard.
        let metadata: Record<string, unknown> = {};
        for (let i = 0; i < 20_000; i++) metadata = { next: metadata };
        mockToDeployment.mockResolvedValue({
          ...input({ source: 'argocd', sourceId: 'main/course-service/9' }),
          triggeredBy: 'service:argocd/main',
          metadata,
        });
        const { postWebhook, knex } = await startBackend(databaseId, {
          config: ARGOCD_CONFIG,
        });

        const response = await postWebhook({
          instance: 'main',
          app: 'course-service',
          revision: 'a1b2c3d',
          phase: 'Succeeded',
          startedAt: '2026-01-10T10:00:00Z',
        });

        expect(response.status).toBe(400);
        expect(response.body.error.message).toBe(
          'metadata: nested deeper than 32 levels',
        );
        expect(await storedIds(knex)).toEqual([]);
      });

      it('refuses a webhook notification of an operation recorded for another entity', async () => {
        mockToDeployment.mockReset();
        const { post, postWebhook, knex } = await startBackend(databaseId, {
          config: ARGOCD_CONFIG,
        });
        await post(
          input({
            source: 'argocd',
            sourceId: 'main/billing/1',
            entityRef: BILLING_SERVICE,
            status: 'in_progress',
            finishedAt: undefined,
          }),
          CI,
        );
        mockToDeployment.mockResolvedValue({
          ...input({ source: 'argocd', sourceId: 'main/billing/1' }),
          triggeredBy: 'service:argocd/main',
        });

        const response = await postWebhook({
          instance: 'main',
          app: 'course-service',
          revision: 'a1b2c3d',
          phase: 'Succeeded',
          startedAt: '2026-01-10T10:00:00Z',
        });

        expect(response.status).toBe(409);
        expect(await storedRow(knex, 'main/billing/1')).toMatchObject({
          entity_ref: BILLING_SERVICE,
          status: 'in_progress',
        });
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
      const mapped: ReportedDeployment = {
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
          // The webhook's own token records it, not ArgoCD's name.
          recordedBy: 'service:external:test-service',
          trusted: true,
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
