import { LoggerService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import { Environment } from '@internal/plugin-environments-common';
import {
  errorBody,
  FakePluginApi,
  startFakePluginApi,
} from '@internal/portal-node/testUtils';
import { EnvironmentEntityProvider } from './EnvironmentEntityProvider';

const staging: Environment = {
  name: 'staging',
  tier: 'staging',
  owner: 'group:default/platform-team',
  status: 'active',
  locked: false,
  entityRef: 'resource:default/staging',
  origin: 'catalog',
  kubernetes: { cluster: 'local-double', namespace: 'staging' },
};

/** A preview described in demo/catalog/environments.yaml. */
const previewFromFile: Environment = {
  name: 'preview-course-service-pr-42',
  tier: 'preview',
  owner: 'group:default/learning-team',
  status: 'active',
  locked: false,
  entityRef: 'resource:default/preview-course-service-pr-42',
  origin: 'catalog',
};

/** A preview the scaffolder created through the API. */
const previewFromApi: Environment = {
  name: 'preview-jobs-api-7f3a2c',
  title: 'Preview of jobs-api',
  tier: 'preview',
  owner: 'group:default/jobs-team',
  status: 'expiring',
  expiresAt: '2026-11-25T10:00:00.000Z',
  locked: false,
  kubernetes: {
    cluster: 'local-double',
    namespace: 'preview-preview-jobs-api-7f3a2c',
  },
  argocd: {
    project: 'jobs',
    destinationNamespace: 'preview-preview-jobs-api-7f3a2c',
  },
  origin: 'preview',
  createdBy: 'user:default/maya-chen',
  createdAt: '2026-11-22T10:00:00.000Z',
};

/** A preview without the optional fields. */
const barePreview: Environment = {
  name: 'preview-bare',
  tier: 'preview',
  owner: 'learning-team',
  status: 'tearing_down',
  locked: false,
  origin: 'preview',
};

function fakeConnection() {
  const mutations: EntityProviderMutation[] = [];
  const connection: EntityProviderConnection = {
    async applyMutation(mutation) {
      mutations.push(mutation);
    },
    async refresh() {},
  };
  return { connection, mutations };
}

function deferredEntitiesOf(mutation: EntityProviderMutation) {
  if (mutation.type !== 'full') {
    throw new Error(`expected a full mutation, got ${mutation.type}`);
  }
  return mutation.entities;
}

function entitiesOf(mutation: EntityProviderMutation): Entity[] {
  return deferredEntitiesOf(mutation).map(({ entity }) => entity);
}

describe('EnvironmentEntityProvider', () => {
  let api: FakePluginApi;
  let logger: jest.Mocked<LoggerService>;

  beforeEach(async () => {
    api = await startFakePluginApi('environments', () => ({
      status: 200,
      body: { items: [staging, previewFromFile, previewFromApi, barePreview] },
    }));
    logger = mockServices.logger.mock();
    logger.child.mockReturnValue(logger);
  });

  afterEach(async () => {
    await api.close();
  });

  /** A provider whose scheduled task the test runs by hand. */
  function createProvider() {
    const scheduled: Array<() => Promise<void>> = [];
    const provider = EnvironmentEntityProvider.fromConfig(
      mockServices.rootConfig({
        data: { app: { baseUrl: 'https://portal.example.com' } },
      }),
      {
        logger,
        scheduler: mockServices.scheduler.mock({
          createScheduledTaskRunner: jest.fn(() => ({
            run: async ({ fn }) => {
              scheduled.push(async () => {
                await fn(new AbortController().signal);
              });
            },
          })),
        }),
        discovery: mockServices.discovery.mock({
          getBaseUrl: async () => api.baseUrl,
        }),
        auth: mockServices.auth({ pluginId: 'catalog' }),
      },
    );
    const runScheduledTask = () => Promise.all(scheduled.map(fn => fn()));
    return { provider, runScheduledTask };
  }

  it('emits the previews that only the API knows, replacing all it emitted before', async () => {
    const { provider, runScheduledTask } = createProvider();
    const { connection, mutations } = fakeConnection();
    await provider.connect(connection);
    expect(mutations).toEqual([]);

    await runScheduledTask();

    expect(mutations).toHaveLength(1);
    expect(mutations[0]).toMatchObject({ type: 'full' });
    const location = `environments-provider:${api.baseUrl}/environments`;
    expect(entitiesOf(mutations[0])).toEqual([
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'preview-jobs-api-7f3a2c',
          namespace: 'default',
          title: 'Preview of jobs-api',
          description:
            'Preview environment created by user:default/maya-chen through the environment manager; torn down at 2026-11-25T10:00:00.000Z.',
          annotations: {
            'backstage.io/managed-by-location': location,
            'backstage.io/managed-by-origin-location': location,
            'environments.portal/tier': 'preview',
            'environments.portal/expires-at': '2026-11-25T10:00:00.000Z',
            'environments.portal/kubernetes-cluster': 'local-double',
            'environments.portal/kubernetes-namespace':
              'preview-preview-jobs-api-7f3a2c',
            'environments.portal/argocd-project': 'jobs',
            'environments.portal/argocd-destination-namespace':
              'preview-preview-jobs-api-7f3a2c',
          },
          tags: ['environment', 'preview'],
          links: [
            {
              url: 'https://portal.example.com/environments/preview-jobs-api-7f3a2c',
              title: 'Environment',
              icon: 'dashboard',
            },
          ],
        },
        spec: { type: 'environment', owner: 'group:default/jobs-team' },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'preview-bare',
          namespace: 'default',
          description: 'Preview environment through the environment manager.',
          annotations: {
            'backstage.io/managed-by-location': location,
            'backstage.io/managed-by-origin-location': location,
            'environments.portal/tier': 'preview',
          },
          tags: ['environment', 'preview'],
          links: [
            {
              url: 'https://portal.example.com/environments/preview-bare',
              title: 'Environment',
              icon: 'dashboard',
            },
          ],
        },
        spec: { type: 'environment', owner: 'learning-team' },
      },
    ]);
    expect(
      deferredEntitiesOf(mutations[0]).map(({ locationKey }) => locationKey),
    ).toEqual(['environments-provider', 'environments-provider']);
  });

  it('reads the API with its own plugin token for the environments plugin', async () => {
    const { provider, runScheduledTask } = createProvider();
    await provider.connect(fakeConnection().connection);

    await runScheduledTask();

    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]).toMatchObject({
      method: 'GET',
      path: '/environments',
    });
    expect(api.requests[0].headers.authorization).toBe(
      mockCredentials.service.header({
        onBehalfOf: mockCredentials.service('plugin:catalog'),
        targetPluginId: 'environments',
      }),
    );
  });

  it('emits entities the catalog accepts', async () => {
    const { provider, runScheduledTask } = createProvider();
    const { connection, mutations } = fakeConnection();
    await provider.connect(connection);
    await runScheduledTask();

    const policy = EntityPolicies.allOf([
      new DefaultNamespaceEntityPolicy(),
      new NoForeignRootFieldsEntityPolicy(),
      new FieldFormatEntityPolicy(),
      new SchemaValidEntityPolicy(),
    ]);
    for (const entity of entitiesOf(mutations[0])) {
      const enforced = await policy.enforce(entity);
      expect(enforced).toBeDefined();
      await expect(
        resourceEntityV1alpha1Validator.check(enforced!),
      ).resolves.toBe(true);
    }
  });

  it('removes every preview once the API lists none', async () => {
    api.respondWith(() => ({ status: 200, body: { items: [staging] } }));
    const { provider, runScheduledTask } = createProvider();
    const { connection, mutations } = fakeConnection();
    await provider.connect(connection);

    await runScheduledTask();

    expect(mutations).toEqual([{ type: 'full', entities: [] }]);
  });

  it('keeps the catalog as it is while the API fails, and says why', async () => {
    api.respondWith(() => ({
      status: 503,
      body: errorBody(503, 'ServiceUnavailableError', 'Database is starting'),
    }));
    const { provider, runScheduledTask } = createProvider();
    const { connection, mutations } = fakeConnection();
    await provider.connect(connection);

    await runScheduledTask();

    expect(mutations).toEqual([]);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('Database is starting (HTTP 503)'),
    );
  });

  it('refuses to refresh before the catalog connects it', async () => {
    const { provider } = createProvider();
    await expect(provider.refresh()).rejects.toThrow('not connected');
    expect(api.requests).toEqual([]);
  });
});
