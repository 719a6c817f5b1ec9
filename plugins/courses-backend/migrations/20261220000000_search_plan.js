// @ts-check

/**
 * Lets the PostgreSQL planner pick the GIN index for searches on its own,
 * without `enable_seqscan = off`. Statistics were never the problem (its
 * row estimates are exact); two costs it cannot see were:
 *
 * - A course's tsvector (about 1.3 kB for 80 words of lessons) was TOASTed
 *   out of the row. A sequential scan then fetched every vector from the
 *   TOAST table (30,000 buffers for 10,000 courses) while the planner costed
 *   it as a scan of the 11 MB heap. With STORAGE MAIN the vector stays in
 *   the row (unless the row cannot fit a page), so the heap the planner
 *   costs is what a scan reads, and ts_rank no longer detoasts each match.
 * - Rows inserted in bulk sat in the GIN index's pending list, which every
 *   index scan reads linearly and the planner costs accordingly, until a
 *   vacuum. Courses are written one at a time and rarely, so the index is
 *   updated on each write instead (fastupdate off).
 *
 * Existing rows are rewritten so their vectors move into the row (a stored
 * generated column is recomputed on update; nothing else changes), and the
 * pending list is flushed. See docs/benchmarks.md for the timings.
 *
 * SQLite's FTS5 table is not affected.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (knex.client.config.client !== 'pg') {
    return;
  }
  await knex.raw(
    'ALTER TABLE courses ALTER COLUMN search_vector SET STORAGE MAIN',
  );
  await knex.raw('ALTER INDEX courses_search_idx SET (fastupdate = off)');
  await knex.raw('UPDATE courses SET lesson_text = lesson_text');
  await knex.raw(`SELECT gin_clean_pending_list('courses_search_idx')`);
  await knex.raw('ANALYZE courses');
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  if (knex.client.config.client !== 'pg') {
    return;
  }
  await knex.raw('ALTER INDEX courses_search_idx SET (fastupdate = on)');
  await knex.raw(
    'ALTER TABLE courses ALTER COLUMN search_vector SET STORAGE EXTENDED',
  );
};
