import { Knex } from 'knex';
import { CourseSearch } from './CourseSearch';
import { PostgresCourseSearch } from './PostgresCourseSearch';
import { SqliteCourseSearch } from './SqliteCourseSearch';

/** The search of the database knex is connected to. */
export function createCourseSearch(db: Knex): CourseSearch {
  const client = db.client.config.client;
  if (client === 'pg') {
    return new PostgresCourseSearch();
  }
  if (client === 'better-sqlite3' || client === 'sqlite3') {
    return new SqliteCourseSearch();
  }
  throw new Error(
    `The courses plugin searches on PostgreSQL or SQLite, not ${client}`,
  );
}
