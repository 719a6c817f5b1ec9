import { Knex } from 'knex';
import { CourseSearch, RANK_SCALE } from './CourseSearch';
import { toTsQuery } from './fullText';

/**
 * Search on PostgreSQL: the `search_vector` column of courses, a tsvector
 * the database generates from title (weight A), summary (B) and lesson text
 * (C), with a GIN index; ranked with ts_rank. Being generated, it changes
 * with the course row and needs no writes of its own.
 *
 * The planner picks the GIN index by itself (asserted by the plan test in
 * CourseSearch.test.ts): the vector is kept in the row and the index has no
 * pending list, so what a scan costs is what the planner sees (see the
 * migration 20261220000000_search_plan.js).
 */
export class PostgresCourseSearch implements CourseSearch {
  whereMatches(query: Knex.QueryBuilder, terms: string[]): Knex.QueryBuilder {
    return query.whereRaw(
      `c.search_vector @@ to_tsquery('english'::regconfig, ?)`,
      [toTsQuery(terms)],
    );
  }

  rank(db: Knex, terms: string[]): Knex.Raw {
    return db.raw(
      `(ts_rank(c.search_vector, to_tsquery('english'::regconfig, ?)) * ${RANK_SCALE})::bigint`,
      [toTsQuery(terms)],
    );
  }

  async index(): Promise<void> {
    // Generated with the row.
  }

  async remove(): Promise<void> {
    // Deleted with the row.
  }
}
