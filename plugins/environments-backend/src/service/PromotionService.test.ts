import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import {
  EnvironmentTier,
  PromotionRequest,
  Weekday,
} from '@internal/plugin-environments-common';
import { DateTime } from 'luxon';
import { ArgoCdApplications } from '../argocd/ArgoCdApplications';
import { readArgoCdPromotionTargets } from '../argocd/promotionTargets';
import { PreviewRecord } from '../database/EnvironmentStore';
import { KnexEnvironmentStore } from '../database/KnexEnvironmentStore';
import { ResolvedEnvironment } from './EnvironmentDirectory';
import { ConfiguredFreezeWindow, EnvironmentLocks } from './EnvironmentLocks';
import { PromotionService } from './PromotionService';
import {
  createFakeDeployments,
  deployment,
  handPosted,
  SHA,
} from './__testUtils__/fakeDeployments';
import {
  COURSE_SERVICE,
  PIPELINE_ENGINE,
  PLATFORM_TEAM,
  QUIZ_SERVICE,
  TestUser,
  users,
  LEARNING_TEAM,
} from './__testUtils__/fixtures';
import {
  ArgoCd,
  COURSE_PREVIEW,
  impostor,
  PAYMENTS_IMPOSTOR,
  PROMOTION_TARGETS,
  promotionEntities,
  serviceNaming,
  startArgoCd,
  STRAY_PREVIEW,
} from './__testUtils__/promotionFixtures';

jest.setTimeout(30_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const deployments = createFakeDeployments();

const { lena, paul, ada } = users;
const OTHER_SHA = 'b'.repeat(40);

function catalogEnvironment(
  name: string,
  tier: EnvironmentTier,
): ResolvedEnvironment {
  return {
    origin: 'catalog',
    name,
    catalog: {
      name,
      tier,
      owner: PLATFORM_TEAM,
      entityRef: `resource:default/${name}`,
    },
  };
}

function preview(name: string, service?: string): ResolvedEnvironment {
  const record: PreviewRecord = {
    name,
    owner: LEARNING_TEAM,
    ...(service && { service }),
    ttl: 'PT72H',
    status: 'active',
    expiresAt: '2099-01-01T00:00:00.000Z',
    createdBy: lena.ref,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
  return { origin: 'preview', name, preview: record };
}

const environments: ResolvedEnvironment[] = [
  catalogEnvironment('development', 'development'),
  catalogEnvironment('staging', 'staging'),
  catalogEnvironment('production', 'production'),
  // In the catalog, but not in the platform's mapping.
  catalogEnvironment('qa', 'staging'),
  preview(COURSE_PREVIEW, COURSE_SERVICE),
  preview(STRAY_PREVIEW, COURSE_SERVICE),
  preview('pr-quiz', QUIZ_SERVICE),
  preview('pr-legacy'),
  preview('pay-1', PAYMENTS_IMPOSTOR),
];

/**
 * The portal's policy, as far as promotions go: administrators may do
 * anything; others promote the services their groups own, never to
 * production or past a lock. Services pass, as with the real framework.
 */
function portalPolicy(entities: Entity[]) {
  return (
    request: EvaluatePermissionRequest,
    credentials: BackstageCredentials,
  ): AuthorizeResult.ALLOW | AuthorizeResult.DENY => {
    const principal = credentials.principal as {
      type: string;
      userEntityRef?: string;
    };
    // As the framework's permission client: services are not subject to policies.
    if (principal.type === 'service') return AuthorizeResult.ALLOW;
    const { userEntityRef } = principal;
    const ownership =
      Object.values(users).find(u => u.ref === userEntityRef)
        ?.ownershipEntityRefs ?? [];
    if (ownership.includes(PLATFORM_TEAM)) return AuthorizeResult.ALLOW;
    if (request.permission.name !== 'environment.promote') {
      return AuthorizeResult.DENY;
    }
    const entity = entities.find(
      e => stringifyEntityRef(e) === request.resourceRef,
    );
    return entity?.relations?.some(
      r => r.type === 'ownedBy' && ownership.includes(r.targetRef),
    )
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY;
  };
}

describe('PromotionService', () => {
  let argoCd: ArgoCd;

  beforeEach(async () => {
    argoCd = await startArgoCd();
    deployments.reset([
      deployment({ environment: 'staging', version: '1.4.2', commitSha: SHA }),
      deployment({
        environment: 'development',
        version: '1.5.0',
        commitSha: OTHER_SHA,
      }),
    ]);
  });

  afterEach(() => argoCd.close());

  async function setUp(
    options: {
      entities?: Entity[];
      environments?: JsonObject;
      configuredWindows?: ConfiguredFreezeWindow[];
    } = {},
  ) {
    const entities = options.entities ?? promotionEntities();
    const config = new ConfigReader({
      argocd: argoCd.config,
      environments: options.environments ?? PROMOTION_TARGETS,
    });
    const knex = await databases.init('SQLITE_3');
    const store = await KnexEnvironmentStore.create({
      database: mockServices.database({ knex }),
    });
    const locks = new EnvironmentLocks({
      store,
      configuredWindows: options.configuredWindows ?? [],
    });
    const policy = portalPolicy(entities);
    const permissions = mockServices.permissions.mock({
      authorize: async (requests, { credentials }) =>
        (requests as EvaluatePermissionRequest[]).map(r => ({
          result: policy(r, credentials),
        })),
    });
    const onPromoted = jest.fn();
    const service = new PromotionService({
      store,
      directory: {
        get: async (name, field) => {
          const found = environments.find(e => e.name === name);
          if (!found) {
            throw new NotFoundError(`${field}: no environment named ${name}`);
          }
          return found;
        },
      },
      locks,
      deployments,
      argoCd: ArgoCdApplications.fromConfig(config, {
        logger: mockServices.logger.mock(),
        cacheTtlMs: 0,
      }),
      targets: readArgoCdPromotionTargets(config),
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      permissions,
      onPromoted,
    });
    const promote = (user: TestUser, request: Partial<PromotionRequest>) =>
      service.promote(
        {
          entityRef: COURSE_SERVICE,
          version: '1.4.2',
          toEnvironment: 'production',
          ...request,
        },
        { credentials: mockCredentials.user(user.ref), actor: user.ref },
      );
    return { service, store, knex, promote, onPromoted };
  }

  /** Every application the double synced to a revision no history had. */
  function syncedAnywhere(revision: string) {
    return argoCd.world
      .listApplications()
      .filter(app => argoCd.syncedTo(app.metadata.name) === revision)
      .map(app => app.metadata.name);
  }

  /** Nothing happened: no sync, no deployment, no promotion, no audit entry. */
  async function expectNothingChanged(
    knex: Awaited<ReturnType<typeof setUp>>['knex'],
  ) {
    expect(syncedAnywhere(SHA)).toEqual([]);
    expect(syncedAnywhere(OTHER_SHA)).toEqual([]);
    expect(deployments.recordDeployments).not.toHaveBeenCalled();
    expect(await knex('environment_promotions').pluck('id')).toEqual([]);
    expect(await knex('environment_audit').pluck('action')).toEqual([]);
  }

  describe('catalog environments', () => {
    it("syncs the mapping's application to the commit a trusted deployment of the previous environment names", async () => {
      const { promote, store, onPromoted } = await setUp();

      const promotion = await promote(ada, { fromEnvironment: 'staging' });

      expect(promotion).toMatchObject({
        entityRef: COURSE_SERVICE,
        version: '1.4.2',
        fromEnvironment: 'staging',
        toEnvironment: 'production',
        status: 'pending',
        revision: SHA,
        requestedBy: ada.ref,
      });
      expect(syncedAnywhere(SHA)).toEqual(['course-service']);
      expect(deployments.listDeployments).toHaveBeenCalledWith(
        expect.objectContaining({
          entityRef: COURSE_SERVICE,
          environment: 'staging',
          status: 'succeeded',
          trusted: true,
        }),
      );
      expect(deployments.recordDeployments).toHaveBeenCalledWith([
        expect.objectContaining({
          environment: 'production',
          commitSha: SHA,
          status: 'pending',
          source: 'manual',
          sourceId: `promotion/${promotion.id}`,
          metadata: {
            promotionId: promotion.id,
            fromEnvironment: 'staging',
            argocd: { instance: 'local-double', app: 'course-service' },
          },
        }),
      ]);
      const { items } = await store.listAudit({ limit: 10 });
      expect(items).toEqual([
        expect.objectContaining({
          environment: 'production',
          action: 'promotion.create',
          actor: ada.ref,
          details: expect.objectContaining({
            fromEnvironment: 'staging',
            revision: SHA,
            vouchedBy: {
              deploymentId: deployments.history[0].id,
              recordedBy: 'service:ci-pipelines',
            },
            argocd: { instance: 'local-double', app: 'course-service' },
          }),
        }),
      ]);
      expect(items[0].details).not.toHaveProperty('override');
      expect(onPromoted).toHaveBeenCalledWith(COURSE_SERVICE);
    });

    it("promotes to staging through the service's staging application, from development", async () => {
      const { promote } = await setUp();

      const promotion = await promote(lena, {
        version: '1.5.0',
        toEnvironment: 'staging',
      });

      expect(promotion.fromEnvironment).toBe('development');
      expect(syncedAnywhere(OTHER_SHA)).toEqual(['course-service-staging']);
    });

    it('refuses an environment the mapping does not configure, saying what to configure', async () => {
      const { promote, knex } = await setUp();

      await expect(promote(ada, { toEnvironment: 'qa' })).rejects.toThrow(
        'toEnvironment: environments.argocd.targets.qa is not configured: promotions to qa are refused',
      );
      await expectNothingChanged(knex);
    });

    it('refuses every catalog environment when nothing is mapped', async () => {
      const { promote, knex } = await setUp({ environments: {} });

      await expect(promote(ada, {})).rejects.toThrow(
        'toEnvironment: environments.argocd.targets.production is not configured: promotions to production are refused',
      );
      await expectNothingChanged(knex);
    });
  });

  describe('trusted provenance', () => {
    it('never takes a version from a deployment posted by hand', async () => {
      deployments.reset([
        handPosted(lena.ref, { environment: 'staging', version: '2.0.0' }),
      ]);
      const { promote, knex } = await setUp();

      await expect(promote(ada, { version: '2.0.0' })).rejects.toThrow(
        'version: component:default/course-service 2.0.0 has no successful deployment in staging recorded by a trusted source (CI, ArgoCD or the portal); deployments recorded by hand do not vouch for a version',
      );
      await expectNothingChanged(knex);
    });

    it('takes it once a trusted source recorded it', async () => {
      deployments.reset([
        handPosted(lena.ref, {
          environment: 'staging',
          version: '2.0.0',
          commitSha: OTHER_SHA,
        }),
        deployment({
          environment: 'staging',
          version: '2.0.0',
          commitSha: SHA,
        }),
      ]);
      const { promote } = await setUp();

      const promotion = await promote(ada, { version: '2.0.0' });

      expect(promotion.revision).toBe(SHA);
      expect(syncedAnywhere(OTHER_SHA)).toEqual([]);
    });

    it('checks trust itself, should the history ignore trusted=true', async () => {
      deployments.reset([]);
      deployments.listDeployments.mockResolvedValue({
        items: [
          handPosted(lena.ref, { environment: 'staging', version: '1.4.2' }),
        ],
      });
      const { promote, knex } = await setUp();

      await expect(promote(ada, {})).rejects.toThrow(
        /has no successful deployment in staging recorded by a trusted source/,
      );
      await expectNothingChanged(knex);
    });

    it('searches older pages of the history', async () => {
      deployments.reset([
        deployment({
          environment: 'staging',
          version: '0.1.0',
          startedAt: '2020-01-01T00:00:00.000Z',
        }),
        ...Array.from({ length: 600 }, (_, i) =>
          deployment({ environment: 'staging', version: `9.${i}.0` }),
        ),
      ]);
      const { promote } = await setUp();

      expect((await promote(ada, { version: '0.1.0' })).revision).toBe(SHA);
      expect(deployments.listDeployments).toHaveBeenCalledTimes(2);
    });

    it.each([
      [
        'production from development',
        { toEnvironment: 'production', fromEnvironment: 'development' },
        "fromEnvironment: promotions to production come from staging, not development (the production tier's default; environments.argocd.targets.production.promotesFrom changes it)",
      ],
      [
        'staging from a preview',
        { toEnvironment: 'staging', fromEnvironment: COURSE_PREVIEW },
        `fromEnvironment: promotions to staging come from development, not ${COURSE_PREVIEW} (the staging tier's default; environments.argocd.targets.staging.promotesFrom changes it)`,
      ],
    ])('refuses %s', async (_, request, message) => {
      const { promote, knex } = await setUp();
      await expect(promote(ada, request)).rejects.toThrow(message);
      await expectNothingChanged(knex);
    });

    it("takes the previous environment from the mapping's promotesFrom", async () => {
      const targets = PROMOTION_TARGETS.argocd as JsonObject;
      const { promote } = await setUp({
        environments: {
          ...PROMOTION_TARGETS,
          argocd: {
            targets: {
              ...(targets.targets as JsonObject),
              production: {
                instance: 'local-double',
                projects: ['learning'],
                promotesFrom: 'development',
              },
            },
          },
        },
      });

      await expect(
        promote(ada, { fromEnvironment: 'staging' }),
      ).rejects.toThrow(
        'fromEnvironment: promotions to production come from development, not staging (environments.argocd.targets.production.promotesFrom)',
      );
      const promotion = await promote(ada, { version: '1.5.0' });
      expect(promotion).toMatchObject({
        fromEnvironment: 'development',
        revision: OTHER_SHA,
      });
    });

    it('lets development take a trusted deployment from anywhere, or from the environment asked for', async () => {
      deployments.reset([
        deployment({
          environment: 'staging',
          version: '1.4.2',
          commitSha: SHA,
        }),
      ]);
      const { promote } = await setUp();

      const anywhere = await promote(lena, { toEnvironment: 'development' });
      expect(anywhere.fromEnvironment).toBe('staging');
      expect(syncedAnywhere(SHA)).toEqual(['course-service-development']);

      await expect(
        promote(lena, {
          toEnvironment: 'development',
          fromEnvironment: 'production',
        }),
      ).rejects.toThrow(/has no successful deployment in production/);
    });
  });

  describe('the application', () => {
    it.each([
      [
        'a service without argocd/app-name',
        serviceNaming('quiz-service', LEARNING_TEAM, undefined),
        'entityRef: component:default/quiz-service has no argocd/app-name annotation, so it cannot be promoted through ArgoCD (environments.argocd.targets.production.application names applications after it)',
      ],
      [
        'a service naming several applications',
        serviceNaming('quiz-service', LEARNING_TEAM, 'quiz-a, quiz-b'),
        'entityRef: component:default/quiz-service names several ArgoCD applications in argocd/app-name (quiz-a, quiz-b); a promotion needs exactly one',
      ],
      [
        'an application name ArgoCD cannot have',
        serviceNaming('quiz-service', LEARNING_TEAM, '../projects/x'),
        'entityRef: environments.argocd.targets.production.application gives "../projects/x" for component:default/quiz-service, which is not a valid ArgoCD application name',
      ],
      [
        'an application the instance does not have',
        serviceNaming('quiz-service', LEARNING_TEAM, 'quiz-service'),
        'toEnvironment: ArgoCD instance local-double has no application quiz-service, which environments.argocd.targets.production gives for component:default/quiz-service in production',
      ],
      [
        "an application of a project production's mapping does not allow",
        serviceNaming('quiz-service', LEARNING_TEAM, 'course-service-staging'),
        'toEnvironment: the ArgoCD application course-service-staging is in project default, but promotions to production only sync applications of learning, jobs, platform (environments.argocd.targets.production.projects)',
      ],
    ])('refuses %s', async (_, quizService, message) => {
      deployments.reset([
        deployment({ entityRef: QUIZ_SERVICE, environment: 'staging' }),
      ]);
      const { promote, knex } = await setUp({
        entities: [
          ...promotionEntities().filter(
            e => stringifyEntityRef(e) !== QUIZ_SERVICE,
          ),
          quizService,
        ],
      });

      await expect(promote(ada, { entityRef: QUIZ_SERVICE })).rejects.toThrow(
        message,
      );
      await expectNothingChanged(knex);
    });

    it('refuses an application deploying to a namespace the mapping does not allow', async () => {
      const targets = (PROMOTION_TARGETS.argocd as JsonObject)
        .targets as JsonObject;
      const { promote, knex } = await setUp({
        environments: {
          ...PROMOTION_TARGETS,
          argocd: {
            targets: {
              ...targets,
              staging: {
                ...(targets.staging as JsonObject),
                destinationNamespaces: ['qa'],
              },
            },
          },
        },
      });

      await expect(
        promote(ada, { version: '1.5.0', toEnvironment: 'staging' }),
      ).rejects.toThrow(
        'toEnvironment: the ArgoCD application course-service-staging deploys to namespace staging, but promotions to staging only sync applications deploying to qa (environments.argocd.targets.staging.destinationNamespaces)',
      );
      await expectNothingChanged(knex);
    });

    it('refuses an application two components claim, whichever of them is promoted', async () => {
      deployments.reset([
        deployment({ environment: 'staging' }),
        deployment({
          entityRef: PAYMENTS_IMPOSTOR,
          environment: 'development',
        }),
      ]);
      const { promote, knex } = await setUp({
        entities: promotionEntities(impostor),
      });
      const claimed =
        '(argocd/app-name); promotions to it are refused until only one component claims it';

      await expect(promote(ada, {})).rejects.toThrow(
        `entityRef: the ArgoCD application course-service is claimed by component:default/course-service and component:default/payments-portal ${claimed}`,
      );
      await expect(
        promote(paul, {
          entityRef: PAYMENTS_IMPOSTOR,
          toEnvironment: 'staging',
        }),
      ).rejects.toThrow(
        `entityRef: the ArgoCD application course-service-staging is claimed by component:default/payments-portal and component:default/course-service ${claimed}`,
      );
      await expectNothingChanged(knex);
    });

    it('promotes a service once it is the only one to claim its application', async () => {
      const { promote } = await setUp();
      await expect(promote(ada, {})).resolves.toMatchObject({
        toEnvironment: 'production',
      });
    });

    it('answers 503 and records the deployment failed when ArgoCD does not start the sync', async () => {
      const { promote, knex } = await setUp();
      argoCd.world.sync('course-service', OTHER_SHA);

      await expect(promote(ada, {})).rejects.toThrow(
        'ArgoCD did not start the sync of course-service',
      );
      expect(deployments.history.filter(d => d.source === 'manual')).toEqual([
        expect.objectContaining({
          status: 'failed',
          environment: 'production',
        }),
      ]);
      expect(await knex('environment_promotions').pluck('id')).toEqual([]);
    });
  });

  describe('previews', () => {
    it("syncs only the preview's own application", async () => {
      const { promote } = await setUp();

      const promotion = await promote(lena, { toEnvironment: COURSE_PREVIEW });

      expect(promotion).toMatchObject({
        toEnvironment: COURSE_PREVIEW,
        fromEnvironment: 'staging',
        revision: SHA,
      });
      expect(syncedAnywhere(SHA)).toEqual([`preview-${COURSE_PREVIEW}`]);
    });

    it("never reaches the application a service names, e.g. another team's production", async () => {
      // Payments' own service names course-service's application, with a
      // succeeded deployment of its own, and a preview of its own.
      deployments.reset([
        deployment({ entityRef: PAYMENTS_IMPOSTOR, environment: 'staging' }),
      ]);
      const { promote, knex } = await setUp({
        entities: promotionEntities(impostor),
      });
      const before = argoCd.world.getApplication('course-service');

      await expect(
        promote(paul, { entityRef: PAYMENTS_IMPOSTOR, toEnvironment: 'pay-1' }),
      ).rejects.toThrow(
        'toEnvironment: ArgoCD instance local-double has no application preview-pay-1, which environments.previews.argocd.applicationName gives for component:default/payments-portal in pay-1',
      );
      expect(argoCd.world.getApplication('course-service')).toEqual(before);
      await expectNothingChanged(knex);
    });

    it.each([
      [
        'another service than the preview is of',
        { entityRef: COURSE_SERVICE, toEnvironment: 'pr-quiz' },
        'toEnvironment: pr-quiz is a preview of component:default/quiz-service; only that service can be promoted to it',
      ],
      [
        'a preview from before previews belonged to a service',
        { toEnvironment: 'pr-legacy' },
        'toEnvironment: pr-legacy was created before previews belonged to a service, so nothing can be promoted to it; create a new preview of the service',
      ],
      [
        "a preview whose application is not in previews' project",
        { toEnvironment: STRAY_PREVIEW },
        `toEnvironment: the ArgoCD application preview-${STRAY_PREVIEW} is in project default, but promotions to ${STRAY_PREVIEW} only sync applications of previews (environments.previews.argocd.project)`,
      ],
    ])('refuses %s', async (_, request, message) => {
      const { promote, knex } = await setUp();
      await expect(promote(lena, request)).rejects.toThrow(message);
      await expectNothingChanged(knex);
    });

    it("refuses a preview application outside the previews' namespace", async () => {
      const { promote, knex } = await setUp({
        environments: {
          ...PROMOTION_TARGETS,
          previews: {
            provider: 'argocd',
            argocd: {
              instance: 'local-double',
              project: 'previews',
              namespace: 'previews',
            },
          },
        },
      });
      await expect(
        promote(lena, { toEnvironment: COURSE_PREVIEW }),
      ).rejects.toThrow(
        `toEnvironment: the ArgoCD application preview-${COURSE_PREVIEW} deploys to namespace preview-${COURSE_PREVIEW}, but promotions to ${COURSE_PREVIEW} only sync applications deploying to previews (environments.previews.argocd.namespace)`,
      );
      await expectNothingChanged(knex);
    });

    it.each([
      [
        'without a previews project',
        { provider: 'argocd', argocd: { instance: 'local-double' } },
        'toEnvironment: environments.previews.argocd.project is not configured: promotions to previews are refused',
      ],
      [
        'of another provider',
        {
          provider: 'kubernetes',
          kubernetes: { url: 'https://k8s', token: 't' },
        },
        'toEnvironment: previews of provider kubernetes cannot be promoted to',
      ],
    ])('refuses previews %s', async (_, previews, message) => {
      const { promote, knex } = await setUp({
        environments: { ...PROMOTION_TARGETS, previews },
      });
      await expect(
        promote(lena, { toEnvironment: COURSE_PREVIEW }),
      ).rejects.toThrow(message);
      await expectNothingChanged(knex);
    });
  });

  describe('permissions, locks and overrides', () => {
    it('needs environment.promote on the service', async () => {
      const { promote, knex } = await setUp();
      await expect(
        promote(paul, { toEnvironment: 'staging', version: '1.5.0' }),
      ).rejects.toThrow(`entityRef: you may not promote ${COURSE_SERVICE}`);
      await expectNothingChanged(knex);
    });

    it('needs environment.promote.production for production, even for owners', async () => {
      const { promote, knex } = await setUp();
      await expect(promote(lena, {})).rejects.toThrow(
        'toEnvironment: promoting to the production environment production needs the environment.promote.production permission',
      );
      await expectNothingChanged(knex);
    });

    it('refuses a locked target, and an override by anyone but an administrator', async () => {
      const { promote, store, knex } = await setUp();
      await store.createLock(
        { environment: 'staging', reason: 'Load test', createdBy: ada.ref },
        { environment: 'staging', action: 'lock.create', actor: ada.ref },
      );
      await knex('environment_audit').delete();
      const request = { toEnvironment: 'staging', version: '1.5.0' };

      await expect(promote(lena, request)).rejects.toThrow(
        'toEnvironment: staging is locked: Load test',
      );
      await expect(
        promote(lena, { ...request, override: { reason: 'Hotfix' } }),
      ).rejects.toThrow(
        'override: promoting past a lock or freeze window needs the environment.promote.override permission',
      );
      await expectNothingChanged(knex);
      expect(await knex('environment_locks').pluck('reason')).toEqual([
        'Load test',
      ]);
    });

    it('lets an administrator override a lock, auditing the reason and the lock', async () => {
      const { promote, store, knex } = await setUp();
      await store.createLock(
        {
          environment: 'production',
          reason: 'Incident 42',
          createdBy: ada.ref,
        },
        { environment: 'production', action: 'lock.create', actor: ada.ref },
      );

      const promotion = await promote(ada, {
        override: { reason: 'Fix for incident 42' },
      });

      const override = {
        reason: 'Fix for incident 42',
        overrode: { reason: 'Incident 42', source: 'lock' },
      };
      expect(syncedAnywhere(SHA)).toEqual(['course-service']);
      expect(deployments.recordDeployments).toHaveBeenCalledWith([
        expect.objectContaining({
          metadata: expect.objectContaining({ override }),
        }),
      ]);
      const [entry] = (await store.listAudit({ limit: 1 })).items;
      expect(entry).toMatchObject({
        action: 'promotion.create',
        details: { deploymentId: promotion.deploymentId, override },
      });
      // The lock stays for everyone else.
      expect(await knex('environment_locks').pluck('reason')).toEqual([
        'Incident 42',
      ]);
    });

    it('lets an administrator override a freeze window', async () => {
      const weekly = (at: DateTime) => ({
        day: at.toFormat('cccc').toLocaleLowerCase('en-US') as Weekday,
        time: at.toFormat('HH:mm'),
      });
      const now = DateTime.utc();
      const { promote, store } = await setUp({
        configuredWindows: [
          {
            id: 'config:0',
            environment: 'production',
            reason: 'Release freeze',
            timeZone: 'UTC',
            start: weekly(now.minus({ hours: 1 })),
            end: weekly(now.plus({ hours: 1 })),
          },
        ],
      });

      await expect(promote(ada, {})).rejects.toThrow(
        /^toEnvironment: production is in a freeze window: Release freeze \(until .+\)$/,
      );
      await promote(ada, { override: { reason: 'Security fix' } });

      const [entry] = (await store.listAudit({ limit: 1 })).items;
      expect(entry.details.override).toEqual({
        reason: 'Security fix',
        overrode: {
          reason: 'Release freeze',
          until: expect.any(String),
          source: 'freeze-window',
        },
      });
    });

    it('refuses an override from a service token, which no policy restricts', async () => {
      const { service, store, knex } = await setUp();
      await store.createLock(
        {
          environment: 'production',
          reason: 'Incident 42',
          createdBy: ada.ref,
        },
        { environment: 'production', action: 'lock.create', actor: ada.ref },
      );
      await knex('environment_audit').delete();

      await expect(
        service.promote(
          {
            entityRef: COURSE_SERVICE,
            version: '1.4.2',
            toEnvironment: 'production',
            override: { reason: 'Pipeline says so' },
          },
          {
            credentials: mockCredentials.service('external:ci-pipelines'),
            actor: 'service:external:ci-pipelines',
          },
        ),
      ).rejects.toThrow(
        'override: only an administrator, not a service, may promote past a lock or freeze window',
      );
      await expectNothingChanged(knex);
    });

    it('refuses an override without a reason', async () => {
      const { promote, knex } = await setUp();
      await expect(
        promote(ada, { override: { reason: '  ' } }),
      ).rejects.toThrow('override.reason: must not be empty');
      await expectNothingChanged(knex);
    });
  });

  it('promotes pipeline-engine, whose owners are not the learning team, for its own owners', async () => {
    deployments.reset([
      deployment({
        entityRef: PIPELINE_ENGINE,
        environment: 'development',
        commitSha: OTHER_SHA,
      }),
    ]);
    const { promote } = await setUp();

    await expect(
      promote(lena, { entityRef: PIPELINE_ENGINE, toEnvironment: 'staging' }),
    ).rejects.toThrow(`entityRef: you may not promote ${PIPELINE_ENGINE}`);
    const promotion = await promote(paul, {
      entityRef: PIPELINE_ENGINE,
      toEnvironment: 'staging',
    });
    expect(promotion.requestedBy).toBe(paul.ref);
    expect(syncedAnywhere(OTHER_SHA)).toEqual(['pipeline-engine-staging']);
  });
});
