import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { courseDocument } from '../testUtils';
import { createCourseStores } from './createCourseStores';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const JANE = 'user:default/jane.doe';
const JOE = 'user:default/joe';
const API = { source: 'api' as const, actor: JANE };

/** The enrolment store, with the catalog store to arrange its courses. */
async function createStores(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  return createCourseStores({ database: mockServices.database({ knex }) });
}

const lesson = (id: string, body: string) => ({
  id,
  title: id,
  type: 'markdown' as const,
  body,
});

describe.each(databases.eachSupportedId())(
  'KnexEnrollmentStore on %p',
  databaseId => {
    it('enrols once and forgets progress on leaving', async () => {
      const { courseCatalog: catalog, enrollments: store } = await createStores(
        databaseId,
      );
      await catalog.createCourse(courseDocument(), API);

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
      const { courseCatalog: catalog, enrollments: store } = await createStores(
        databaseId,
      );
      await catalog.createCourse(courseDocument(), API);
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
      const { courseCatalog: catalog, enrollments: store } = await createStores(
        databaseId,
      );
      const course = courseDocument();
      await catalog.createCourse(course, API);
      await store.setLessonProgress(course.id, JANE, {
        lessonId: 'why-docs-like-code',
        completed: true,
      });
      await store.setLessonProgress(course.id, JANE, {
        lessonId: 'read-the-portal-docs',
        completed: true,
      });

      // Without the "practice" module, Jane has done every lesson.
      await catalog.replaceCourse(
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
      await catalog.replaceCourse(
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
      const { courseCatalog: catalog, enrollments: store } = await createStores(
        databaseId,
      );
      await catalog.createCourse(courseDocument({ id: 'a', title: 'A' }), API);
      await catalog.createCourse(courseDocument({ id: 'b', title: 'B' }), API);
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
          await store.listCourseEnrollments('a', [JANE, 'user:default/nobody'])
        ).map(e => e.userRef),
      ).toEqual([JANE]);
      await expect(
        store.listCourseEnrollments('nope', [JANE]),
      ).rejects.toMatchObject({ name: 'NotFoundError' });

      await catalog.deleteCourse('a');
      expect((await store.listEnrollments(JANE)).map(e => e.courseId)).toEqual([
        'b',
      ]);
      expect(await store.listEnrollments(JOE)).toEqual([]);
    });
  },
);
