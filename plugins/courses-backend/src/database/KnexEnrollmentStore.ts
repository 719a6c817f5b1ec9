import { InputError, NotFoundError } from '@backstage/errors';
import { Enrollment } from '@internal/plugin-courses-common';
import { Knex } from 'knex';
import {
  CourseLearners,
  EnrollmentChange,
  EnrollmentStore,
} from './EnrollmentStore';
import {
  COURSES,
  DbTimestamp,
  ENROLLMENTS,
  lessonIdsOf,
  PROGRESS,
  toIso,
} from './tables';

interface EnrollmentRow {
  course_id: string;
  user_ref: string;
  enrolled_at: DbTimestamp;
  completed_at: DbTimestamp | null;
}

/** What an enrolment shows of its course, read from the catalog's table. */
interface EnrollmentCourse {
  id: string;
  title: string;
  lesson_count: number;
}

/**
 * Enrolments and lesson progress in SQLite or PostgreSQL through knex. It
 * reads courses (title, lessons) and writes only its own tables; the
 * catalog store calls its CourseLearners side inside course writes.
 */
export class KnexEnrollmentStore implements EnrollmentStore, CourseLearners {
  constructor(private readonly db: Knex) {}

  async enroll(courseId: string, userRef: string): Promise<EnrollmentChange> {
    return this.db.transaction(async tx => {
      const course = await this.enrollmentCourse(tx, courseId);
      const { row, enrolled } = await this.ensureEnrolled(
        tx,
        courseId,
        userRef,
      );
      return {
        enrollment: await this.readEnrollment(tx, course, row),
        enrolled,
        completed: false,
      };
    });
  }

  async unenroll(courseId: string, userRef: string): Promise<boolean> {
    return this.db.transaction(async tx => {
      const deleted = await tx(ENROLLMENTS)
        .where({ course_id: courseId, user_ref: userRef })
        .delete();
      await tx(PROGRESS)
        .where({ course_id: courseId, user_ref: userRef })
        .delete();
      return deleted > 0;
    });
  }

  async setLessonProgress(
    courseId: string,
    userRef: string,
    progress: { lessonId: string; completed: boolean },
  ): Promise<EnrollmentChange> {
    return this.db.transaction(async tx => {
      const row: (EnrollmentCourse & { document: string }) | undefined =
        await tx(COURSES)
          .where({ id: courseId })
          .first('id', 'title', 'lesson_count', 'document');
      if (!row) {
        throw new NotFoundError(`No course "${courseId}"`);
      }
      if (!lessonIdsOf(JSON.parse(row.document)).includes(progress.lessonId)) {
        throw new InputError(
          `lessonId: course "${courseId}" has no lesson "${progress.lessonId}"`,
        );
      }
      const { row: before, enrolled } = await this.ensureEnrolled(
        tx,
        courseId,
        userRef,
      );
      const key = { user_ref: userRef, course_id: courseId };
      if (progress.completed) {
        await tx(PROGRESS)
          .insert({
            ...key,
            lesson_id: progress.lessonId,
            completed_at: new Date(),
          })
          .onConflict(['user_ref', 'course_id', 'lesson_id'])
          .ignore();
      } else {
        await tx(PROGRESS)
          .where({ ...key, lesson_id: progress.lessonId })
          .delete();
      }

      const [{ done }] = await tx(PROGRESS).where(key).count({ done: '*' });
      const complete = Number(done) >= row.lesson_count;
      const completed = complete && before.completed_at === null;
      let after = before;
      if (completed || (!complete && before.completed_at !== null)) {
        after = { ...before, completed_at: complete ? new Date() : null };
        await tx(ENROLLMENTS)
          .where(key)
          .update({ completed_at: after.completed_at });
      }
      return {
        enrollment: await this.readEnrollment(tx, row, after),
        enrolled,
        completed,
      };
    });
  }

  async listEnrollments(userRef: string): Promise<Enrollment[]> {
    const [rows, progress] = await Promise.all([
      this.db(`${ENROLLMENTS} as e`)
        .join(`${COURSES} as c`, 'c.id', 'e.course_id')
        .where('e.user_ref', userRef)
        .orderBy([
          { column: 'e.enrolled_at', order: 'desc' },
          { column: 'e.course_id', order: 'asc' },
        ])
        .select('e.*', 'c.title', 'c.lesson_count'),
      this.db(PROGRESS)
        .where({ user_ref: userRef })
        .orderBy(['course_id', 'lesson_id'])
        .select('course_id', 'lesson_id'),
    ]);
    const lessons = groupLessons(progress, p => p.course_id);
    return rows.map(row =>
      toEnrollment(
        row,
        { id: row.course_id, title: row.title, lesson_count: row.lesson_count },
        lessons.get(row.course_id) ?? [],
      ),
    );
  }

  async listCourseEnrollments(
    courseId: string,
    userRefs: readonly string[],
  ): Promise<Array<Enrollment & { userRef: string }>> {
    const course = await this.enrollmentCourse(this.db, courseId);
    const [rows, progress] = await Promise.all([
      this.db<EnrollmentRow>(ENROLLMENTS)
        .where({ course_id: courseId })
        .whereIn('user_ref', userRefs),
      this.db(PROGRESS)
        .where({ course_id: courseId })
        .whereIn('user_ref', userRefs)
        .orderBy(['user_ref', 'lesson_id'])
        .select('user_ref', 'lesson_id'),
    ]);
    const lessons = groupLessons(progress, p => p.user_ref);
    return rows.map(row => ({
      userRef: row.user_ref,
      ...toEnrollment(row, course, lessons.get(row.user_ref) ?? []),
    }));
  }

  // --- Inside the catalog's course writes -----------------------------------

  async courseLessonsChanged(
    tx: Knex.Transaction,
    courseId: string,
    lessonIds: readonly string[],
  ): Promise<void> {
    await tx(PROGRESS)
      .where({ course_id: courseId })
      .whereNotIn('lesson_id', lessonIds)
      .delete();
    const done = tx.raw(
      `(SELECT COUNT(*) FROM ${PROGRESS} p WHERE p.course_id = ${ENROLLMENTS}.course_id AND p.user_ref = ${ENROLLMENTS}.user_ref)`,
    );
    await tx(ENROLLMENTS)
      .where({ course_id: courseId })
      .whereNotNull('completed_at')
      .where(done, '<', lessonIds.length)
      .update({ completed_at: null });
    await tx(ENROLLMENTS)
      .where({ course_id: courseId })
      .whereNull('completed_at')
      .where(done, '>=', lessonIds.length)
      .update({ completed_at: new Date() });
  }

  async coursesDeleted(
    tx: Knex.Transaction,
    courseIds: readonly string[],
  ): Promise<void> {
    await tx(PROGRESS).whereIn('course_id', courseIds).delete();
    await tx(ENROLLMENTS).whereIn('course_id', courseIds).delete();
  }

  // --- Internals ------------------------------------------------------------

  private async enrollmentCourse(
    db: Knex,
    courseId: string,
  ): Promise<EnrollmentCourse> {
    const course: EnrollmentCourse | undefined = await db(COURSES)
      .where({ id: courseId })
      .first('id', 'title', 'lesson_count');
    if (!course) {
      throw new NotFoundError(`No course "${courseId}"`);
    }
    return course;
  }

  /** The user's enrolment, and whether it was made just now. */
  private async ensureEnrolled(
    tx: Knex.Transaction,
    courseId: string,
    userRef: string,
  ): Promise<{ row: EnrollmentRow; enrolled: boolean }> {
    const key = { course_id: courseId, user_ref: userRef };
    const existing = await tx<EnrollmentRow>(ENROLLMENTS).where(key).first();
    if (existing) {
      return { row: existing, enrolled: false };
    }
    const row = { ...key, enrolled_at: new Date(), completed_at: null };
    await tx(ENROLLMENTS).insert(row);
    return { row, enrolled: true };
  }

  private async readEnrollment(
    tx: Knex.Transaction,
    course: EnrollmentCourse,
    row: EnrollmentRow,
  ): Promise<Enrollment> {
    const lessons = await tx(PROGRESS)
      .where({ course_id: row.course_id, user_ref: row.user_ref })
      .orderBy('lesson_id')
      .pluck('lesson_id');
    return toEnrollment(row, course, lessons);
  }
}

function groupLessons<T extends { lesson_id: string }>(
  rows: T[],
  keyOf: (row: T) => string,
): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const row of rows) {
    const key = keyOf(row);
    groups.set(key, [...(groups.get(key) ?? []), row.lesson_id]);
  }
  return groups;
}

function toEnrollment(
  row: EnrollmentRow,
  course: EnrollmentCourse,
  completedLessonIds: string[],
): Enrollment {
  return {
    courseId: course.id,
    courseTitle: course.title,
    enrolledAt: toIso(row.enrolled_at),
    progress: Math.min(1, completedLessonIds.length / course.lesson_count),
    completedLessonIds,
    ...(row.completed_at !== null && { completedAt: toIso(row.completed_at) }),
  };
}
