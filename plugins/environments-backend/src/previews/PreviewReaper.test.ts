import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { PreviewRecord } from '../database/EnvironmentStore';
import { KnexEnvironmentStore } from '../database/KnexEnvironmentStore';
import { PreviewEnvironmentProvider } from './PreviewEnvironmentProvider';
import { PreviewEnvironments } from './PreviewEnvironments';
import { PreviewReaper, REAPER_ACTOR } from './PreviewReaper';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const T0 = new Date('2026-03-02T09:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

class FakeProvider implements PreviewEnvironmentProvider {
  readonly name = 'fake';
  readonly destroyed: string[] = [];
  failures = 0;
  async create() {}
  async destroy(env: PreviewRecord) {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('cluster unreachable');
    }
    this.destroyed.push(env.name);
  }
}

async function setUp(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const store = await KnexEnvironmentStore.create({
    database: mockServices.database({ knex }),
  });
  const provider = new FakeProvider();
  const logger = mockServices.logger.mock();
  const notifications = { send: jest.fn(async () => {}) };
  let now = T0;
  const clock = {
    set: (date: Date) => {
      now = date;
    },
  };
  const reaper = new PreviewReaper({
    store,
    previews: new PreviewEnvironments({ store, provider, logger }),
    notifications,
    logger,
    now: () => now,
  });
  const create = (name: string, expiresAt: Date) =>
    store.createPreview(
      {
        name,
        owner: 'group:default/learning-team',
        service: 'component:default/course-service',
        ttl: 'PT3H',
        createdBy: 'user:default/jane.doe',
        expiresAt,
      },
      {
        environment: name,
        action: 'environment.create',
        actor: 'user:default/jane.doe',
      },
    );
  const trail = async (name: string) =>
    (await store.listAudit({ environment: name, limit: 50 })).items
      .reverse()
      .map(({ action, actor }) => `${action} by ${actor}`);
  return { store, provider, notifications, reaper, clock, create, trail };
}

describe.each(databases.eachSupportedId())(
  'PreviewReaper on %p',
  databaseId => {
    it('warns the owners once, an hour before expiry, then tears down at expiry', async () => {
      const { store, provider, notifications, reaper, clock, create, trail } =
        await setUp(databaseId);
      await create('pr-1', minutes(180));

      clock.set(minutes(119));
      expect(await reaper.run()).toEqual({
        warned: [],
        tornDown: [],
        failed: [],
      });

      clock.set(minutes(120));
      expect(await reaper.run()).toEqual({
        warned: ['pr-1'],
        tornDown: [],
        failed: [],
      });
      clock.set(minutes(150));
      expect(await reaper.run()).toEqual({
        warned: [],
        tornDown: [],
        failed: [],
      });
      clock.set(minutes(179));
      expect(await reaper.run()).toEqual({
        warned: [],
        tornDown: [],
        failed: [],
      });

      expect(notifications.send).toHaveBeenCalledTimes(1);
      expect(notifications.send).toHaveBeenCalledWith({
        recipients: {
          type: 'entity',
          entityRef: 'group:default/learning-team',
        },
        payload: expect.objectContaining({
          title: 'Preview environment pr-1 expires within the hour',
          topic: 'environments',
          scope: 'environment-expiry:pr-1',
        }),
      });
      expect(provider.destroyed).toEqual([]);

      clock.set(minutes(180));
      expect(await reaper.run()).toEqual({
        warned: [],
        tornDown: ['pr-1'],
        failed: [],
      });

      expect(provider.destroyed).toEqual(['pr-1']);
      expect(await store.getPreview('pr-1')).toBeUndefined();
      expect(await trail('pr-1')).toEqual([
        'environment.create by user:default/jane.doe',
        `environment.expiry-warning by ${REAPER_ACTOR}`,
        `environment.teardown by ${REAPER_ACTOR}`,
      ]);
      const [teardown] = (
        await store.listAudit({ environment: 'pr-1', limit: 1 })
      ).items;
      expect(teardown.details).toEqual({
        reason: 'expired',
        owner: 'group:default/learning-team',
        expiresAt: minutes(180).toISOString(),
        provider: 'fake',
      });
    });

    it('warns again after an extension, for the new expiry', async () => {
      const { store, notifications, reaper, clock, create } = await setUp(
        databaseId,
      );
      await create('pr-1', minutes(60));
      await reaper.run();
      expect(notifications.send).toHaveBeenCalledTimes(1);

      await store.extendPreview('pr-1', minutes(240), {
        environment: 'pr-1',
        action: 'environment.extend',
        actor: 'user:default/jane.doe',
      });
      clock.set(minutes(100));
      await reaper.run();
      expect(notifications.send).toHaveBeenCalledTimes(1);

      clock.set(minutes(180));
      expect((await reaper.run()).warned).toEqual(['pr-1']);
      expect(notifications.send).toHaveBeenCalledTimes(2);
    });

    it('tears down a preview that expired while the reaper was not running, without warning', async () => {
      const { provider, notifications, reaper, clock, create } = await setUp(
        databaseId,
      );
      await create('pr-1', minutes(30));
      await create('pr-2', minutes(600));

      clock.set(minutes(300));
      expect(await reaper.run()).toEqual({
        warned: [],
        tornDown: ['pr-1'],
        failed: [],
      });

      expect(provider.destroyed).toEqual(['pr-1']);
      expect(notifications.send).not.toHaveBeenCalled();
    });

    it('keeps a preview whose teardown failed and retries it on the next run', async () => {
      const { store, provider, reaper, clock, create, trail } = await setUp(
        databaseId,
      );
      await create('pr-1', minutes(10));
      provider.failures = 1;
      clock.set(minutes(10));

      expect(await reaper.run()).toEqual({
        warned: [],
        tornDown: [],
        failed: ['pr-1'],
      });
      expect(await store.getPreview('pr-1')).toMatchObject({
        status: 'tearing_down',
      });

      expect(await reaper.run()).toEqual({
        warned: [],
        tornDown: ['pr-1'],
        failed: [],
      });
      expect(await store.getPreview('pr-1')).toBeUndefined();
      expect(await trail('pr-1')).toEqual([
        'environment.create by user:default/jane.doe',
        `environment.teardown by ${REAPER_ACTOR}`,
      ]);
    });

    it('records the warning even when the notification cannot be sent, and does not retry it', async () => {
      const { notifications, reaper, create, trail } = await setUp(databaseId);
      notifications.send.mockRejectedValueOnce(new Error('notifications down'));
      await create('pr-1', minutes(30));

      expect((await reaper.run()).warned).toEqual(['pr-1']);
      expect((await reaper.run()).warned).toEqual([]);
      expect(notifications.send).toHaveBeenCalledTimes(1);
      expect(await trail('pr-1')).toContain(
        `environment.expiry-warning by ${REAPER_ACTOR}`,
      );
    });
  },
);
