import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { JsonObject } from '@backstage/config';
import { seedDemoDeployments } from './demo/seedDemoDeployments';
import { deploymentsPlugin } from './plugin';

jest.mock('./argocd/ArgoCdDeploymentReader', () => ({
  ArgoCdDeploymentReader: {
    fromConfig: () => ({
      run: async () => ({ applications: 0, recorded: 0 }),
      toDeployment: async () => undefined,
    }),
  },
}));
jest.mock('./demo/seedDemoDeployments', () => ({
  seedDemoDeployments: jest.fn(async () => 0),
}));

const ARGOCD = {
  appLocatorMethods: [
    { type: 'config', instances: [{ name: 'main', url: 'http://argocd' }] },
  ],
};

async function startPlugin(config: JsonObject) {
  const scheduler = mockServices.scheduler.mock();
  await startTestBackend({
    features: [
      deploymentsPlugin,
      mockServices.rootConfig.factory({ data: config }),
      scheduler.factory,
      catalogServiceMock.factory(),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: jest.fn() }),
      }),
    ],
  });
  return { scheduler };
}

describe('deploymentsPlugin', () => {
  beforeEach(() => jest.mocked(seedDemoDeployments).mockClear());

  it('schedules the ArgoCD reader when ArgoCD is configured', async () => {
    const { scheduler } = await startPlugin({
      argocd: ARGOCD,
      deployments: { argocd: { schedule: { frequency: { minutes: 5 } } } },
    });

    expect(scheduler.scheduleTask).toHaveBeenCalledWith({
      id: 'deployments-argocd-reader',
      frequency: { minutes: 5 },
      timeout: { minutes: 5 },
      initialDelay: { seconds: 15 },
      fn: expect.any(Function),
    });
  });

  it('reads ArgoCD every minute by default, and not at all without it', async () => {
    const withArgoCd = await startPlugin({ argocd: ARGOCD });
    const withoutArgoCd = await startPlugin({});

    expect(withArgoCd.scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({ frequency: { minutes: 1 } }),
    );
    expect(withoutArgoCd.scheduler.scheduleTask).not.toHaveBeenCalled();
  });

  it('seeds demo data only when enabled', async () => {
    await startPlugin({});
    expect(seedDemoDeployments).not.toHaveBeenCalled();

    await startPlugin({ deployments: { demoData: { enabled: true } } });
    expect(seedDemoDeployments).toHaveBeenCalledTimes(1);
  });
});
