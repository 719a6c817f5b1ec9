import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { CourseDocument } from '@internal/plugin-courses-common';
import { Knex } from 'knex';
import { courseDocument } from '../../testUtils';
import { createCourseStores } from '../createCourseStores';
import { searchableLessonText } from './CourseSearch';
import { searchTerms } from './fullText';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const API = { source: 'api' as const, actor: 'user:default/jane.doe' };

async function createStores(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  return createCourseStores({ database: mockServices.database({ knex }) });
}

const ids = (page: { items: Array<{ id: string }> }) =>
  page.items.map(item => item.id);

const lesson = (id: string, body: string) => ({
  id,
  title: id,
  type: 'markdown' as const,
  body,
});

describe.each(databases.eachSupportedId())(
  'course search on %p',
  databaseId => {
    it('searches titles, summaries and lesson text, title matches first', async () => {
      const { courseCatalog: store } = await createStores(databaseId);
      const inLessons = courseDocument({
        id: 'platform-tour',
        title: 'A tour of the platform',
        summary: 'Everything in one afternoon.',
        modules: [
          {
            id: 'm',
            title: 'Delivery',
            lessons: [
              lesson(
                'sync',
                'ArgoCD syncs the cluster to Git. ArgoCD shows drift.',
              ),
            ],
          },
        ],
      });
      const inTitle = courseDocument({
        id: 'deploying-with-argocd',
        title: 'Deploying with ArgoCD',
        summary: 'Ship a service.',
        modules: [{ id: 'm', title: 'M', lessons: [lesson('l', 'Sync it.')] }],
      });
      const unrelated = courseDocument({ id: 'writing-techdocs' });
      for (const course of [inLessons, unrelated, inTitle]) {
        await store.createCourse(course, API);
      }

      const page = await store.listCourses({
        searchTerms: searchTerms('argocd'),
        limit: 10,
      });
      expect(ids(page)).toEqual(['deploying-with-argocd', 'platform-tour']);
      expect(page.totalCount).toBe(2);

      // Words are prefixes and stemmed; all of them must match.
      expect(
        ids(await store.listCourses({ searchTerms: ['deploy'], limit: 10 })),
      ).toEqual(['deploying-with-argocd']);
      expect(
        ids(
          await store.listCourses({
            searchTerms: ['argocd', 'drift'],
            limit: 10,
          }),
        ),
      ).toEqual(['platform-tour']);

      const first = await store.listCourses({
        searchTerms: ['argocd'],
        limit: 1,
      });
      const rest = await store.listCourses({
        searchTerms: ['argocd'],
        limit: 1,
        after: first.next,
      });
      expect([...ids(first), ...ids(rest)]).toEqual([
        'deploying-with-argocd',
        'platform-tour',
      ]);
      expect(rest.next).toBeUndefined();
      // Past the last page the count still holds.
      expect(
        await store.listCourses({
          searchTerms: ['argocd'],
          limit: 1,
          after: { kind: 'rank', rank: 0, id: 'platform-tour' },
        }),
      ).toEqual({ items: [], next: undefined, totalCount: 2 });

      // Replacing and deleting keep the search index in step.
      await store.replaceCourse(
        { ...inTitle, title: 'Shipping services' },
        API,
      );
      await store.deleteCourse('platform-tour');
      expect(
        ids(await store.listCourses({ searchTerms: ['argocd'], limit: 10 })),
      ).toEqual([]);
      expect(
        ids(await store.listCourses({ searchTerms: ['shipping'], limit: 10 })),
      ).toEqual(['deploying-with-argocd']);
    });

    it('combines a search with the facets', async () => {
      const { courseCatalog: store } = await createStores(databaseId);
      await store.createCourse(
        courseDocument({ id: 'argocd-basics', title: 'ArgoCD basics' }),
        API,
      );
      await store.createCourse(
        courseDocument({
          id: 'argocd-advanced',
          title: 'ArgoCD in depth',
          level: 'advanced',
          tags: ['argocd'],
        }),
        API,
      );

      const page = await store.listCourses({
        searchTerms: ['argocd'],
        level: 'advanced',
        tag: 'argocd',
        limit: 10,
      });
      expect(ids(page)).toEqual(['argocd-advanced']);
      expect(page.totalCount).toBe(1);
    });
  },
);

/*
 * The planner must pick the GIN index for a common word by itself: no
 * `enable_seqscan = off`. This loads a catalog the way the first schema
 * stored it, then migrates it, as an upgrade would.
 */
const postgres = TestDatabases.create({ ids: ['POSTGRES_15'] });
const onPostgres = postgres.supports('POSTGRES_15') ? describe : describe.skip;

onPostgres('the search plan on PostgreSQL', () => {
  const COURSE_COUNT = 4_000;
  const PLATFORM_WORDS = ['argocd', 'kubernetes', 'rollback', 'helm'];
  /** Each platform word lands in about one course in six, as in production. */
  const VOCABULARY = [
    ...PLATFORM_WORDS,
    ...Array.from({ length: 40 }, (_, i) => `word${i}`),
    ...Array.from({ length: 400 }, (_, i) => `topic${i}`),
  ];

  /** Deterministic: the same catalog and so the same plan on every run. */
  function* pseudoRandom(seed: number): Generator<number> {
    // xorshift32
    let state = seed;
    for (;;) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      yield state;
    }
  }

  function generatedCourses(): CourseDocument[] {
    const random = pseudoRandom(42);
    const word = () => VOCABULARY[random.next().value % VOCABULARY.length];
    return Array.from({ length: COURSE_COUNT }, (_, i) => {
      const body = Array.from({ length: 80 }, word).join(' ');
      return courseDocument({
        id: `course-${i}`,
        title: `${word()} and ${word()} ${i}`,
        summary: `Learn ${word()} with ${word()} on the platform.`,
        modules: [{ id: 'm', title: 'Module', lessons: [lesson('l', body)] }],
      });
    });
  }

  /** The rows of courses as the first migration's schema held them. */
  async function loadBeforeMigration(knex: Knex, courses: CourseDocument[]) {
    const migrations = resolvePackagePath(
      '@internal/plugin-courses-backend',
      'migrations',
    );
    await knex.migrate.up({
      directory: migrations,
      name: '20261210000000_init.js',
    });
    const at = new Date('2026-01-01T00:00:00Z');
    await knex.batchInsert(
      'courses',
      courses.map(course => ({
        id: course.id,
        title: course.title,
        sort_title: course.title.toLocaleLowerCase('en-US'),
        summary: course.summary,
        category: course.category,
        level: course.level,
        owner: course.owner,
        source: 'api',
        estimated_minutes: course.estimatedMinutes,
        module_count: 1,
        lesson_count: 1,
        tags: '[]',
        prerequisites: '[]',
        document: JSON.stringify(course),
        lesson_text: searchableLessonText(course),
        updated_by: null,
        created_at: at,
        updated_at: at,
      })),
      500,
    );
    await knex.raw('ANALYZE courses');
  }

  /** The plan nodes of a query, depth first. */
  function planNodes(plan: any): any[] {
    return [plan, ...(plan.Plans ?? []).flatMap(planNodes)];
  }

  it('reads matches through the GIN index, without planner settings', async () => {
    const knex = await postgres.init('POSTGRES_15');
    const courses = generatedCourses();
    await loadBeforeMigration(knex, courses);
    const { courseCatalog: catalog } = await createCourseStores({
      database: mockServices.database({ knex }),
    });

    for (const terms of [['kubernetes'], ['argocd', 'rollback']]) {
      const queries: Array<{ sql: string; bindings: unknown[] }> = [];
      const record = (query: { sql: string; bindings: unknown[] }) =>
        queries.push({ sql: query.sql, bindings: query.bindings });
      knex.on('query', record);
      const page = await catalog.listCourses({
        searchTerms: terms,
        limit: 20,
      });
      knex.off('query', record);

      const matching = courses.filter(course =>
        terms.every(term =>
          `${course.title} ${course.summary} ${searchableLessonText(course)}`
            .split(/\W+/)
            .includes(term),
        ),
      );
      expect(matching.length).toBeGreaterThan(COURSE_COUNT / 100);
      expect(page.totalCount).toBe(matching.length);

      // One query, outside any transaction that could change settings.
      expect(queries).toHaveLength(1);
      // Back from pg's $n placeholders (numbered in order) to knex's.
      const { rows } = await knex.raw(
        `EXPLAIN (FORMAT JSON) ${queries[0].sql.replace(/\$\d+/g, '?')}`,
        queries[0].bindings as Knex.ValueDict[],
      );
      const nodes = planNodes(rows[0]['QUERY PLAN'][0].Plan);
      expect(nodes.map(node => node['Node Type'])).not.toContain('Seq Scan');
      expect(nodes.map(node => node['Index Name'])).toContain(
        'courses_search_idx',
      );
    }

    // Upgrading kept what was stored.
    expect(await catalog.getCourse('course-7')).toMatchObject({
      title: courses[7].title,
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
  });
});
