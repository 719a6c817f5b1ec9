import { CourseDocument } from '@internal/plugin-courses-common';
import { Knex } from 'knex';

/** What search reads of a course besides its id. */
export interface SearchableCourse {
  id: string;
  title: string;
  summary: string;
  /** From {@link searchableLessonText}. */
  lessonText: string;
}

/**
 * Full-text search over courses, one implementation per database. Title
 * matches weigh most, then the summary, then lesson text.
 */
export interface CourseSearch {
  /** Narrows a query of `courses as c` to the courses matching every term. */
  whereMatches(query: Knex.QueryBuilder, terms: string[]): Knex.QueryBuilder;
  /** A course's rank in such a query: an integer, higher first. */
  rank(db: Knex, terms: string[]): Knex.Raw;
  /** Indexes a new or changed course, in the transaction that writes it. */
  index(tx: Knex.Transaction, course: SearchableCourse): Promise<void>;
  /** Drops deleted courses, in the transaction that deletes them. */
  remove(tx: Knex.Transaction, ids: readonly string[]): Promise<void>;
}

/**
 * A tsvector holds at most 1 MB; beyond this many characters of lesson text
 * a course is searchable by its beginning only.
 */
const MAX_LESSON_TEXT = 500_000;

/** What search finds in a course besides its title and summary. */
export function searchableLessonText(course: CourseDocument): string {
  return course.modules
    .flatMap(m => [
      m.title,
      ...m.lessons.flatMap(l => [
        l.title,
        l.description,
        l.type === 'markdown' ? l.body : undefined,
      ]),
    ])
    .filter(Boolean)
    .join('\n')
    .slice(0, MAX_LESSON_TEXT);
}

/** Ranks are floats; scaled to integers they compare exactly in a cursor. */
export const RANK_SCALE = 1_000_000;
