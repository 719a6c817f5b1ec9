import { Knex } from 'knex';
import { CourseSearch, RANK_SCALE, SearchableCourse } from './CourseSearch';
import { toFts5Query } from './fullText';

const FTS = 'courses_fts';

/**
 * Search on SQLite: the FTS5 table `courses_fts` (title, summary, lesson
 * text; porter stemming), kept in step with courses in each write's
 * transaction; ranked with bm25.
 */
export class SqliteCourseSearch implements CourseSearch {
  whereMatches(query: Knex.QueryBuilder, terms: string[]): Knex.QueryBuilder {
    return query
      .join(FTS, `${FTS}.id`, 'c.id')
      .whereRaw(`${FTS} MATCH ?`, [toFts5Query(terms)]);
  }

  rank(db: Knex): Knex.Raw {
    // bm25 is lower for better matches; the weights are per column (id,
    // title, summary, lesson text). It is allowed only in a plain query of
    // the FTS table, which whereMatches makes.
    return db.raw(
      `CAST(-bm25(${FTS}, 0.0, 10.0, 4.0, 1.0) * ${RANK_SCALE} AS INTEGER)`,
    );
  }

  async index(tx: Knex.Transaction, course: SearchableCourse): Promise<void> {
    await tx(FTS).where({ id: course.id }).delete();
    await tx(FTS).insert({
      id: course.id,
      title: course.title,
      summary: course.summary,
      lesson_text: course.lessonText,
    });
  }

  async remove(tx: Knex.Transaction, ids: readonly string[]): Promise<void> {
    await tx(FTS).whereIn('id', ids).delete();
  }
}
