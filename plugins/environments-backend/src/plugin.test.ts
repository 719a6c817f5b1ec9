import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import request from 'supertest';
import { environmentsPlugin } from './plugin';

async function startPlugin(config: JsonObject) {
  const scheduler = mockServices.scheduler.mock();
  const { server } = await startTestBackend({
    features: [
      environmentsPlugin,
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
  return { scheduler, server };
}

describe('environmentsPlugin', () => {
  it('schedules the preview reaper once across replicas, every minute by default', async () => {
    const { scheduler } = await startPlugin({});

    expect(scheduler.scheduleTask).toHaveBeenCalledWith({
      id: 'environments-preview-reaper',
      frequency: { minutes: 1 },
      timeout: { minutes: 5 },
      initialDelay: { seconds: 30 },
      scope: 'global',
      fn: expect.any(Function),
    });
  });

  it('reads the reaper frequency from config', async () => {
    const { scheduler } = await startPlugin({
      environments: { previews: { reaper: { frequency: { minutes: 5 } } } },
    });
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({ frequency: { minutes: 5 } }),
    );
  });

  it.each([
    [
      'a secrets key of the wrong length',
      { secretsKey: 'c2hvcnQ=' },
      /secretsKey must be 32 bytes/,
    ],
    [
      'an invalid freeze window',
      {
        freezeWindows: [
          {
            environment: 'production',
            reason: 'r',
            timeZone: 'Nowhere/Land',
            start: { day: 'friday', time: '16:00' },
            end: { day: 'monday', time: '08:00' },
          },
        ],
      },
      /environments.freezeWindows\[0\].timeZone/,
    ],
    [
      'an unknown preview provider',
      { previews: { provider: 'helm' } },
      /provider must be/,
    ],
    [
      'a negative preview quota',
      { previews: { maxActivePerOwner: -1 } },
      /environments.previews.maxActivePerOwner must be a whole number of 0 or more, not -1/,
    ],
    [
      'a fractional preview quota',
      { previews: { maxActivePerOwner: 2.5 } },
      /maxActivePerOwner must be a whole number/,
    ],
    [
      'a promotion target on an unknown ArgoCD instance',
      {
        argocd: {
          targets: { staging: { instance: 'nowhere', projects: ['default'] } },
        },
      },
      /environments.argocd.targets.staging.instance: no ArgoCD instance "nowhere" in argocd.appLocatorMethods/,
    ],
  ])('fails to start with %s', async (_, environments, message) => {
    await expect(startPlugin({ environments })).rejects.toThrow(message);
  });
});

describe('the environment permission resource', () => {
  it('is registered with its rules, for the permission backend to apply', async () => {
    const { server } = await startPlugin({});

    const response = await request(server)
      .get('/api/environments/.well-known/backstage/permissions/metadata')
      .set(
        'Authorization',
        mockCredentials.service.header({
          onBehalfOf: mockCredentials.service('plugin:permission'),
          targetPluginId: 'environments',
        }),
      );

    expect(response.status).toBe(200);
    expect(
      response.body.rules.map((r: { name: string; resourceType: string }) => [
        r.name,
        r.resourceType,
      ]),
    ).toEqual([
      ['IS_ENVIRONMENT_OWNER', 'environment'],
      ['HAS_ENVIRONMENT_TIER', 'environment'],
    ]);
    const byName = new Map(
      response.body.permissions.map(
        (p: { name: string; resourceType?: string }) => [p.name, p],
      ),
    );
    expect(byName.get('environment.config.write')).toMatchObject({
      resourceType: 'environment',
    });
    expect(byName.get('environment.create')).toMatchObject({
      resourceType: 'catalog-entity',
    });
    expect(byName.get('environment.lock')).not.toHaveProperty('resourceType');
  });
});
