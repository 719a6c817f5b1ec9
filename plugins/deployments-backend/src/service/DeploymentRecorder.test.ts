import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/config';
import { NewDeployment } from '../database/DeploymentStore';
import { KnexDeploymentStore } from '../database/KnexDeploymentStore';
import { DeploymentRecorder } from './DeploymentRecorder';
import { FailedDeploymentNotifier } from './FailedDeploymentNotifier';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'course-service', namespace: 'default' },
    spec: { type: 'service', owner: 'learning-team' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/learning-team' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orphan-service', namespace: 'default' },
    spec: { type: 'service' },
  },
];

function event(overrides: Partial<NewDeployment> = {}): NewDeployment {
  return {
    entityRef: 'component:default/course-service',
    environment: 'production',
    version: '1.4.2',
    commitSha: 'a1b2c3d4e5f6',
    status: 'failed',
    startedAt: '2026-01-10T10:00:00.000Z',
    triggeredBy: 'service:ci-pipelines',
    recordedBy: 'service:ci-pipelines',
    source: 'ci',
    sourceId: 'run-1',
    url: 'https://ci.example/runs/1',
    ...overrides,
  };
}

async function createRecorder(
  databaseId: TestDatabaseId,
  options: {
    config?: JsonObject;
    catalog?: ReturnType<typeof catalogServiceMock.mock>;
  } = {},
) {
  const knex = await databases.init(databaseId);
  const store = await KnexDeploymentStore.create({
    database: mockServices.database({ knex }),
  });
  const notifications = { send: jest.fn(async () => {}) };
  const logger = mockServices.logger.mock();
  const notifier = FailedDeploymentNotifier.fromConfig(
    mockServices.rootConfig({ data: options.config ?? {} }),
    {
      catalog: options.catalog ?? catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      notifications,
      logger,
    },
  );
  const recorder = new DeploymentRecorder({ store, notifier });
  return { recorder, store, notifications, logger };
}

describe.each(databases.eachSupportedId())(
  'DeploymentRecorder on %p',
  databaseId => {
    it('notifies the owning group of a failed production deployment', async () => {
      const { recorder, notifications } = await createRecorder(databaseId);

      const [{ deployment }] = await recorder.record([event()]);

      expect(notifications.send).toHaveBeenCalledTimes(1);
      expect(notifications.send).toHaveBeenCalledWith({
        recipients: {
          type: 'entity',
          entityRef: ['group:default/learning-team'],
        },
        payload: {
          title: 'course-service: deployment of 1.4.2 to production failed',
          description:
            'Commit a1b2c3d, started 2026-01-10T10:00:00.000Z by service:ci-pipelines. ' +
            'Details: https://ci.example/runs/1',
          link: '/catalog/default/component/course-service/deployments',
          severity: 'high',
          topic: 'deployments',
          scope: `deployment:${deployment.id}`,
        },
      });
    });

    it('does not notify again when the failure is replayed', async () => {
      const { recorder, notifications } = await createRecorder(databaseId);

      await recorder.record([event()]);
      await recorder.record([event()]);
      await recorder.record([event(), event()]);

      expect(notifications.send).toHaveBeenCalledTimes(1);
    });

    it('notifies when a deployment that succeeded is rolled back', async () => {
      const { recorder, notifications } = await createRecorder(databaseId);

      await recorder.record([event({ status: 'succeeded' })]);
      expect(notifications.send).not.toHaveBeenCalled();
      await recorder.record([event({ status: 'rolled_back' })]);

      expect(notifications.send).toHaveBeenCalledWith(
        expect.objectContaining({
          payload: expect.objectContaining({
            title:
              'course-service: deployment of 1.4.2 to production was rolled back',
          }),
        }),
      );
    });

    it('does not notify about other environments or statuses', async () => {
      const { recorder, notifications } = await createRecorder(databaseId);

      await recorder.record([
        event({ sourceId: '1', environment: 'staging' }),
        event({ sourceId: '2', status: 'cancelled' }),
        event({ sourceId: '3', status: 'in_progress' }),
        event({ sourceId: '4', status: 'succeeded' }),
      ]);

      expect(notifications.send).not.toHaveBeenCalled();
    });

    it('reads the production environments from config', async () => {
      const { recorder, notifications } = await createRecorder(databaseId, {
        config: { deployments: { productionEnvironments: ['live'] } },
      });

      await recorder.record([
        event({ sourceId: '1', environment: 'production' }),
        event({ sourceId: '2', environment: 'live' }),
      ]);

      expect(notifications.send).toHaveBeenCalledTimes(1);
      expect(notifications.send).toHaveBeenCalledWith(
        expect.objectContaining({
          payload: expect.objectContaining({
            title: 'course-service: deployment of 1.4.2 to live failed',
          }),
        }),
      );
    });

    it('skips, with a warning, entities without an owner in the catalog', async () => {
      const { recorder, notifications, logger } = await createRecorder(
        databaseId,
      );

      await recorder.record([
        event({ sourceId: '1', entityRef: 'component:default/orphan-service' }),
        event({ sourceId: '2', entityRef: 'component:default/unknown' }),
      ]);

      expect(notifications.send).not.toHaveBeenCalled();
      expect(logger.warn).toHaveBeenCalledTimes(2);
    });

    it('stores the deployment even when notifying fails', async () => {
      const { recorder, store, notifications, logger } = await createRecorder(
        databaseId,
      );
      notifications.send.mockRejectedValue(new Error('notifications are down'));

      const [result] = await recorder.record([event()]);

      expect(result.outcome).toBe('created');
      expect((await store.list({ filter: {}, limit: 10 })).items).toHaveLength(
        1,
      );
      expect(logger.error).toHaveBeenCalledWith(
        expect.stringContaining(result.deployment.id),
        new Error('notifications are down'),
      );
    });

    it('stores the deployment even when the catalog cannot be asked', async () => {
      const catalog = catalogServiceMock.mock({
        getEntitiesByRefs: async () => {
          throw new Error('catalog is down');
        },
      });
      const { recorder, store, notifications, logger } = await createRecorder(
        databaseId,
        { catalog },
      );

      const [result] = await recorder.record([event()]);

      expect(result.outcome).toBe('created');
      expect(await store.isEmpty()).toBe(false);
      expect(notifications.send).not.toHaveBeenCalled();
      expect(logger.error).toHaveBeenCalledWith(
        expect.any(String),
        new Error('catalog is down'),
      );
    });
  },
);
