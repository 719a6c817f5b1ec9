import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { KnexEnvironmentStore } from '../database/KnexEnvironmentStore';
import { PreviewEnvironments } from './PreviewEnvironments';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

async function setUp(provider: { create: jest.Mock; destroy: jest.Mock }) {
  const knex = await databases.init('SQLITE_3');
  const store = await KnexEnvironmentStore.create({
    database: mockServices.database({ knex }),
  });
  const previews = new PreviewEnvironments({
    store,
    provider: { name: 'fake', ...provider },
    logger: mockServices.logger.mock(),
  });
  return { store, previews };
}

const NOW = new Date('2026-01-01T00:00:00Z');

const preview = {
  name: 'pr-1',
  owner: 'group:default/team-a',
  service: 'component:default/course-service',
  ttl: 'PT2H',
  createdBy: 'service:plugin:scaffolder',
  expiresAt: new Date('2026-01-01T02:00:00Z'),
};

describe('PreviewEnvironments', () => {
  it('creates through the provider and audits the creation', async () => {
    const create = jest.fn(async () => {});
    const { store, previews } = await setUp({ create, destroy: jest.fn() });

    const record = await previews.create(preview, NOW);

    expect(create).toHaveBeenCalledWith(record);
    const { items } = await store.listAudit({ limit: 10 });
    expect(items.map(i => [i.action, i.actor, i.details])).toEqual([
      [
        'environment.create',
        'service:plugin:scaffolder',
        {
          service: 'component:default/course-service',
          owner: 'group:default/team-a',
          ttl: 'PT2H',
          expiresAt: '2026-01-01T02:00:00.000Z',
          provider: 'fake',
        },
      ],
    ]);
  });

  it('gives the name back when the provider cannot create it', async () => {
    const create = jest.fn(async () => {
      throw new Error('quota exceeded');
    });
    const { store, previews } = await setUp({ create, destroy: jest.fn() });

    await expect(previews.create(preview, NOW)).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringMatching(
        /^The fake provider could not create preview pr-1/,
      ),
    });

    expect(await store.getPreview('pr-1')).toBeUndefined();
    const { items } = await store.listAudit({ limit: 10 });
    expect(items.map(i => i.action).sort()).toEqual([
      'environment.create',
      'environment.delete',
    ]);
  });

  it('keeps a preview it could not destroy, marked tearing_down', async () => {
    const destroy = jest.fn(async () => {
      throw new Error('timeout');
    });
    const { store, previews } = await setUp({
      create: jest.fn(async () => {}),
      destroy,
    });
    await previews.create(preview, NOW);

    await expect(
      previews.tearDown('pr-1', {
        action: 'environment.delete',
        actor: 'user:default/jane.doe',
      }),
    ).rejects.toMatchObject({ name: 'ServiceUnavailableError' });

    expect(await store.getPreview('pr-1')).toMatchObject({
      status: 'tearing_down',
    });
    expect(
      await previews.tearDown('nowhere', {
        action: 'environment.delete',
        actor: 'user:default/jane.doe',
      }),
    ).toBe(false);
  });
});
