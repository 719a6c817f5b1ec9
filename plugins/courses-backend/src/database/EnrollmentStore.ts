import { Enrollment } from '@internal/plugin-courses-common';
import { Knex } from 'knex';

/** What an enrolment or progress change did, for notifications. */
export interface EnrollmentChange {
  enrollment: Enrollment;
  /** The user was not enrolled before. */
  enrolled: boolean;
  /** This change completed the course's last lesson. */
  completed: boolean;
}

/** Users' enrolments in courses and the lessons they have done. */
export interface EnrollmentStore {
  /** Enrols a user; enrolling again changes nothing. NotFoundError without the course. */
  enroll(courseId: string, userRef: string): Promise<EnrollmentChange>;
  /** Forgets an enrolment and its progress; false if there was none. */
  unenroll(courseId: string, userRef: string): Promise<boolean>;
  /**
   * Marks a lesson done or not done, enrolling the user if needed; sets the
   * completion time when the last lesson is done, clears it when one is
   * undone. InputError (`lessonId: ...`) for a lesson the course lacks.
   */
  setLessonProgress(
    courseId: string,
    userRef: string,
    progress: { lessonId: string; completed: boolean },
  ): Promise<EnrollmentChange>;
  /** A user's enrolments, newest first. */
  listEnrollments(userRef: string): Promise<Enrollment[]>;
  /**
   * The enrolments of some users in one course (in no particular order).
   * NotFoundError without the course.
   */
  listCourseEnrollments(
    courseId: string,
    userRefs: readonly string[],
  ): Promise<Array<Enrollment & { userRef: string }>>;
}

/**
 * What the catalog's writes do to learners, inside the catalog's
 * transaction: a course and its enrolments change together or not at all.
 */
export interface CourseLearners {
  /**
   * After a course's lessons changed: drops progress on lessons it no longer
   * has; whoever has done all of them now completed it (keeping an earlier
   * completion time), nobody else has.
   */
  courseLessonsChanged(
    tx: Knex.Transaction,
    courseId: string,
    lessonIds: readonly string[],
  ): Promise<void>;
  /** Deletes the enrolments and progress of deleted courses. */
  coursesDeleted(
    tx: Knex.Transaction,
    courseIds: readonly string[],
  ): Promise<void>;
}
