import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { courseDocument } from '../testUtils';
import { CourseListQuery } from './CourseCatalogStore';
import { createCourseStores } from './createCourseStores';
import { CourseLearners } from './EnrollmentStore';
import { KnexCourseCatalogStore } from './KnexCourseCatalogStore';
import { KnexEnrollmentStore } from './KnexEnrollmentStore';
import { createCourseSearch } from './search/createCourseSearch';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const JANE = 'user:default/jane.doe';
const JOE = 'user:default/joe';
const API = { source: 'api' as const, actor: JANE };

async function createStores(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const stores = await createCourseStores({
    database: mockServices.database({ knex }),
  });
  return { knex, ...stores };
}

const ids = (page: { items: Array<{ id: string }> }) =>
  page.items.map(item => item.id);

describe.each(databases.eachSupportedId())(
  'KnexCourseCatalogStore on %p',
  databaseId => {
    describe('courses', () => {
      it('creates, reads, replaces and deletes a course', async () => {
        const { courseCatalog: store } = await createStores(databaseId);
        const course = courseDocument();

        const created = await store.createCourse(course, API);
        expect(created).toEqual({
          ...course,
          source: 'api',
          updatedBy: JANE,
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
        });
        await expect(store.createCourse(course, API)).rejects.toMatchObject({
          name: 'ConflictError',
        });

        await store.replaceCourse(
          { ...course, title: 'Docs like code' },
          {
            source: 'api',
            actor: JOE,
          },
        );
        expect(await store.getCourse(course.id)).toMatchObject({
          title: 'Docs like code',
          updatedBy: JOE,
          createdAt: created.createdAt,
        });

        expect(await store.deleteCourse(course.id)).toBe(true);
        expect(await store.deleteCourse(course.id)).toBe(false);
        expect(await store.getCourse(course.id)).toBeUndefined();
        await expect(store.replaceCourse(course, API)).rejects.toMatchObject({
          name: 'NotFoundError',
        });
      });

      it('reads courses by id in the order asked, and which ids exist', async () => {
        const { courseCatalog: store } = await createStores(databaseId);
        await store.createCourse(courseDocument({ id: 'a', title: 'A' }), API);
        await store.createCourse(courseDocument({ id: 'b', title: 'B' }), API);

        const found = await store.getCourses(['b', 'nope', 'a']);
        expect(found.map(course => course?.title)).toEqual([
          'B',
          undefined,
          'A',
        ]);
        expect(
          (await store.existingCourseIds(['a', 'nope', 'b'])).sort(),
        ).toEqual(['a', 'b']);
      });

      it('counts the courses of every category, level and tag', async () => {
        const { courseCatalog: store } = await createStores(databaseId);
        expect(await store.courseFacets()).toEqual({
          categories: [],
          levels: [],
          tags: [],
        });
        for (const [id, category, level, tags] of [
          ['c-1', 'delivery', 'advanced', ['argocd']],
          ['c-2', 'delivery', 'beginner', ['argocd', 'k8s']],
          ['c-3', 'docs', 'beginner', []],
        ] as const) {
          await store.createCourse(
            courseDocument({ id, category, level, tags: [...tags] }),
            API,
          );
        }
        await store.deleteCourse('c-3');

        expect(await store.courseFacets()).toEqual({
          categories: [{ value: 'delivery', count: 2 }],
          levels: [
            { value: 'beginner', count: 1 },
            { value: 'advanced', count: 1 },
          ],
          tags: [
            { value: 'argocd', count: 2 },
            { value: 'k8s', count: 1 },
          ],
        });
      });

      it('lists summaries by title with facets, totals and keyset pages', async () => {
        const { courseCatalog: store } = await createStores(databaseId);
        for (const [id, title, category, level, tags] of [
          ['c-delta', 'delta', 'delivery', 'advanced', ['argocd']],
          ['c-alpha', 'Alpha', 'delivery', 'beginner', ['argocd', 'k8s']],
          ['c-charlie', 'charlie', 'docs', 'beginner', []],
          ['c-bravo', 'Bravo', 'delivery', 'beginner', ['k8s']],
        ] as const) {
          await store.createCourse(
            courseDocument({ id, title, category, level, tags: [...tags] }),
            API,
          );
        }

        const first = await store.listCourses({ limit: 3 });
        expect(ids(first)).toEqual(['c-alpha', 'c-bravo', 'c-charlie']);
        expect(first.totalCount).toBe(4);
        expect(first.items[0]).toEqual({
          id: 'c-alpha',
          title: 'Alpha',
          summary: expect.any(String),
          category: 'delivery',
          level: 'beginner',
          tags: ['argocd', 'k8s'],
          estimatedMinutes: 30,
          owner: 'group:default/platform-team',
          prerequisites: [],
          source: 'api',
          updatedBy: JANE,
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
          moduleCount: 2,
          lessonCount: 3,
        });
        const second = await store.listCourses({ limit: 3, after: first.next });
        expect(ids(second)).toEqual(['c-delta']);
        expect(second.next).toBeUndefined();

        const facets: Array<[Partial<CourseListQuery>, string[]]> = [
          [{ category: 'delivery' }, ['c-alpha', 'c-bravo', 'c-delta']],
          [{ tag: 'k8s' }, ['c-alpha', 'c-bravo']],
          [{ level: 'beginner', tag: 'argocd' }, ['c-alpha']],
          [{ category: 'nothing' }, []],
        ];
        for (const [facet, expected] of facets) {
          const page = await store.listCourses({ limit: 10, ...facet });
          expect(ids(page)).toEqual(expected);
          expect(page.totalCount).toBe(expected.length);
        }
      });
    });

    describe('one transaction with search entries and learners', () => {
      /**
       * The catalog over real search and enrolments whose course hooks do
       * their writes and then fail, as a lost connection would: the whole
       * course write must roll back, the learners' part included.
       */
      async function withFailingLearners() {
        const knex = await databases.init(databaseId);
        const { courseCatalog: catalog, enrollments } =
          await createCourseStores({
            database: mockServices.database({ knex }),
          });
        const learners = new KnexEnrollmentStore(knex);
        const failing: CourseLearners = {
          async courseLessonsChanged(tx, courseId, lessonIds) {
            await learners.courseLessonsChanged(tx, courseId, lessonIds);
            throw new Error('connection lost');
          },
          async coursesDeleted(tx, courseIds) {
            await learners.coursesDeleted(tx, courseIds);
            throw new Error('connection lost');
          },
        };
        const failingCatalog = new KnexCourseCatalogStore(knex, {
          search: createCourseSearch(knex),
          learners: failing,
        });

        const course = courseDocument({ tags: ['techdocs'] });
        await catalog.createCourse(course, API);
        // Jane has done a lesson of the module the replacement drops.
        await enrollments.setLessonProgress(course.id, JANE, {
          lessonId: 'mkdocs-reference',
          completed: true,
        });
        const stored = await catalog.getCourse(course.id);
        const searchIds = async (word: string) =>
          ids(await catalog.listCourses({ searchTerms: [word], limit: 10 }));
        return {
          catalog,
          enrollments,
          failingCatalog,
          course,
          stored,
          searchIds,
        };
      }

      it('keeps a course, its tags, search entry and progress when replacing it fails', async () => {
        const {
          catalog,
          enrollments,
          failingCatalog,
          course,
          stored,
          searchIds,
        } = await withFailingLearners();

        await expect(
          failingCatalog.replaceCourse(
            {
              ...course,
              title: 'Shipping services',
              tags: ['shipping'],
              modules: [course.modules[0]],
            },
            API,
          ),
        ).rejects.toThrow('connection lost');

        expect(await catalog.getCourse(course.id)).toEqual(stored);
        expect((await catalog.courseFacets()).tags).toEqual([
          { value: 'techdocs', count: 1 },
        ]);
        expect(await searchIds('writing')).toEqual([course.id]);
        expect(await searchIds('shipping')).toEqual([]);
        expect(
          (await enrollments.listEnrollments(JANE))[0].completedLessonIds,
        ).toEqual(['mkdocs-reference']);
      });

      it('keeps a course and everything of it when deleting it fails', async () => {
        const {
          catalog,
          enrollments,
          failingCatalog,
          course,
          stored,
          searchIds,
        } = await withFailingLearners();

        const source = 'location:https://example.com/courses.yaml' as const;
        const fromLocation = courseDocument({
          id: 'from-location',
          title: 'Reading YAML',
          tags: [],
        });
        await catalog.replaceLocationCourses(source, [fromLocation]);

        await expect(failingCatalog.deleteCourse(course.id)).rejects.toThrow(
          'connection lost',
        );
        // A location dropping its course deletes it the same way.
        await expect(
          failingCatalog.replaceLocationCourses(source, []),
        ).rejects.toThrow('connection lost');

        expect(await catalog.getCourse(fromLocation.id)).toBeDefined();

        expect(await catalog.getCourse(course.id)).toEqual(stored);
        expect((await catalog.courseFacets()).tags).toEqual([
          { value: 'techdocs', count: 1 },
        ]);
        expect(await searchIds('writing')).toEqual([course.id]);
        expect(await enrollments.listEnrollments(JANE)).toEqual([
          expect.objectContaining({
            courseId: course.id,
            completedLessonIds: ['mkdocs-reference'],
          }),
        ]);
      });
    });

    describe('locations', () => {
      const source = 'location:https://example.com/courses.yaml' as const;

      it("upserts a location's courses and removes those it dropped", async () => {
        const { courseCatalog: store } = await createStores(databaseId);
        const a = courseDocument({ id: 'a' });
        const b = courseDocument({ id: 'b' });

        expect(await store.replaceLocationCourses(source, [a, b])).toEqual({
          upserted: 2,
          removed: 0,
        });
        const before = await store.getCourse('a');
        expect(await store.replaceLocationCourses(source, [a])).toEqual({
          upserted: 0,
          removed: 1,
        });
        expect(await store.getCourse('a')).toEqual(before);
        expect(await store.getCourse('b')).toBeUndefined();
        expect(await store.countCoursesBySource()).toEqual(
          new Map([[source, 1]]),
        );
      });

      it('changes nothing when a course id belongs to another source', async () => {
        const { courseCatalog: store } = await createStores(databaseId);
        await store.createCourse(courseDocument({ id: 'taken' }), API);
        await store.replaceLocationCourses(source, [
          courseDocument({ id: 'kept' }),
        ]);

        await expect(
          store.replaceLocationCourses(source, [
            courseDocument({ id: 'new' }),
            courseDocument({ id: 'taken' }),
          ]),
        ).rejects.toThrow('id: course "taken" already comes from api');

        expect(await store.getCourse('new')).toBeUndefined();
        expect(await store.getCourse('kept')).toBeDefined();
        expect((await store.getCourse('taken'))?.source).toBe('api');
      });

      it('records the last refresh of each location', async () => {
        const { courseCatalog: store } = await createStores(databaseId);
        const at = '2026-01-01T00:00:00.000Z';
        await store.recordLocationRefresh({
          target: 'b.yaml',
          status: 'error',
          error: 'bad',
          lastRefreshAt: at,
        });
        await store.recordLocationRefresh({
          target: 'a.yaml',
          status: 'ok',
          lastRefreshAt: at,
        });
        await store.recordLocationRefresh({
          target: 'b.yaml',
          status: 'ok',
          lastRefreshAt: at,
        });

        expect(await store.listLocationRefreshes()).toEqual([
          { target: 'a.yaml', status: 'ok', lastRefreshAt: at },
          { target: 'b.yaml', status: 'ok', lastRefreshAt: at },
        ]);
      });
    });
  },
);
