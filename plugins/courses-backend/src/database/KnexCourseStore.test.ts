import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { courseDocument } from '../testUtils';
import { CourseListQuery } from './CourseStore';
import { searchTerms } from './fullText';
import { KnexCourseStore } from './KnexCourseStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const JANE = 'user:default/jane.doe';
const JOE = 'user:default/joe';
const API = { source: 'api' as const, actor: JANE };

async function createStore(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const store = await KnexCourseStore.create({
    database: mockServices.database({ knex }),
  });
  return { knex, store };
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
  'KnexCourseStore on %p',
  databaseId => {
    describe('courses', () => {
      it('creates, reads, replaces and deletes a course', async () => {
        const { store } = await createStore(databaseId);
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

      it('counts the courses of every category, level and tag', async () => {
        const { store } = await createStore(databaseId);
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
        const { store } = await createStore(databaseId);
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

      it('searches titles, summaries and lesson text, title matches first', async () => {
        const { store } = await createStore(databaseId);
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
          modules: [
            { id: 'm', title: 'M', lessons: [lesson('l', 'Sync it.')] },
          ],
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

        // Replacing and deleting keep the search index in step.
        await store.replaceCourse(
          { ...inTitle, title: 'Shipping services' },
          API,
        );
        await store.deleteCourse('platform-tour');
        expect(
          ids(await store.listCourses({ searchTerms: ['argocd'], limit: 10 })),
        ).toEqual([]);
      });
    });

    describe('locations', () => {
      const source = 'location:https://example.com/courses.yaml' as const;

      it("upserts a location's courses and removes those it dropped", async () => {
        const { store } = await createStore(databaseId);
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
        const { store } = await createStore(databaseId);
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
        const { store } = await createStore(databaseId);
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

    describe('enrolments and progress', () => {
      it('enrols once and forgets progress on leaving', async () => {
        const { store } = await createStore(databaseId);
        await store.createCourse(courseDocument(), API);

        const first = await store.enroll('writing-techdocs', JANE);
        expect(first).toEqual({
          enrolled: true,
          completed: false,
          enrollment: {
            courseId: 'writing-techdocs',
            courseTitle: 'Writing TechDocs',
            enrolledAt: expect.any(String),
            progress: 0,
            completedLessonIds: [],
          },
        });
        expect((await store.enroll('writing-techdocs', JANE)).enrolled).toBe(
          false,
        );
        await store.setLessonProgress('writing-techdocs', JANE, {
          lessonId: 'mkdocs-reference',
          completed: true,
        });

        expect(await store.unenroll('writing-techdocs', JANE)).toBe(true);
        expect(await store.unenroll('writing-techdocs', JANE)).toBe(false);
        const again = await store.enroll('writing-techdocs', JANE);
        expect(again.enrollment.completedLessonIds).toEqual([]);
        await expect(store.enroll('nope', JANE)).rejects.toMatchObject({
          name: 'NotFoundError',
        });
      });

      it('completes a course with its last lesson and reopens it when one is undone', async () => {
        const { store } = await createStore(databaseId);
        await store.createCourse(courseDocument(), API);
        const done = (lessonId: string, completed = true) =>
          store.setLessonProgress('writing-techdocs', JANE, {
            lessonId,
            completed,
          });

        const firstLesson = await done('why-docs-like-code');
        expect(firstLesson.enrolled).toBe(true);
        expect(firstLesson.enrollment.progress).toBeCloseTo(1 / 3);
        await done('read-the-portal-docs');
        await done('read-the-portal-docs');
        const last = await done('mkdocs-reference');
        expect(last.completed).toBe(true);
        expect(last.enrollment).toMatchObject({
          progress: 1,
          completedAt: expect.any(String),
        });
        expect((await done('mkdocs-reference')).completed).toBe(false);

        const undone = await done('basics-missing', false).catch(e => e);
        expect(undone).toMatchObject({
          name: 'InputError',
          message:
            'lessonId: course "writing-techdocs" has no lesson "basics-missing"',
        });
        const reopened = await done('why-docs-like-code', false);
        expect(reopened.enrollment.completedAt).toBeUndefined();
        expect(reopened.enrollment.completedLessonIds).toEqual([
          'mkdocs-reference',
          'read-the-portal-docs',
        ]);
      });

      it('drops progress of removed lessons and recomputes completion on replace', async () => {
        const { store } = await createStore(databaseId);
        const course = courseDocument();
        await store.createCourse(course, API);
        await store.setLessonProgress(course.id, JANE, {
          lessonId: 'why-docs-like-code',
          completed: true,
        });
        await store.setLessonProgress(course.id, JANE, {
          lessonId: 'read-the-portal-docs',
          completed: true,
        });

        // Without the "practice" module, Jane has done every lesson.
        await store.replaceCourse(
          { ...course, modules: [course.modules[0]] },
          API,
        );
        expect(await store.listEnrollments(JANE)).toEqual([
          expect.objectContaining({
            progress: 1,
            completedAt: expect.any(String),
          }),
        ]);

        // With a new first lesson instead, she has not.
        const extra = lesson('new-lesson', 'New.');
        await store.replaceCourse(
          {
            ...course,
            modules: [
              {
                ...course.modules[0],
                lessons: [extra, course.modules[0].lessons[1]],
              },
            ],
          },
          API,
        );
        const [enrollment] = await store.listEnrollments(JANE);
        expect(enrollment.completedLessonIds).toEqual(['read-the-portal-docs']);
        expect(enrollment.progress).toBe(0.5);
        expect(enrollment.completedAt).toBeUndefined();
      });

      it("lists a user's enrolments and a team's, and drops them with the course", async () => {
        const { store } = await createStore(databaseId);
        await store.createCourse(courseDocument({ id: 'a', title: 'A' }), API);
        await store.createCourse(courseDocument({ id: 'b', title: 'B' }), API);
        await store.enroll('a', JANE);
        await store.setLessonProgress('b', JANE, {
          lessonId: 'mkdocs-reference',
          completed: true,
        });
        await store.enroll('a', JOE);

        expect(
          (await store.listEnrollments(JANE)).map(e => [
            e.courseId,
            e.completedLessonIds,
          ]),
        ).toEqual(
          expect.arrayContaining([
            ['a', []],
            ['b', ['mkdocs-reference']],
          ]),
        );
        expect(
          (
            await store.listCourseEnrollments('a', [
              JANE,
              'user:default/nobody',
            ])
          ).map(e => e.userRef),
        ).toEqual([JANE]);

        await store.deleteCourse('a');
        expect(
          (await store.listEnrollments(JANE)).map(e => e.courseId),
        ).toEqual(['b']);
        expect(await store.listEnrollments(JOE)).toEqual([]);
      });
    });
  },
);
