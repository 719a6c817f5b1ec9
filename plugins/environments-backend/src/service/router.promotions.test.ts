import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { DeploymentsApi } from '@internal/plugin-deployments-common';
import { DateTime } from 'luxon';
import {
  callers,
  EnvironmentsBackend,
  startEnvironmentsBackend,
} from './__testUtils__/environmentsBackend';
import {
  createFakeDeployments,
  deployment,
  handPosted,
  SHA,
} from './__testUtils__/fakeDeployments';
import {
  COURSE_SERVICE,
  LEARNING_TEAM,
  PIPELINE_ENGINE,
  QUIZ_SERVICE,
  users,
} from './__testUtils__/fixtures';
import {
  ArgoCd,
  COURSE_PREVIEW,
  impostor,
  PAYMENTS_IMPOSTOR,
  PROMOTION_TARGETS,
  promotionEntities,
  startArgoCd,
} from './__testUtils__/promotionFixtures';

// The deployment history is another plugin, reached over HTTP with a
// plugin token; here an in-memory history stands in for it.
const mockDeployments = createFakeDeployments();
jest.mock('../deployments/pluginDeploymentsClient', () => ({
  pluginDeploymentsClient: (): DeploymentsApi => mockDeployments,
}));

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const { lena, paul, ada } = users;
const OLD_SHA = 'b'.repeat(40);

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

describe('POST /promotions', () => {
  let argoCd: ArgoCd;
  const started: EnvironmentsBackend[] = [];

  beforeEach(async () => {
    argoCd = await startArgoCd();
    mockDeployments.reset([
      deployment({ environment: 'staging', version: '1.4.2', commitSha: SHA }),
      deployment({
        environment: 'staging',
        version: '1.4.1',
        commitSha: OLD_SHA,
        startedAt: '2026-01-01T00:00:00.000Z',
      }),
      deployment({
        environment: 'development',
        version: '1.5.0',
        commitSha: OLD_SHA,
      }),
    ]);
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map(backend => backend.close()));
    await argoCd.close();
  });

  async function startBackend(
    databaseId: TestDatabaseId,
    options: { environments?: JsonObject; entities?: Entity[] } = {},
  ) {
    const backend = await startEnvironmentsBackend(databases, databaseId, {
      config: {
        argocd: argoCd.config,
        environments: options.environments ?? PROMOTION_TARGETS,
      },
      entities: options.entities ?? promotionEntities(),
    });
    started.push(backend);
    return backend;
  }

  const toProduction = {
    entityRef: COURSE_SERVICE,
    version: '1.4.2',
    fromEnvironment: 'staging',
    toEnvironment: 'production',
  };
  const toStaging = {
    entityRef: COURSE_SERVICE,
    version: '1.5.0',
    toEnvironment: 'staging',
  };

  /** Applications the double was asked to sync to `revision`. */
  function syncedTo(revision: string): string[] {
    return argoCd.world
      .listApplications()
      .filter(app => argoCd.syncedTo(app.metadata.name) === revision)
      .map(app => app.metadata.name);
  }

  /** A denied or refused promotion changed nothing anywhere. */
  async function expectNothingChanged(backend: EnvironmentsBackend) {
    expect(syncedTo(SHA)).toEqual([]);
    expect(syncedTo(OLD_SHA)).toEqual([]);
    expect(mockDeployments.recordDeployments).not.toHaveBeenCalled();
    expect(
      mockDeployments.history.filter(d => d.sourceId.startsWith('promotion/')),
    ).toEqual([]);
    expect(await backend.knex('environment_promotions').pluck('id')).toEqual(
      [],
    );
    expect(await backend.auditActions()).not.toContain('promotion.create');
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it("syncs production's application to the version's commit as an administrator, recording a pending deployment", async () => {
      const backend = await startBackend(databaseId);

      const response = await backend.as(ada).post('/promotions', toProduction);

      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        ...toProduction,
        status: 'pending',
        deploymentId: expect.any(String),
        revision: SHA,
        requestedBy: ada.ref,
        createdAt: expect.any(String),
      });
      expect(syncedTo(SHA)).toEqual(['course-service']);
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
          triggeredBy: ada.ref,
        }),
      ]);
      const [pending] = mockDeployments.history.filter(d =>
        d.sourceId.startsWith('promotion/'),
      );
      expect(response.body.deploymentId).toBe(pending.id);
      expect(
        (
          await backend
            .as(lena)
            .get('/promotions', { entityRef: COURSE_SERVICE })
        ).body.items,
      ).toEqual([response.body]);
      expect(
        (await backend.as(lena).get('/promotions', { entityRef: QUIZ_SERVICE }))
          .body.items,
      ).toEqual([]);
      expect(await backend.auditActions()).toEqual(['promotion.create']);
    });

    it("lets the service's owners promote to staging, through its staging application", async () => {
      const backend = await startBackend(databaseId);

      const response = await backend.as(lena).post('/promotions', toStaging);

      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        fromEnvironment: 'development',
        revision: OLD_SHA,
        requestedBy: lena.ref,
      });
      expect(syncedTo(OLD_SHA)).toEqual(['course-service-staging']);
    });

    it.each([
      [
        'an owner of the service to production',
        () => lena,
        toProduction,
        'toEnvironment: promoting to the production environment production needs the environment.promote.production permission',
      ],
      [
        'a member of another team',
        () => paul,
        toStaging,
        `entityRef: you may not promote ${COURSE_SERVICE}`,
      ],
    ])(
      'refuses %s with 403, changing nothing',
      async (_, who, body, message) => {
        const backend = await startBackend(databaseId);

        const response = await backend.as(who()).post('/promotions', body);

        expect(response.status).toBe(403);
        expect(response.body.error.message).toBe(message);
        await expectNothingChanged(backend);
      },
    );

    it('lets a service token (CI) promote, as policies do not apply to services, but never override', async () => {
      const backend = await startBackend(databaseId);
      await backend.as(ada).post('/locks', {
        environment: 'staging',
        reason: 'Load test',
      });
      const ci = backend.by(callers.service('external:ci-pipelines'));

      const overridden = await ci.post('/promotions', {
        ...toStaging,
        override: { reason: 'Pipeline' },
      });
      const promoted = await ci.post('/promotions', toProduction);

      expect(overridden.status).toBe(403);
      expect(overridden.body.error.message).toBe(
        'override: only an administrator, not a service, may promote past a lock or freeze window',
      );
      expect(promoted.status).toBe(201);
      expect(promoted.body.requestedBy).toBe('service:external:ci-pipelines');
      expect(syncedTo(OLD_SHA)).toEqual([]);
      expect(syncedTo(SHA)).toEqual(['course-service']);
    });

    it('refuses anonymous callers with 401', async () => {
      const backend = await startBackend(databaseId);
      const response = await backend.anonymous().post('/promotions', toStaging);
      expect(response.status).toBe(401);
      await expectNothingChanged(backend);
    });

    describe('the finding: a door the user controls', () => {
      it("never syncs the application a service's annotation names: payments' preview does not reach learning's production", async () => {
        // Paul's team owns payments-portal, which names course-service's
        // application; he records a succeeded deployment by hand and
        // creates a preview of his service.
        const backend = await startBackend(databaseId, {
          entities: promotionEntities(impostor),
        });
        mockDeployments.reset([
          handPosted(paul.ref, {
            entityRef: PAYMENTS_IMPOSTOR,
            environment: 'development',
            version: '6.6.6',
            commitSha: SHA,
          }),
          deployment({
            entityRef: PAYMENTS_IMPOSTOR,
            environment: 'development',
            version: '6.6.7',
            commitSha: SHA,
          }),
        ]);
        const preview = await backend.as(paul).post('/environments', {
          name: 'pay-1',
          tier: 'preview',
          ttl: 'PT72H',
          service: PAYMENTS_IMPOSTOR,
        });
        expect(preview.status).toBe(201);
        const production = argoCd.world.getApplication('course-service');

        const responses = await Promise.all(
          ['6.6.6', '6.6.7'].map(version =>
            backend.as(paul).post('/promotions', {
              entityRef: PAYMENTS_IMPOSTOR,
              version,
              toEnvironment: 'pay-1',
            }),
          ),
        );

        expect(responses.map(r => [r.status, r.body.error.message])).toEqual([
          [
            404,
            'version: component:default/payments-portal 6.6.6 has no successful deployment in any environment recorded by a trusted source (CI, ArgoCD or the portal); deployments recorded by hand do not vouch for a version',
          ],
          [
            409,
            'toEnvironment: ArgoCD instance local-double has no application preview-pay-1, which environments.previews.argocd.applicationName gives for component:default/payments-portal in pay-1',
          ],
        ]);
        expect(argoCd.world.getApplication('course-service')).toEqual(
          production,
        );
        await expectNothingChanged(backend);
      });

      it('promotes a preview of the service to its own application only', async () => {
        const backend = await startBackend(databaseId);
        expect(
          (
            await backend.as(lena).post('/environments', {
              name: COURSE_PREVIEW,
              tier: 'preview',
              ttl: 'PT72H',
              service: COURSE_SERVICE,
            })
          ).status,
        ).toBe(201);

        const response = await backend.as(lena).post('/promotions', {
          entityRef: COURSE_SERVICE,
          version: '1.4.2',
          toEnvironment: COURSE_PREVIEW,
        });

        expect(response.status).toBe(201);
        expect(syncedTo(SHA)).toEqual([`preview-${COURSE_PREVIEW}`]);
      });

      it('refuses an application another component claims too', async () => {
        const backend = await startBackend(databaseId, {
          entities: promotionEntities(impostor),
        });

        const response = await backend.as(lena).post('/promotions', toStaging);

        expect(response.status).toBe(409);
        expect(response.body.error.message).toBe(
          'entityRef: the ArgoCD application course-service-staging is claimed by component:default/course-service and component:default/payments-portal (argocd/app-name); promotions to it are refused until only one component claims it',
        );
        await expectNothingChanged(backend);
      });

      it('refuses an environment the platform has not mapped, saying what to configure', async () => {
        // learning-qa is the learning team's own catalog environment.
        const backend = await startBackend(databaseId);

        const response = await backend.as(lena).post('/promotions', {
          ...toStaging,
          toEnvironment: 'learning-qa',
        });

        expect(response.status).toBe(409);
        expect(response.body.error.message).toBe(
          'toEnvironment: environments.argocd.targets.learning-qa is not configured: promotions to learning-qa are refused',
        );
        await expectNothingChanged(backend);
      });

      it('takes a version only from a trusted deployment, never one posted by hand', async () => {
        const backend = await startBackend(databaseId);
        mockDeployments.reset([
          handPosted(lena.ref, {
            environment: 'development',
            version: '2.0.0',
          }),
        ]);
        const body = { ...toStaging, version: '2.0.0' };

        const refused = await backend.as(lena).post('/promotions', body);

        expect(refused.status).toBe(404);
        expect(refused.body.error.message).toBe(
          'version: component:default/course-service 2.0.0 has no successful deployment in development recorded by a trusted source (CI, ArgoCD or the portal); deployments recorded by hand do not vouch for a version',
        );
        await expectNothingChanged(backend);

        mockDeployments.history.push(
          deployment({ environment: 'development', version: '2.0.0' }),
        );
        const promoted = await backend.as(lena).post('/promotions', body);
        expect(promoted.status).toBe(201);
        expect(mockDeployments.listDeployments).toHaveBeenCalledWith(
          expect.objectContaining({ trusted: true }),
        );
      });

      it('refuses a fromEnvironment other than the previous environment, naming it', async () => {
        const backend = await startBackend(databaseId);

        const response = await backend.as(ada).post('/promotions', {
          ...toProduction,
          fromEnvironment: 'development',
        });

        expect(response.status).toBe(409);
        expect(response.body.error.message).toBe(
          "fromEnvironment: promotions to production come from staging, not development (the production tier's default; environments.argocd.targets.production.promotesFrom changes it)",
        );
        await expectNothingChanged(backend);
      });
    });

    describe('locks, freeze windows and overrides', () => {
      it('refuses with 409 naming the reason while the target is locked', async () => {
        const backend = await startBackend(databaseId);
        await backend.as(ada).post('/locks', {
          environment: 'production',
          reason: 'Incident 42: database failover',
        });

        const response = await backend
          .as(ada)
          .post('/promotions', toProduction);

        expect(response.status).toBe(409);
        expect(response.body.error.message).toBe(
          'toEnvironment: production is locked: Incident 42: database failover',
        );
        await expectNothingChanged(backend);
      });

      it('refuses with 409 naming the reason during a freeze window from config', async () => {
        const backend = await startBackend(databaseId, {
          environments: {
            ...PROMOTION_TARGETS,
            freezeWindows: [
              freezeWindowAroundNow('production', 'Black Friday freeze'),
            ],
          },
        });

        const response = await backend
          .as(ada)
          .post('/promotions', toProduction);

        expect(response.status).toBe(409);
        expect(response.body.error.message).toMatch(
          /^toEnvironment: production is in a freeze window: Black Friday freeze \(until .*\)$/,
        );
        await expectNothingChanged(backend);
      });

      it('refuses during a freeze window added through the API, and promotes once it is removed', async () => {
        const backend = await startBackend(databaseId);
        const window = await backend
          .as(ada)
          .post(
            '/freeze-windows',
            freezeWindowAroundNow('staging', 'Staging demo'),
          );

        const refused = await backend.as(lena).post('/promotions', toStaging);
        await backend.as(ada).del(`/freeze-windows/${window.body.id}`);
        const promoted = await backend.as(lena).post('/promotions', toStaging);

        expect(refused.status).toBe(409);
        expect(refused.body.error.message).toMatch(/Staging demo/);
        expect(promoted.status).toBe(201);
        expect(promoted.body.fromEnvironment).toBe('development');
      });

      it("refuses an override by the service's owner with 403, changing nothing", async () => {
        const backend = await startBackend(databaseId);
        await backend
          .as(ada)
          .post('/locks', { environment: 'staging', reason: 'Load test' });

        const response = await backend.as(lena).post('/promotions', {
          ...toStaging,
          override: { reason: 'I am in a hurry' },
        });

        expect(response.status).toBe(403);
        expect(response.body.error.message).toBe(
          'override: promoting past a lock or freeze window needs the environment.promote.override permission',
        );
        await expectNothingChanged(backend);
        expect(
          (await backend.as(lena).get('/locks', { environment: 'staging' }))
            .body.items,
        ).toEqual([expect.objectContaining({ reason: 'Load test' })]);
      });

      it('lets an administrator override a lock, auditing the override and its reason', async () => {
        const backend = await startBackend(databaseId);
        await backend.as(ada).post('/locks', {
          environment: 'production',
          reason: 'Incident 42',
        });

        const response = await backend.as(ada).post('/promotions', {
          ...toProduction,
          override: { reason: 'The fix for incident 42' },
        });

        expect(response.status).toBe(201);
        expect(syncedTo(SHA)).toEqual(['course-service']);
        expect(backend.auditor.createEvent).toHaveBeenCalledWith(
          expect.objectContaining({
            eventId: 'environment-promote',
            meta: expect.objectContaining({
              override: { reason: 'The fix for incident 42' },
            }),
          }),
        );
        const trail = await backend.as(ada).get('/audit', {
          environment: 'production',
        });
        expect(trail.body.items[0]).toMatchObject({
          action: 'promotion.create',
          actor: ada.ref,
          details: {
            deploymentId: response.body.deploymentId,
            override: {
              reason: 'The fix for incident 42',
              overrode: { reason: 'Incident 42', source: 'lock' },
            },
          },
        });
      });
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
        /^version: component:default\/course-service 9.9.9 has no successful deployment in staging recorded by a trusted source/,
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
        /^entityRef: component:default\/quiz-service has no argocd\/app-name annotation/,
      ],
      ['a missing version', { version: undefined }, 400, /version/],
      ['an empty override reason', { override: { reason: '' } }, 400, /reason/],
      [
        'a blank override reason',
        { override: { reason: '   ' } },
        400,
        /^override.reason: must not be empty$/,
      ],
      [
        'an override with more than a reason',
        { override: { reason: 'r', until: 'never' } },
        400,
        /override/,
      ],
    ])('rejects %s', async (_, overrides, status, message) => {
      const backend = await startBackend(databaseId);
      mockDeployments.reset([
        deployment({ environment: 'staging' }),
        deployment({ entityRef: QUIZ_SERVICE, environment: 'staging' }),
        deployment({ entityRef: PIPELINE_ENGINE, environment: 'staging' }),
      ]);

      const response = await backend.as(ada).post('/promotions', {
        ...toProduction,
        ...overrides,
      });

      expect(response.status).toBe(status);
      expect(response.body.error.message).toMatch(message);
      await expectNothingChanged(backend);
    });
  });
});
