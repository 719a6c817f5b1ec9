import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DeploymentWriteResult,
  DEPLOYMENT_STATUS_RANK,
} from '@internal/plugin-deployments-common';
import {
  createDemoWorld,
  DEMO_SERVICES,
  DemoWorld,
  RunningDouble,
  startArgoCdDouble,
} from '@internal/local-doubles';
import { NewDeployment, RecordOptions } from '../database/DeploymentStore';
import { ArgoCdDeploymentReader } from './ArgoCdDeploymentReader';
import { ArgoCdNotification } from '../service/types';

const USERNAME = 'admin';
const PASSWORD = 'test-password';
const INSTANCE = 'local-double';

function component(name: string, apps: string = name): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'argocd/app-name': apps },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

/** Configuration data, as ConfigReader takes it. */
type ConfigData = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;

const demoComponents = DEMO_SERVICES.map(service => component(service.name));

/**
 * Keeps what it is given, answering like the store: created the first time
 * a sourceId is seen, updated when the status moves on, else unchanged.
 */
class CollectingRecorder {
  readonly batches: NewDeployment[][] = [];
  readonly options: Array<RecordOptions | undefined> = [];
  private readonly stored = new Map<string, NewDeployment>();

  async record(
    items: NewDeployment[],
    options?: RecordOptions,
  ): Promise<DeploymentWriteResult[]> {
    this.batches.push(items);
    this.options.push(options);
    return items.map(item => {
      const stored = this.stored.get(item.sourceId);
      const moves =
        !stored ||
        DEPLOYMENT_STATUS_RANK[item.status] >
          DEPLOYMENT_STATUS_RANK[stored.status];
      if (moves) this.stored.set(item.sourceId, item);
      const deployment = {
        ...(moves ? item : stored!),
        id: item.sourceId,
        trusted: true,
        createdAt: item.startedAt,
        updatedAt: item.startedAt,
      };
      if (!stored) return { deployment, outcome: 'created' };
      return { deployment, outcome: moves ? 'updated' : 'unchanged' };
    });
  }

  /** Everything the last pass handed over. */
  get lastPass(): NewDeployment[] {
    return this.batches.at(-1) ?? [];
  }
}

async function waitFor(check: () => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

describe('ArgoCdDeploymentReader', () => {
  let world: DemoWorld;
  let argocd: RunningDouble;

  beforeEach(async () => {
    world = createDemoWorld({ syncDurationMs: 300 });
    argocd = await startArgoCdDouble({
      port: 0,
      world,
      username: USERNAME,
      password: PASSWORD,
    });
  });

  afterEach(async () => {
    world.close();
    await argocd.close();
  });

  function createReader(
    options: {
      entities?: Entity[];
      instances?: ConfigData[];
      deployments?: ConfigData;
    } = {},
  ) {
    const logger = mockServices.logger.mock();
    const recorder = new CollectingRecorder();
    const config = new ConfigReader({
      argocd: {
        username: USERNAME,
        password: PASSWORD,
        appLocatorMethods: [
          {
            type: 'config',
            instances: options.instances ?? [
              { name: INSTANCE, url: argocd.url },
            ],
          },
        ],
      },
      ...(options.deployments && { deployments: options.deployments }),
    });
    const reader = ArgoCdDeploymentReader.fromConfig(config, {
      logger,
      catalog: catalogServiceMock({
        entities: options.entities ?? demoComponents,
      }),
      auth: mockServices.auth(),
      recorder,
    });
    return { reader, recorder, logger };
  }

  const ofApp = (items: NewDeployment[], app: string) =>
    items.filter(item => item.metadata?.app === app);

  it("maps every sync in every demo application's history", async () => {
    const { reader, recorder, logger } = createReader();

    const summary = await reader.run();

    // The reader reads only the applications the components name; the
    // double also serves others (e.g. each service's staging application).
    const named = new Set(DEMO_SERVICES.map(service => service.name));
    const applications = world
      .listApplications()
      .filter(app => named.has(app.metadata.name));
    const historyLength = applications.reduce(
      (sum, app) => sum + app.status.history.length,
      0,
    );
    expect(summary).toEqual({
      applications: DEMO_SERVICES.length,
      recorded: historyLength,
    });
    expect(recorder.lastPass).toHaveLength(historyLength);
    expect(logger.warn).not.toHaveBeenCalled();
    expect(logger.error).not.toHaveBeenCalled();

    const app = world.getApplication('jobs-api')!;
    const [first] = app.status.history;
    const latest = app.status.history.at(-1)!;
    const mapped = ofApp(recorder.lastPass, 'jobs-api');
    expect(mapped).toHaveLength(app.status.history.length);
    expect(mapped.every(item => item.status === 'succeeded')).toBe(true);
    expect(mapped[0]).toEqual({
      entityRef: 'component:default/jobs-api',
      environment: 'production',
      version: first.revision.slice(0, 7),
      commitSha: first.revision,
      status: 'succeeded',
      startedAt: new Date(first.deployStartedAt).toISOString(),
      finishedAt: new Date(first.deployedAt).toISOString(),
      triggeredBy: `service:argocd/${INSTANCE}`,
      recordedBy: 'plugin:deployments',
      source: 'argocd',
      sourceId: `${INSTANCE}/jobs-api/${new Date(
        first.deployStartedAt,
      ).toISOString()}`,
      url: `${argocd.url}/applications/argocd/jobs-api?operation=true`,
      metadata: {
        instance: INSTANCE,
        app: 'jobs-api',
        project: 'jobs',
        historyId: first.id,
        source: {
          repoURL: 'https://github.com/acme-platform/gitops',
          path: 'apps/jobs-api/overlays/production',
        },
        initiatedBy: expect.any(String),
      },
    });
    // Only the running image's tag is known, and it belongs to the latest sync.
    expect(mapped.at(-1)).toMatchObject({
      commitSha: latest.revision,
      version: latest.revision.slice(0, 7),
      image: `ghcr.io/acme-platform/jobs-api:${latest.revision.slice(0, 7)}`,
    });
    expect(mapped.filter(item => item.image)).toHaveLength(1);
    // A sync recorded for another component before its annotation moved
    // stays where it is, and does not fail the rest of the batch.
    expect(recorder.options).toEqual(
      recorder.batches.map(() => ({ onEntityConflict: 'skip' })),
    );
  });

  it('maps the same deployments on every pass and records them once', async () => {
    const { reader, recorder } = createReader();

    await reader.run();
    const second = await reader.run();

    const [firstPass, secondPass] = recorder.batches;
    expect(secondPass.map(item => item.sourceId)).toEqual(
      firstPass.map(item => item.sourceId),
    );
    expect(new Set(firstPass.map(item => item.sourceId)).size).toBe(
      firstPass.length,
    );
    expect(second.recorded).toBe(0);
  });

  it('records a running sync as in progress, then as succeeded under the same sourceId', async () => {
    const { reader, recorder } = createReader();
    const historyBefore =
      world.getApplication('learning-frontend')!.status.history.length;

    const operation = world.sync('learning-frontend').status.operationState;
    await reader.run();
    const running = ofApp(recorder.lastPass, 'learning-frontend').at(-1)!;
    expect(running).toMatchObject({
      status: 'in_progress',
      commitSha: operation.syncResult.revision,
      startedAt: new Date(operation.startedAt).toISOString(),
      metadata: { phase: 'Running', initiatedBy: 'admin' },
    });
    expect(running.finishedAt).toBeUndefined();

    await waitFor(
      () =>
        world.getApplication('learning-frontend')!.status.operationState
          .phase === 'Succeeded',
    );
    const summary = await reader.run();
    const mapped = ofApp(recorder.lastPass, 'learning-frontend');
    expect(mapped).toHaveLength(historyBefore + 1);
    expect(mapped.at(-1)).toMatchObject({
      sourceId: running.sourceId,
      status: 'succeeded',
      commitSha: running.commitSha,
      finishedAt: expect.any(String),
    });
    expect(summary.recorded).toBe(1);
  });

  it('records a terminated sync as failed under the sourceId it ran with', async () => {
    const { reader, recorder } = createReader();

    world.sync('jobs-worker');
    await reader.run();
    const running = ofApp(recorder.lastPass, 'jobs-worker').at(-1)!;
    world.terminateOperation('jobs-worker');
    await reader.run();

    expect(ofApp(recorder.lastPass, 'jobs-worker').at(-1)).toMatchObject({
      sourceId: running.sourceId,
      status: 'failed',
      finishedAt: expect.any(String),
      metadata: { phase: 'Failed', message: 'Operation terminated' },
    });
  });

  it('takes the environment from the first matching rule, else the default', async () => {
    const { reader, recorder } = createReader({
      deployments: {
        argocd: {
          defaultEnvironment: 'prod-eu',
          environments: [
            {
              project: 'platform',
              namespace: 'backstage',
              environment: 'internal',
            },
            { project: 'platform', environment: 'platform-prod' },
            { namespace: 'jobs', environment: 'staging' },
          ],
        },
      },
    });

    await reader.run();

    const environmentOf = (app: string) => [
      ...new Set(ofApp(recorder.lastPass, app).map(item => item.environment)),
    ];
    expect(environmentOf('developer-portal')).toEqual(['internal']);
    expect(environmentOf('pipeline-engine')).toEqual(['platform-prod']);
    expect(environmentOf('jobs-worker')).toEqual(['staging']);
    expect(environmentOf('course-service')).toEqual(['prod-eu']);
  });

  it('reports a refused login for its instance and still reads the others', async () => {
    const { reader, recorder, logger } = createReader({
      instances: [
        { name: 'refusing', url: argocd.url, password: 'wrong-password' },
        { name: INSTANCE, url: argocd.url },
      ],
    });

    const summary = await reader.run();

    expect(summary.applications).toBe(DEMO_SERVICES.length);
    expect(
      recorder.lastPass.every(item => item.metadata?.instance === INSTANCE),
    ).toBe(true);
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('"refusing"'),
      expect.objectContaining({
        name: 'ArgoCdAuthenticationError',
        message: expect.stringContaining('Invalid username or password'),
      }),
    );
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('reads with a static token', async () => {
    const login = await fetch(`${argocd.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: USERNAME, password: PASSWORD }),
    });
    const { token } = await login.json();
    const { reader } = createReader({
      instances: [{ name: INSTANCE, url: argocd.url, token }],
    });

    expect((await reader.run()).applications).toBe(DEMO_SERVICES.length);
  });

  it('skips applications no instance has, and reads every app an annotation lists', async () => {
    const { reader, recorder, logger } = createReader({
      entities: [
        component('ghost', 'no-such-app'),
        component('learning-apps', 'course-service, user-service'),
      ],
    });

    const summary = await reader.run();

    expect(summary.applications).toBe(2);
    expect(
      [...new Set(recorder.lastPass.map(item => item.metadata?.app))].sort(),
    ).toEqual(['course-service', 'user-service']);
    expect(
      recorder.lastPass.every(
        item => item.entityRef === 'component:default/learning-apps',
      ),
    ).toBe(true);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  describe('toDeployment', () => {
    const notification = (
      overrides: Partial<ArgoCdNotification> = {},
    ): ArgoCdNotification => ({
      instance: INSTANCE,
      app: 'course-service',
      project: 'learning',
      destinationNamespace: 'learning',
      revision: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      phase: 'Succeeded',
      startedAt: '2026-03-02T10:15:00Z',
      finishedAt: '2026-03-02T10:16:30Z',
      author: 'Maria Garcia <maria.garcia@acme.example.com>',
      images: ['ghcr.io/acme-platform/course-service:1.9.0', 'envoy:v1.31'],
      ...overrides,
    });

    it('maps a notification to the deployment of its component', async () => {
      const { reader } = createReader();

      expect(await reader.toDeployment(notification())).toEqual({
        entityRef: 'component:default/course-service',
        environment: 'production',
        version: '1.9.0',
        commitSha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
        image: 'ghcr.io/acme-platform/course-service:1.9.0',
        status: 'succeeded',
        startedAt: '2026-03-02T10:15:00.000Z',
        finishedAt: '2026-03-02T10:16:30.000Z',
        triggeredBy: `service:argocd/${INSTANCE}`,
        source: 'argocd',
        sourceId: `${INSTANCE}/course-service/2026-03-02T10:15:00.000Z`,
        url: `${argocd.url}/applications/argocd/course-service?operation=true`,
        metadata: {
          instance: INSTANCE,
          app: 'course-service',
          project: 'learning',
          destinationNamespace: 'learning',
          author: 'Maria Garcia <maria.garcia@acme.example.com>',
        },
      });
    });

    it.each([
      ['Running', 'in_progress'],
      ['Terminating', 'in_progress'],
      ['Succeeded', 'succeeded'],
      ['Failed', 'failed'],
      ['Error', 'failed'],
    ] as const)('maps phase %s to status %s', async (phase, status) => {
      const { reader } = createReader();

      const deployment = await reader.toDeployment(notification({ phase }));

      expect(deployment?.status).toBe(status);
      expect(deployment?.finishedAt !== undefined).toBe(
        status !== 'in_progress',
      );
    });

    it('agrees with the reader on the sourceId of a sync', async () => {
      const { reader, recorder } = createReader({
        deployments: {
          argocd: {
            environments: [{ project: 'jobs', environment: 'staging' }],
          },
        },
      });
      await reader.run();
      const entry = world.getApplication('jobs-api')!.status.history.at(-1)!;

      const deployment = await reader.toDeployment(
        notification({
          app: 'jobs-api',
          project: 'jobs',
          revision: entry.revision,
          startedAt: entry.deployStartedAt,
          finishedAt: entry.deployedAt,
        }),
      );

      const read = ofApp(recorder.lastPass, 'jobs-api').at(-1)!;
      expect(deployment).toMatchObject({
        sourceId: read.sourceId,
        environment: read.environment,
        startedAt: read.startedAt,
        commitSha: read.commitSha,
      });
    });

    it('maps nothing for an application no component is annotated with', async () => {
      const { reader } = createReader();

      expect(
        await reader.toDeployment(notification({ app: 'no-such-app' })),
      ).toBeUndefined();
    });
  });
});
