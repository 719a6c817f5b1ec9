import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { DeploymentCursor, NewDeployment } from './DeploymentStore';
import { KnexDeploymentStore } from './KnexDeploymentStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

async function createStore(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const store = await KnexDeploymentStore.create({
    database: mockServices.database({ knex }),
  });
  return { knex, store };
}

/** Minutes after a fixed start, as an ISO timestamp. */
function at(minutes: number): string {
  return new Date(Date.UTC(2026, 0, 1) + minutes * 60_000).toISOString();
}

function event(overrides: Partial<NewDeployment> = {}): NewDeployment {
  return {
    entityRef: 'component:default/course-service',
    environment: 'production',
    version: '1.4.2',
    commitSha: 'a1b2c3d',
    status: 'succeeded',
    startedAt: at(0),
    triggeredBy: 'service:ci-pipelines',
    recordedBy: 'service:ci-pipelines',
    source: 'ci',
    sourceId: 'run-1',
    ...overrides,
  };
}

const COURSE_SERVICE = 'component:default/course-service';
const BILLING_SERVICE = 'component:default/billing-service';
const JANE = 'user:default/jane.doe';

/** What a person posts by hand. */
function byHand(overrides: Partial<NewDeployment> = {}): NewDeployment {
  return event({
    triggeredBy: JANE,
    recordedBy: JANE,
    source: 'manual',
    sourceId: 'by-hand-1',
    ...overrides,
  });
}

describe.each(databases.eachSupportedId())(
  'KnexDeploymentStore on %p',
  databaseId => {
    describe('record', () => {
      it('stores a new deployment with every field', async () => {
        const { store } = await createStore(databaseId);
        const input = event({
          commitTime: at(-30),
          image: 'registry.example/course-service:1.4.2',
          finishedAt: at(5),
          url: 'https://ci.example/runs/1',
          metadata: { pipeline: 'deploy', attempts: 2, tags: ['a'] },
        });

        const [result] = await store.record([input]);

        expect(result.outcome).toBe('created');
        expect(result.deployment).toEqual({
          ...input,
          trusted: true,
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          createdAt: expect.any(String),
          updatedAt: result.deployment.createdAt,
        });
        const { items } = await store.list({ filter: {}, limit: 10 });
        expect(items).toEqual([result.deployment]);
      });

      it('returns the stored record unchanged on a replay', async () => {
        const { knex, store } = await createStore(databaseId);
        const [first] = await store.record([event()]);

        const [replay] = await store.record([event({ version: 'ignored' })]);

        expect(replay).toEqual({
          deployment: first.deployment,
          outcome: 'unchanged',
        });
        expect(await knex('deployments').pluck('id')).toEqual([
          first.deployment.id,
        ]);
      });

      it('moves a deployment only to a status of a higher rank', async () => {
        const { store } = await createStore(databaseId);
        const pending = {
          status: 'pending' as const,
          url: 'https://ci.example/1',
        };
        const [created] = await store.record([event(pending)]);

        const [running] = await store.record([
          event({ status: 'in_progress' }),
        ]);
        const [done] = await store.record([
          event({ status: 'succeeded', finishedAt: at(5), version: '1.4.3' }),
        ]);
        const [late] = await store.record([event({ status: 'in_progress' })]);
        const [otherTerminal] = await store.record([
          event({ status: 'failed' }),
        ]);

        expect(created.outcome).toBe('created');
        expect(running.outcome).toBe('updated');
        expect(running.deployment.status).toBe('in_progress');
        expect(done.outcome).toBe('updated');
        expect(done.deployment).toMatchObject({
          id: created.deployment.id,
          status: 'succeeded',
          version: '1.4.3',
          finishedAt: at(5),
          // kept: the later events did not report it
          url: 'https://ci.example/1',
          createdAt: created.deployment.createdAt,
        });
        expect(late).toEqual({
          deployment: done.deployment,
          outcome: 'unchanged',
        });
        expect(otherTerminal).toEqual({
          deployment: done.deployment,
          outcome: 'unchanged',
        });
      });

      it('lets the highest-ranked, then the last, event of a key in a batch win', async () => {
        const { store } = await createStore(databaseId);

        const results = await store.record([
          event({ status: 'pending' }),
          event({ status: 'failed', version: 'first-terminal' }),
          event({ sourceId: 'run-2' }),
          event({ status: 'cancelled', version: 'last-terminal' }),
          event({ status: 'in_progress' }),
        ]);

        expect(results.map(r => r.outcome)).toEqual([
          'unchanged',
          'unchanged',
          'created',
          'created',
          'unchanged',
        ]);
        const winner = results[3].deployment;
        expect(winner).toMatchObject({
          status: 'cancelled',
          version: 'last-terminal',
        });
        for (const index of [0, 1, 4]) {
          expect(results[index].deployment).toEqual(winner);
        }
        const { items } = await store.list({ filter: {}, limit: 10 });
        expect(items).toHaveLength(2);
      });

      it('stores nothing of a batch that fails midway', async () => {
        const { knex, store } = await createStore(databaseId);
        const [existing] = await store.record([event({ status: 'pending' })]);
        const many = Array.from({ length: 450 }, (_, i) =>
          event({ sourceId: `batch-${String(i).padStart(3, '0')}` }),
        );
        // Sorts last, so earlier insert chunks have run when it fails.
        const invalid = event({
          sourceId: 'zzz',
          environment: null as unknown as string,
        });

        // Not toThrow(): better-sqlite3's errors come from another realm.
        await expect(
          store.record([event({ status: 'succeeded' }), ...many, invalid]),
        ).rejects.toMatchObject({
          message: expect.stringMatching(/not.null/i),
        });

        const rows = await knex('deployments').select('id', 'status');
        expect(rows).toEqual([
          { id: existing.deployment.id, status: 'pending' },
        ]);
      });

      it('stores an event posted twice at once only once', async () => {
        const { knex, store } = await createStore(databaseId);

        const results = await Promise.all([
          store.record([event({ status: 'succeeded' })]),
          store.record([event({ status: 'succeeded' })]),
          store.record([event({ status: 'pending' })]),
        ]);

        const rows = await knex('deployments').select('id', 'status');
        expect(rows).toEqual([{ id: expect.any(String), status: 'succeeded' }]);
        const outcomes = results.map(([r]) => r.outcome);
        expect(outcomes.filter(o => o === 'created')).toHaveLength(1);
        for (const [result] of results) {
          expect(result.deployment.id).toBe(rows[0].id);
        }
      });

      it('never moves a deployment back when updates race', async () => {
        const { knex, store } = await createStore(databaseId);
        const keys = Array.from({ length: 10 }, (_, i) => `run-${i}`);
        await store.record(
          keys.map(sourceId => event({ sourceId, status: 'pending' })),
        );

        await Promise.all(
          keys.flatMap(sourceId => [
            store.record([event({ sourceId, status: 'succeeded' })]),
            store.record([event({ sourceId, status: 'in_progress' })]),
          ]),
        );

        expect(await knex('deployments').distinct().pluck('status')).toEqual([
          'succeeded',
        ]);
      });
    });

    describe('who recorded a deployment, and what may write over it', () => {
      const storedRows = (knex: Knex) =>
        knex('deployments')
          .select('source_id', 'entity_ref', 'status', 'recorded_by')
          .orderBy('source_id');

      it('keeps the first recorder, and trusts services and the plugin, not people', async () => {
        const { store } = await createStore(databaseId);

        const [ci, plugin, person] = await store.record([
          event({ sourceId: 'ci', status: 'pending' }),
          event({ sourceId: 'plugin', recordedBy: 'plugin:deployments' }),
          byHand(),
        ]);
        const [updated] = await store.record([
          event({ sourceId: 'ci', recordedBy: 'service:plugin:environments' }),
        ]);

        expect(ci.deployment).toMatchObject({
          recordedBy: 'service:ci-pipelines',
          trusted: true,
        });
        expect(plugin.deployment).toMatchObject({
          recordedBy: 'plugin:deployments',
          trusted: true,
        });
        expect(person.deployment).toMatchObject({
          recordedBy: JANE,
          trusted: false,
        });
        expect(updated.outcome).toBe('updated');
        expect(updated.deployment).toMatchObject({
          status: 'succeeded',
          recordedBy: 'service:ci-pipelines',
        });
      });

      it('refuses an event of another entity for a stored key, changing nothing', async () => {
        const { knex, store } = await createStore(databaseId);
        await store.record([event({ status: 'in_progress' })]);
        const before = await storedRows(knex);

        await expect(
          store.record([
            event({ sourceId: 'new' }),
            event({ entityRef: BILLING_SERVICE, status: 'failed' }),
          ]),
        ).rejects.toMatchObject({
          name: 'ConflictError',
          message: `entityRef: the ci deployment "run-1" is recorded for ${COURSE_SERVICE}; it cannot be recorded for ${BILLING_SERVICE}`,
        });

        expect(await storedRows(knex)).toEqual(before);
        expect(before).toEqual([
          {
            source_id: 'run-1',
            entity_ref: COURSE_SERVICE,
            status: 'in_progress',
            recorded_by: 'service:ci-pipelines',
          },
        ]);
      });

      it('refuses a batch that gives one key two entities', async () => {
        const { knex, store } = await createStore(databaseId);

        await expect(
          store.record([
            event({ status: 'pending' }),
            event({ entityRef: BILLING_SERVICE }),
          ]),
        ).rejects.toMatchObject({
          name: 'ConflictError',
          message: `entityRef: the ci deployment "run-1" is given for both ${COURSE_SERVICE} and ${BILLING_SERVICE} in one batch`,
        });
        expect(await storedRows(knex)).toEqual([]);
      });

      it('refuses a person writing over what a service or the plugin recorded, even a replay', async () => {
        const { knex, store } = await createStore(databaseId);
        await store.record([
          event({ status: 'in_progress' }),
          event({ sourceId: 'argo', recordedBy: 'plugin:deployments' }),
        ]);
        const before = await storedRows(knex);

        await expect(
          store.record([event({ recordedBy: JANE, triggeredBy: JANE })]),
        ).rejects.toMatchObject({
          name: 'ConflictError',
          message: `the ci deployment "run-1" of ${COURSE_SERVICE} was recorded by CI or another service (service:ci-pipelines); only CI or another service can update it, not a person`,
        });
        await expect(
          store.record([
            event({ sourceId: 'argo', recordedBy: JANE, triggeredBy: JANE }),
          ]),
        ).rejects.toMatchObject({
          name: 'ConflictError',
          message: expect.stringContaining(
            'was recorded by the deployments plugin itself (plugin:deployments); only CI or another service can update it',
          ),
        });

        expect(await storedRows(knex)).toEqual(before);
      });

      it('lets a service move on what a person recorded, which stays untrusted', async () => {
        const { store } = await createStore(databaseId);
        await store.record([byHand({ status: 'in_progress' })]);

        const [result] = await store.record([
          event({ source: 'manual', sourceId: 'by-hand-1' }),
        ]);

        expect(result.outcome).toBe('updated');
        expect(result.deployment).toMatchObject({
          status: 'succeeded',
          recordedBy: JANE,
          trusted: false,
        });
      });

      it('asks authorizeStored about the stored entities before writing anything', async () => {
        const { knex, store } = await createStore(databaseId);
        await store.record([event({ status: 'pending' })]);
        const before = await storedRows(knex);
        const authorizeStored = jest.fn(async (refs: string[]) => {
          throw new Error(`no: ${refs.join(', ')}`);
        });

        await expect(
          store.record(
            [event({ sourceId: 'fresh' }), event({ status: 'succeeded' })],
            { authorizeStored },
          ),
        ).rejects.toThrow(`no: ${COURSE_SERVICE}`);

        expect(authorizeStored).toHaveBeenCalledTimes(1);
        expect(authorizeStored).toHaveBeenCalledWith([COURSE_SERVICE]);
        expect(await storedRows(knex)).toEqual(before);

        const allow = jest.fn(async () => {});
        await store.record([event({ sourceId: 'only-new' })], {
          authorizeStored: allow,
        });
        expect(allow).not.toHaveBeenCalled();
      });

      it('skips events of another entity when asked to, writing the rest', async () => {
        const { knex, store } = await createStore(databaseId);
        const [stored] = await store.record([event({ status: 'in_progress' })]);

        const results = await store.record(
          [
            event({ entityRef: BILLING_SERVICE }),
            event({ entityRef: BILLING_SERVICE, sourceId: 'run-2' }),
          ],
          { onEntityConflict: 'skip' },
        );

        expect(results).toEqual([
          { deployment: stored.deployment, outcome: 'unchanged' },
          {
            deployment: expect.objectContaining({
              entityRef: BILLING_SERVICE,
              sourceId: 'run-2',
            }),
            outcome: 'created',
          },
        ]);
        expect(await storedRows(knex)).toEqual([
          expect.objectContaining({
            source_id: 'run-1',
            entity_ref: COURSE_SERVICE,
            status: 'in_progress',
          }),
          expect.objectContaining({
            source_id: 'run-2',
            entity_ref: BILLING_SERVICE,
          }),
        ]);
      });

      it('lets one of two writers racing to create a key for different entities win', async () => {
        const { knex, store } = await createStore(databaseId);

        const outcomes = await Promise.allSettled(
          Array.from({ length: 6 }, (_, i) =>
            store.record([
              event({
                entityRef: i % 2 ? BILLING_SERVICE : COURSE_SERVICE,
                status: i < 3 ? 'pending' : 'succeeded',
              }),
            ]),
          ),
        );

        const rows = await storedRows(knex);
        expect(rows).toHaveLength(1);
        const winner = rows[0].entity_ref;
        const entityOf = (i: number) =>
          i % 2 ? BILLING_SERVICE : COURSE_SERVICE;
        expect(
          outcomes.map(outcome =>
            outcome.status === 'fulfilled'
              ? 'fulfilled'
              : (outcome.reason as Error).name,
          ),
        ).toEqual(
          outcomes.map((_, i) =>
            entityOf(i) === winner ? 'fulfilled' : 'ConflictError',
          ),
        );
      });

      it('refuses a person racing a service for a new key once the service is first', async () => {
        const { knex, store } = await createStore(databaseId);

        const [service, person] = await Promise.allSettled([
          store.record([event({ status: 'pending' })]),
          store.record([event({ recordedBy: JANE, triggeredBy: JANE })]),
        ]);

        const [row] = await storedRows(knex);
        const settled = (outcome: PromiseSettledResult<unknown>) =>
          outcome.status === 'fulfilled'
            ? 'fulfilled'
            : (outcome.reason as Error).name;
        // Whoever inserts first records it. The person first: the service
        // may still move it on (and it stays untrusted). The service first:
        // the person is refused.
        const personFirst = row.recorded_by === JANE;
        expect({
          service: settled(service),
          person: settled(person),
          status: row.status,
        }).toEqual(
          personFirst
            ? { service: 'fulfilled', person: 'fulfilled', status: 'succeeded' }
            : {
                service: 'fulfilled',
                person: 'ConflictError',
                status: 'pending',
              },
        );
      });
    });

    describe('list', () => {
      it('pages newest first, breaking startedAt ties by id', async () => {
        const { store } = await createStore(databaseId);
        await store.record([
          ...['a', 'b', 'c', 'd', 'e'].map(id =>
            event({ sourceId: id, startedAt: at(10) }),
          ),
          event({ sourceId: 'newer', startedAt: at(20) }),
          event({ sourceId: 'older', startedAt: at(0) }),
        ]);
        const all = (await store.list({ filter: {}, limit: 100 })).items;
        const expected = [...all].sort(
          (x, y) =>
            y.startedAt.localeCompare(x.startedAt) || y.id.localeCompare(x.id),
        );
        expect(all.map(d => d.id)).toEqual(expected.map(d => d.id));
        expect(all[0].sourceId).toBe('newer');
        expect(all[6].sourceId).toBe('older');

        const seen: string[] = [];
        let after: DeploymentCursor | undefined;
        let pages = 0;
        for (;;) {
          const page = await store.list({ filter: {}, limit: 2, after });
          seen.push(...page.items.map(d => d.id));
          pages += 1;
          if (!page.hasMore) break;
          const last = page.items[page.items.length - 1];
          after = { startedAt: new Date(last.startedAt), id: last.id };
        }
        expect(pages).toBe(4);
        expect(seen).toEqual(expected.map(d => d.id));
      });

      it('filters by entities, environment, status and a half-open time range', async () => {
        const { store } = await createStore(databaseId);
        await store.record([
          event({ sourceId: '1', startedAt: at(0) }),
          event({ sourceId: '2', startedAt: at(10), environment: 'staging' }),
          event({ sourceId: '3', startedAt: at(20), status: 'failed' }),
          event({
            sourceId: '4',
            startedAt: at(30),
            entityRef: 'component:default/other',
          }),
        ]);
        const ids = async (filter: object) =>
          (await store.list({ filter, limit: 10 })).items.map(d => d.sourceId);

        expect(await ids({ entityRefs: ['component:default/other'] })).toEqual([
          '4',
        ]);
        expect(await ids({ entityRefs: [] })).toEqual([]);
        expect(await ids({ environment: 'staging' })).toEqual(['2']);
        expect(await ids({ status: 'failed' })).toEqual(['3']);
        expect(
          await ids({ since: new Date(at(10)), until: new Date(at(30)) }),
        ).toEqual(['3', '2']);
      });

      it('filters by who recorded, paging through trusted deployments only', async () => {
        const { store } = await createStore(databaseId);
        await store.record([
          event({ sourceId: 'ci-1', startedAt: at(0) }),
          byHand({ sourceId: 'hand-1', startedAt: at(10) }),
          event({
            sourceId: 'argo-1',
            startedAt: at(20),
            recordedBy: 'plugin:deployments',
          }),
          // People may post from the future: still not trusted.
          byHand({ sourceId: 'hand-2', startedAt: at(100_000) }),
          event({
            sourceId: 'env-1',
            startedAt: at(30),
            recordedBy: 'service:plugin:environments',
          }),
        ]);
        const pages = async (filter: object) => {
          const seen: string[] = [];
          let after: DeploymentCursor | undefined;
          for (;;) {
            const page = await store.list({ filter, limit: 1, after });
            seen.push(...page.items.map(d => d.sourceId));
            if (!page.hasMore) return seen;
            const last = page.items[page.items.length - 1];
            after = { startedAt: new Date(last.startedAt), id: last.id };
          }
        };

        expect(await pages({ trusted: true })).toEqual([
          'env-1',
          'argo-1',
          'ci-1',
        ]);
        expect(await pages({ trusted: false })).toEqual(['hand-2', 'hand-1']);
        expect(
          await pages({ trusted: true, entityRefs: [COURSE_SERVICE] }),
        ).toEqual(['env-1', 'argo-1', 'ci-1']);
        expect(
          (await store.list({ filter: {}, limit: 10 })).items.map(
            d => d.trusted,
          ),
        ).toEqual([false, true, true, false, true]);
      });
    });

    describe('current', () => {
      it('returns the latest success per environment', async () => {
        const { store } = await createStore(databaseId);
        await store.record([
          event({
            sourceId: '1',
            version: '1.0.0',
            startedAt: at(0),
            finishedAt: at(3),
          }),
          event({ sourceId: '2', version: '1.1.0', startedAt: at(10) }),
          event({
            sourceId: '3',
            version: '1.2.0',
            startedAt: at(20),
            status: 'failed',
          }),
          event({
            sourceId: '4',
            version: '1.2.0',
            startedAt: at(20),
            environment: 'staging',
            finishedAt: at(25),
          }),
          event({
            sourceId: '5',
            version: '9.9.9',
            startedAt: at(30),
            entityRef: 'component:default/other',
          }),
        ]);

        const current = await store.current('component:default/course-service');

        expect(current).toEqual([
          {
            environment: 'production',
            version: '1.1.0',
            deployedAt: at(10),
            deployment: expect.objectContaining({ sourceId: '2' }),
          },
          {
            environment: 'staging',
            version: '1.2.0',
            deployedAt: at(25),
            deployment: expect.objectContaining({ sourceId: '4' }),
          },
        ]);
        expect(await store.current('component:default/unknown')).toEqual([]);
      });
    });

    describe('currentMany', () => {
      const course = 'component:default/course-service';
      const quiz = 'component:default/quiz-service';

      it('returns the latest success per environment of each entity', async () => {
        const { store } = await createStore(databaseId);
        await store.record([
          event({ sourceId: '1', version: '1.0.0', startedAt: at(0) }),
          event({ sourceId: '2', version: '1.1.0', startedAt: at(10) }),
          event({
            sourceId: '3',
            version: '1.2.0',
            startedAt: at(20),
            status: 'failed',
          }),
          event({
            sourceId: '4',
            version: '1.0.5',
            environment: 'staging',
            startedAt: at(5),
            finishedAt: at(8),
          }),
          event({
            sourceId: '5',
            entityRef: quiz,
            environment: 'development',
            version: '3.0.0',
            startedAt: at(1),
          }),
          event({
            sourceId: '6',
            entityRef: quiz,
            environment: 'development',
            version: '3.1.0',
            startedAt: at(2),
            status: 'in_progress',
          }),
          event({
            sourceId: '7',
            entityRef: 'component:default/other',
            version: '9.9.9',
            startedAt: at(30),
          }),
        ]);

        const current = await store.currentMany([
          quiz,
          course,
          'component:default/unknown',
        ]);

        expect([...current.keys()]).toEqual([
          quiz,
          course,
          'component:default/unknown',
        ]);
        const summary = (ref: string) =>
          current.get(ref)!.map(c => [c.environment, c.version, c.deployedAt]);
        expect(summary(course)).toEqual([
          ['production', '1.1.0', at(10)],
          ['staging', '1.0.5', at(8)],
        ]);
        expect(summary(quiz)).toEqual([['development', '3.0.0', at(1)]]);
        expect(current.get('component:default/unknown')).toEqual([]);
        expect(current.get(course)![0].deployment).toEqual(
          expect.objectContaining({ sourceId: '2', entityRef: course }),
        );
        expect(await store.current(course)).toEqual(current.get(course));
      });

      it('keeps only the given environments', async () => {
        const { store } = await createStore(databaseId);
        await store.record([
          event({ sourceId: '1', environment: 'production' }),
          event({ sourceId: '2', environment: 'staging' }),
          event({ sourceId: '3', environment: 'development' }),
        ]);

        const current = await store.currentMany(
          [course],
          ['staging', 'development', 'nowhere'],
        );

        expect(current.get(course)!.map(c => c.environment)).toEqual([
          'development',
          'staging',
        ]);
        expect((await store.currentMany([course], [])).get(course)).toEqual([]);
      });

      it('breaks a tie on startedAt by id, and reads more refs than one chunk', async () => {
        const { store } = await createStore(databaseId);
        const refs = Array.from(
          { length: 1200 },
          (_, i) => `component:default/service-${i}`,
        );
        const [a, b] = await store.record([
          event({ sourceId: 'a', version: 'a', entityRef: refs[1199] }),
          event({ sourceId: 'b', version: 'b', entityRef: refs[1199] }),
          event({ sourceId: 'c', entityRef: refs[0] }),
        ]);
        const newer = a.deployment.id > b.deployment.id ? 'a' : 'b';

        const current = await store.currentMany(refs);

        expect(current.size).toBe(1200);
        expect(current.get(refs[1199])!.map(c => c.version)).toEqual([newer]);
        expect(current.get(refs[0])).toHaveLength(1);
        expect(current.get(refs[600])).toEqual([]);
      });
    });

    describe('what runs where, kept in step with each write', () => {
      const course = 'component:default/course-service';
      const versions = async (store: KnexDeploymentStore, ref = course) =>
        (await store.current(ref)).map(c => [c.environment, c.version]);

      it('falls back to the previous success when the current one is rolled back', async () => {
        const { store } = await createStore(databaseId);
        await store.record([
          event({ sourceId: '1', version: '1.0.0', startedAt: at(0) }),
          event({ sourceId: '2', version: '1.1.0', startedAt: at(10) }),
        ]);
        expect(await versions(store)).toEqual([['production', '1.1.0']]);

        await store.record([
          event({ sourceId: '2', version: '1.1.0', status: 'rolled_back' }),
        ]);

        expect(await versions(store)).toEqual([['production', '1.0.0']]);
      });

      it('moves with a deployment whose update names another environment', async () => {
        const { store } = await createStore(databaseId);
        await store.record([
          event({ sourceId: '1', version: '1.0.0', status: 'in_progress' }),
          event({ sourceId: '2', version: '0.9.0', startedAt: at(-10) }),
        ]);

        await store.record([
          event({ sourceId: '1', version: '1.0.0', environment: 'staging' }),
        ]);

        expect(await versions(store)).toEqual([
          ['production', '0.9.0'],
          ['staging', '1.0.0'],
        ]);
      });

      it('is built from the history of a database that had deployments before it existed', async () => {
        const knex = await databases.init(databaseId);
        const migrations = {
          directory: require('node:path').resolve(
            __dirname,
            '../../migrations',
          ),
        };
        await knex.migrate.up({
          ...migrations,
          name: '20261122000000_init.js',
        });
        const row = (id: string, startedAt: string, status: string) => ({
          id,
          entity_ref: course,
          environment: 'production',
          version: id,
          commit_sha: 'a1b2c3d',
          status,
          started_at: new Date(startedAt),
          triggered_by: 'service:ci',
          source: 'ci',
          source_id: id,
          created_at: new Date(),
          updated_at: new Date(),
        });
        await knex('deployments').insert([
          row('00000000-0000-4000-8000-000000000001', at(0), 'succeeded'),
          row('00000000-0000-4000-8000-000000000002', at(10), 'succeeded'),
          row('00000000-0000-4000-8000-000000000003', at(20), 'failed'),
        ]);

        const store = await KnexDeploymentStore.create({
          database: mockServices.database({ knex }),
        });

        expect(await versions(store)).toEqual([
          ['production', '00000000-0000-4000-8000-000000000002'],
        ]);
      });

      it('ends on the newest success when writers of one service race', async () => {
        const { store } = await createStore(databaseId);
        const writes = Array.from({ length: 12 }, (_, i) =>
          store.record([
            event({
              sourceId: `run-${i}`,
              version: `1.${i}.0`,
              startedAt: at(i),
            }),
          ]),
        );

        await Promise.all(writes);

        expect(await versions(store)).toEqual([['production', '1.11.0']]);
      });
    });

    describe('doraSamples', () => {
      it('reads the window, plus the first later success of an unrestored entity', async () => {
        const { store } = await createStore(databaseId);
        const restored = 'component:default/restored';
        const broken = 'component:default/broken';
        await store.record([
          event({
            entityRef: restored,
            sourceId: 'r0',
            startedAt: at(-1),
            status: 'failed',
          }),
          event({
            entityRef: restored,
            sourceId: 'r1',
            startedAt: at(0),
            status: 'failed',
          }),
          event({
            entityRef: restored,
            sourceId: 'r2',
            startedAt: at(5),
            commitTime: at(-60),
            finishedAt: at(6),
          }),
          event({ entityRef: restored, sourceId: 'r3', startedAt: at(120) }),
          event({
            entityRef: broken,
            sourceId: 'b1',
            startedAt: at(50),
            status: 'rolled_back',
          }),
          event({
            entityRef: broken,
            sourceId: 'b2',
            startedAt: at(60),
            status: 'cancelled',
          }),
          event({
            entityRef: broken,
            sourceId: 'b3',
            startedAt: at(100),
            environment: 'staging',
          }),
          event({
            entityRef: broken,
            sourceId: 'b4',
            startedAt: at(130),
            finishedAt: at(131),
          }),
          event({ entityRef: broken, sourceId: 'b5', startedAt: at(140) }),
          event({ sourceId: 'elsewhere', startedAt: at(10), status: 'failed' }),
        ]);

        const samples = await store.doraSamples({
          entityRefs: [restored, broken],
          environment: 'production',
          from: new Date(at(0)),
          to: new Date(at(100)),
        });

        expect(samples).toEqual([
          {
            entityRef: restored,
            environment: 'production',
            status: 'failed',
            startedAt: new Date(at(0)),
          },
          {
            entityRef: restored,
            environment: 'production',
            status: 'succeeded',
            startedAt: new Date(at(5)),
            finishedAt: new Date(at(6)),
            commitTime: new Date(at(-60)),
          },
          {
            entityRef: broken,
            environment: 'production',
            status: 'rolled_back',
            startedAt: new Date(at(50)),
          },
          {
            entityRef: broken,
            environment: 'production',
            status: 'cancelled',
            startedAt: new Date(at(60)),
          },
          {
            entityRef: broken,
            environment: 'production',
            status: 'succeeded',
            startedAt: new Date(at(130)),
            finishedAt: new Date(at(131)),
          },
        ]);
      });
    });

    it('gives deployments stored before recordedBy existed a recorder, trusting no person', async () => {
      const knex = await databases.init(databaseId);
      const migrations = {
        directory: require('node:path').resolve(__dirname, '../../migrations'),
      };
      await knex.migrate.up({ ...migrations, name: '20261122000000_init.js' });
      await knex.migrate.up({
        ...migrations,
        name: '20261123000000_current_deployments.js',
      });
      const row = (
        n: number,
        source: string,
        triggeredBy: string,
        status = 'succeeded',
      ) => ({
        id: `00000000-0000-4000-8000-00000000000${n}`,
        entity_ref: COURSE_SERVICE,
        environment: 'production',
        version: `1.${n}.0`,
        commit_sha: 'a1b2c3d',
        status,
        started_at: new Date(at(n)),
        triggered_by: triggeredBy,
        source,
        source_id: `old-${n}`,
        created_at: new Date(),
        updated_at: new Date(),
      });
      await knex('deployments').insert([
        row(1, 'manual', JANE),
        row(2, 'ci', JANE),
        row(3, 'argocd', 'service:argocd/local-double'),
        row(4, 'ci', 'service:ci-pipelines'),
        row(5, 'argocd', JANE, 'failed'),
      ]);
      await knex('current_deployments').insert({
        entity_ref: COURSE_SERVICE,
        environment: 'production',
        deployment_id: '00000000-0000-4000-8000-000000000004',
      });

      const store = await KnexDeploymentStore.create({
        database: mockServices.database({ knex }),
      });

      const { items } = await store.list({ filter: {}, limit: 10 });
      expect(
        items.map(d => [d.sourceId, d.recordedBy, d.trusted]).reverse(),
      ).toEqual([
        ['old-1', JANE, false],
        ['old-2', JANE, false],
        ['old-3', 'plugin:deployments', true],
        ['old-4', 'service:unknown', true],
        ['old-5', JANE, false],
      ]);
      // SQLite rebuilds the table to make the column NOT NULL; what runs
      // where survives it.
      expect(
        (await store.current(COURSE_SERVICE)).map(c => c.deployment.sourceId),
      ).toEqual(['old-4']);
      await expect(
        knex('deployments').insert({
          ...row(6, 'ci', 'service:x'),
          source_id: 'no-recorder',
        }),
      ).rejects.toMatchObject({ message: expect.stringMatching(/null/i) });
    });

    it('knows whether anything is stored', async () => {
      const { store } = await createStore(databaseId);
      expect(await store.isEmpty()).toBe(true);
      await store.record([event()]);
      expect(await store.isEmpty()).toBe(false);
    });
  },
);
