import { CourseDocument } from '@internal/plugin-courses-common';

/*
 * The plugin's tables, shared by its stores. Each store writes only its own
 * tables; where a write spans several (a course and its learners), the
 * store that starts it passes its transaction on.
 */

/** Courses: written by the catalog store; the enrolment store reads them. */
export const COURSES = 'courses';
/** A course's tags, for the tag facet: the catalog store's. */
export const TAGS = 'course_tags';
/** The outcome of each location refresh: the catalog store's. */
export const LOCATIONS = 'course_locations';
/** Enrolments and lesson progress: the enrolment store's. */
export const ENROLLMENTS = 'course_enrollments';
export const PROGRESS = 'course_lesson_progress';

/** PostgreSQL returns a Date; SQLite the epoch milliseconds (see migration). */
export type DbTimestamp = Date | number;

export function toIso(value: DbTimestamp): string {
  return new Date(value).toISOString();
}

export function lessonIdsOf(course: CourseDocument): string[] {
  return course.modules.flatMap(m => m.lessons.map(l => l.id));
}
