import { ConfigReader } from '@backstage/config';
import { ArgoService } from '@roadiehq/backstage-plugin-argo-cd-node';
import {
  decodeErrors,
  roadieCodecs,
} from '../__testUtils__/roadieArgoCdCodecs';
import { waitFor } from '../__testUtils__/http';
import { RunningDouble } from '../http/listen';
import { createDemoWorld, DemoWorld } from '../world/createDemoWorld';
import { startArgoCdDouble } from './startArgoCdDouble';

/**
 * The Roadie ArgoCD backend's own service, pointed at the double the way
 * app-config.yaml points it: it logs in with username and password, then
 * makes the calls behind the portal's ArgoCD tab. What it returns is what
 * the frontend then decodes, so those results go through the codecs too.
 */

const PASSWORD = 'test-password';
const INSTANCE = 'local-double';

const silentLogger = {
  error: jest.fn(),
  warn: jest.fn(),
  info: jest.fn(),
  debug: jest.fn(),
  child() {
    return silentLogger;
  },
};

describe('the Roadie ArgoCD backend against the ArgoCD double', () => {
  let world: DemoWorld;
  let argocd: RunningDouble;
  let service: ArgoService;

  beforeEach(async () => {
    world = createDemoWorld({ syncDurationMs: 100 });
    argocd = await startArgoCdDouble({
      port: 0,
      world,
      username: 'admin',
      password: PASSWORD,
    });
    const config = new ConfigReader({
      argocd: {
        username: 'admin',
        password: PASSWORD,
        waitCycles: 1,
        appLocatorMethods: [
          { type: 'config', instances: [{ name: INSTANCE, url: argocd.url }] },
        ],
      },
    });
    service = ArgoService.fromConfig({ config, logger: silentLogger });
  });

  afterEach(async () => {
    world.close();
    await argocd.close();
  });

  const instance = () => ({ name: INSTANCE, url: argocd.url });

  it('logs in with the configured username and password', async () => {
    const token = await service.getArgoToken(instance());
    expect(token.split('.')).toHaveLength(3);
  });

  it('fails the login with a wrong password the way it expects a 401', async () => {
    const config = new ConfigReader({
      argocd: {
        username: 'admin',
        password: 'wrong',
        appLocatorMethods: [
          { type: 'config', instances: [{ name: INSTANCE, url: argocd.url }] },
        ],
      },
    });
    const wrong = ArgoService.fromConfig({ config, logger: silentLogger });
    await expect(wrong.getArgoToken(instance())).rejects.toThrow(
      `Getting unauthorized for Argo CD instance ${argocd.url}`,
    );
  });

  it('fetches an application by name, decodable by the frontend', async () => {
    const token = await service.getArgoToken(instance());
    const app = await service.getArgoAppData(argocd.url, INSTANCE, token, {
      name: 'course-service',
    });
    expect(app.metadata.name).toBe('course-service');
    expect(decodeErrors(roadieCodecs.argoCDAppDetails, app)).toEqual([]);
  });

  it('finds applications by selector, decodable by the frontend', async () => {
    const token = await service.getArgoToken(instance());
    const list = await service.getArgoAppData(argocd.url, INSTANCE, token, {
      selector: 'backstage-name=notification-service',
    });
    // The service's applications of every environment carry its label.
    expect(
      list.items.map((a: any) => [a.metadata.name, a.metadata.instance.name]),
    ).toEqual([
      ['notification-service', INSTANCE],
      ['notification-service-development', INSTANCE],
      ['notification-service-staging', INSTANCE],
    ]);
    expect(decodeErrors(roadieCodecs.argoCDAppList, list)).toEqual([]);
    expect(
      await service.findArgoApp({ selector: 'backstage-name=jobs-api' }),
    ).toEqual([
      {
        name: INSTANCE,
        url: argocd.url,
        appName: ['jobs-api', 'jobs-api-development', 'jobs-api-staging'],
      },
    ]);
  });

  it('fetches revision metadata for the history table', async () => {
    const token = await service.getArgoToken(instance());
    const app = await service.getArgoAppData(argocd.url, INSTANCE, token, {
      name: 'user-service',
    });
    const revision = app.status.history[0].revision;
    const metadata = await service.getRevisionData(
      argocd.url,
      { name: 'user-service' },
      token,
      revision,
    );
    expect(
      decodeErrors(roadieCodecs.argoCDAppDeployRevisionDetails, metadata),
    ).toEqual([]);
    expect(metadata.author).toMatch(/@acme\.example\.com>$/);
  });

  it('re-syncs applications by selector, which then succeed', async () => {
    const before = world.getApplication('learning-frontend')!;
    expect(before.status.sync.status).toBe('OutOfSync');
    const result = await service.resyncAppOnAllArgos({
      appSelector: 'backstage-name=learning-frontend',
      terminateOperation: false,
    });
    // The selector matches the service's application of every environment.
    expect(result).toEqual([
      [
        'learning-frontend',
        'learning-frontend-development',
        'learning-frontend-staging',
      ].map(app => ({
        status: 'Success',
        message: `Re-synced ${app} on ${INSTANCE}`,
      })),
    ]);
    const after = await waitFor(() => {
      const app = world.getApplication('learning-frontend')!;
      return app.status.operationState.phase === 'Succeeded' ? app : undefined;
    });
    expect(after.status.sync).toMatchObject({
      status: 'Synced',
      revision: before.status.sync.revision,
    });
  });

  it('deletes an application and verifies it is gone', async () => {
    const result = await service.deleteAppandProject({
      argoAppName: 'jobs-worker',
      argoInstanceName: INSTANCE,
      terminateOperation: false,
    });
    expect(result.deleteAppDetails).toMatchObject({
      status: 'success',
      message:
        'application jobs-worker deletion verified (application no longer exists)',
    });
    // The app's project is named after its domain, so there is no "jobs-worker" project.
    expect(result.deleteProjectDetails).toMatchObject({ status: 'success' });
    expect(world.getApplication('jobs-worker')).toBeUndefined();
  });
});
