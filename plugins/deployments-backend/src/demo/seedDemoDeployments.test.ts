import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { NewDeployment } from '../database/DeploymentStore';
import { KnexDeploymentStore } from '../database/KnexDeploymentStore';
import { DEMO_ENVIRONMENTS, demoDeploymentHistory } from './demoHistory';
import { DEMO_SERVICE_PROFILES } from './demoServices';
import { seedDemoDeployments } from './seedDemoDeployments';

jest.setTimeout(60_000);

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-11-22T12:00:00Z');
const history = demoDeploymentHistory(NOW);

const time = (iso: string) => new Date(iso).getTime();

function byServiceAndEnvironment(items: NewDeployment[]) {
  const groups = new Map<string, NewDeployment[]>();
  for (const item of items) {
    const key = `${item.entityRef} ${item.environment}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  for (const group of groups.values()) {
    group.sort((a, b) => time(a.startedAt) - time(b.startedAt));
  }
  return groups;
}

function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map(v => v.split('.').map(Number));
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

const isRedeploy = (item: NewDeployment) =>
  item.metadata?.rollbackOf !== undefined;

describe('demoDeploymentHistory', () => {
  const groups = byServiceAndEnvironment(history);

  it('covers the year before now for every service and environment', () => {
    for (const { name } of DEMO_SERVICE_PROFILES) {
      for (const environment of DEMO_ENVIRONMENTS) {
        const items = groups.get(`component:default/${name} ${environment}`)!;
        const first = time(items[0].startedAt);
        const last = time(items.at(-1)!.finishedAt!);
        expect(first).toBeGreaterThanOrEqual(NOW.getTime() - 365 * DAY);
        expect(first).toBeLessThan(NOW.getTime() - 330 * DAY);
        expect(last).toBeLessThanOrEqual(NOW.getTime());
        // Production history hands over to what the ArgoCD double reports.
        const recentSince = environment === 'production' ? 30 : 7;
        expect(last).toBeGreaterThan(NOW.getTime() - recentSince * DAY);
        expect(items.length).toBeGreaterThanOrEqual(
          environment === 'production' ? 40 : 80,
        );
      }
    }
  });

  it('is the same for the same now', () => {
    expect(demoDeploymentHistory(new Date(NOW))).toEqual(history);
  });

  it('has versions that only grow in each environment, apart from rollbacks', () => {
    for (const items of groups.values()) {
      const versions = items.filter(i => !isRedeploy(i)).map(i => i.version);
      for (let i = 1; i < versions.length; i++) {
        expect(compareVersions(versions[i - 1], versions[i])).toBeLessThan(0);
      }
    }
  });

  it('promotes what succeeded in development to staging, and staging to production', () => {
    for (const [lower, higher] of [
      ['development', 'staging'],
      ['staging', 'production'],
    ]) {
      // When each build first succeeded there (a rollback may redeploy it later).
      const successes = new Map<string, number>();
      for (const item of history) {
        const key = `${item.entityRef} ${item.commitSha}`;
        if (item.environment === lower && item.status === 'succeeded') {
          const at = time(item.finishedAt!);
          successes.set(key, Math.min(at, successes.get(key) ?? at));
        }
      }
      const promotions = history.filter(
        i =>
          i.environment === higher &&
          !isRedeploy(i) &&
          i.metadata?.fixOf === undefined,
      );
      expect(promotions.length).toBeGreaterThan(500);
      for (const item of promotions) {
        const readyAt = successes.get(`${item.entityRef} ${item.commitSha}`);
        expect(readyAt).toBeLessThan(time(item.startedAt));
      }
    }
  });

  it('follows every failure with a fix or a rollback', () => {
    const followUps = [...groups.values()].flatMap(items =>
      items
        .slice(0, -1)
        .map((item, index) => ({ item, next: items[index + 1] })),
    );
    const failures = followUps.filter(({ item }) => item.status === 'failed');
    const rolledBack = followUps.filter(
      ({ item }) => item.status === 'rolled_back',
    );

    expect(failures.length).toBeGreaterThan(100);
    expect(rolledBack.length).toBeGreaterThan(50);
    expect(
      failures.filter(
        ({ item, next }) => next.metadata?.fixOf !== item.version,
      ),
    ).toEqual([]);
    expect(
      rolledBack.filter(
        ({ item, next }) =>
          next.metadata?.rollbackOf !== item.version ||
          next.status !== 'succeeded',
      ),
    ).toEqual([]);
    expect(history.some(i => i.status === 'cancelled')).toBe(true);
  });

  it('has commits made before their deployments, which take 1 to 15 minutes', () => {
    for (const item of history) {
      const started = time(item.startedAt);
      const duration = time(item.finishedAt!) - started;
      expect(time(item.commitTime!)).toBeLessThan(started);
      expect(duration).toBeGreaterThanOrEqual(60_000);
      expect(duration).toBeLessThanOrEqual(15 * 60_000);
    }
  });

  it('has the learning team fail in production far more often than the others', () => {
    const learning = new Set(
      DEMO_SERVICE_PROFILES.filter(p => p.project === 'learning').map(
        p => `component:default/${p.name}`,
      ),
    );
    const failureRate = (items: NewDeployment[]) =>
      items.filter(i => i.status === 'failed' || i.status === 'rolled_back')
        .length / items.length;
    const production = history.filter(i => i.environment === 'production');

    expect(
      failureRate(production.filter(i => learning.has(i.entityRef))),
    ).toBeGreaterThan(
      2 * failureRate(production.filter(i => !learning.has(i.entityRef))),
    );
  });

  it('reports CI deployments as demo users and production ones as the ArgoCD double', () => {
    const production = history.filter(i => i.environment === 'production');
    const ci = history.filter(i => i.environment !== 'production');

    for (const item of production) {
      expect(item).toMatchObject({
        source: 'argocd',
        triggeredBy: 'service:argocd/local-double',
        sourceId: `local-double/${item.metadata?.app}/${item.startedAt}`,
      });
    }
    for (const item of ci) {
      expect(item.source).toBe('ci');
      expect(item.triggeredBy).toMatch(
        /^user:default\/(maya-chen|daniel-okafor|sofia-martins|lukas-weber|priya-raman|tomas-novak)$/,
      );
      expect(item.url).toMatch(
        /^https:\/\/github\.com\/acme-platform\/[a-z-]+\/actions\/runs\/\d+$/,
      );
    }
    for (const item of history) {
      expect(item.image).toBe(
        `ghcr.io/acme-platform/${item.entityRef.split('/')[1]}:${item.version}`,
      );
      // Stands for what CI and ArgoCD would have recorded: trusted, even
      // where a demo user set the run off.
      expect(item.recordedBy).toBe('plugin:deployments');
    }
  });
});

describe('seedDemoDeployments', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function createStore() {
    const knex = await databases.init('SQLITE_3');
    return KnexDeploymentStore.create({
      database: mockServices.database({ knex }),
    });
  }

  it.each(databases.eachSupportedId())(
    'seeds once when two replicas start together on an empty database, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({ knex });
      // Each replica has its own store, and its own clock: a day apart, the
      // two histories differ, so a second seed would add rows.
      const [first, second] = await Promise.all([
        KnexDeploymentStore.create({ database }),
        KnexDeploymentStore.create({ database, skipMigrations: true }),
      ]);
      const logger = mockServices.logger.mock();
      const nextDay = new Date(NOW.getTime() + DAY);

      const recorded = await Promise.all([
        seedDemoDeployments({ store: first, logger, now: NOW }),
        seedDemoDeployments({ store: second, logger, now: nextDay }),
      ]);

      expect(recorded.filter(count => count > 0)).toHaveLength(1);
      const [{ count }] = await knex('deployments').count({ count: '*' });
      expect(Number(count)).toBe(Math.max(...recorded));
    },
  );

  it('records the history into an empty store, and nothing once it holds any', async () => {
    const store = await createStore();
    const logger = mockServices.logger.mock();

    expect(await seedDemoDeployments({ store, logger, now: NOW })).toBe(
      history.length,
    );

    const current = await store.current('component:default/jobs-api');
    expect(current.map(c => c.environment).sort()).toEqual([
      'development',
      'production',
      'staging',
    ]);
    const record = jest.spyOn(store, 'record');
    expect(await seedDemoDeployments({ store, logger })).toBe(0);
    expect(record).not.toHaveBeenCalled();
  });
});
