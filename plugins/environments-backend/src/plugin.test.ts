import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { environmentsPlugin } from './plugin';

async function startPlugin(config: JsonObject) {
  const scheduler = mockServices.scheduler.mock();
  await startTestBackend({
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
  return { scheduler };
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
  ])('fails to start with %s', async (_, environments, message) => {
    await expect(startPlugin({ environments })).rejects.toThrow(message);
  });
});
