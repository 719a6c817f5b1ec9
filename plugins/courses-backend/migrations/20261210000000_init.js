// @ts-check

/**
 * A course is stored whole, as the JSON document its authors wrote
 * (`document`), next to the columns lists filter and sort on. Courses are
 * always read and replaced whole (authoring PUTs a document, ingestion
 * upserts documents), and nothing queries a single module or lesson, so
 * normalized modules/lessons tables would only turn every write into a diff
 * over three tables. What search needs of the lessons is denormalized into
 * `lesson_text`; facets are columns (category, level) and a tag table.
 *
 * Full-text search:
 * - PostgreSQL: `search_vector`, a tsvector generated from the title
 *   (weight A), summary (B) and lesson text (C), with a GIN index; lists are
 *   ranked with ts_rank.
 * - SQLite: the FTS5 table `courses_fts` with the same three columns, kept
 *   in step by the store in each write's transaction; ranked with bm25.
 *
 * Timestamps are `timestamptz` on PostgreSQL and epoch milliseconds on SQLite
 * (knex binds Dates so); the store sets them all itself.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const isPostgres = knex.client.config.client === 'pg';

  await knex.schema.createTable('courses', table => {
    table.string('id', 63).primary();
    table.text('title').notNullable();
    // The lowercased title: the default sort and its keyset.
    table.string('sort_title', 255).notNullable();
    table.text('summary').notNullable();
    table.string('category', 63).notNullable();
    table.string('level', 16).notNullable();
    // A group ref, lowercased.
    table.string('owner', 255).notNullable();
    // `api`, or `location:<target>` for courses read from a YAML location.
    table.string('source', 1024).notNullable();
    table.integer('estimated_minutes').notNullable();
    table.integer('module_count').notNullable();
    table.integer('lesson_count').notNullable();
    // JSON string arrays, so a list page needs no join. Tags are also rows of
    // course_tags, which the tag facet filters on.
    table.text('tags').notNullable();
    table.text('prerequisites').notNullable();
    // The CourseDocument, JSON.
    table.text('document').notNullable();
    // Module and lesson titles, descriptions and Markdown bodies, for search.
    table.text('lesson_text').notNullable();
    table.text('updated_by').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['sort_title', 'id'], 'courses_sort_title_idx');
    table.index(['category', 'sort_title', 'id'], 'courses_category_idx');
    table.index(['level', 'sort_title', 'id'], 'courses_level_idx');
    table.index(['source'], 'courses_source_idx');
  });

  if (isPostgres) {
    await knex.raw(`
      ALTER TABLE courses ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, title), 'A') ||
        setweight(to_tsvector('english'::regconfig, summary), 'B') ||
        setweight(to_tsvector('english'::regconfig, lesson_text), 'C')
      ) STORED`);
    await knex.raw(
      'CREATE INDEX courses_search_idx ON courses USING GIN (search_vector)',
    );
  } else {
    await knex.raw(`
      CREATE VIRTUAL TABLE courses_fts USING fts5(
        id UNINDEXED, title, summary, lesson_text,
        tokenize = 'porter unicode61'
      )`);
  }

  await knex.schema.createTable('course_tags', table => {
    table.string('course_id', 63).notNullable();
    table.string('tag', 63).notNullable();
    table.primary(['course_id', 'tag']);
    table.index(['tag', 'course_id'], 'course_tags_tag_idx');
  });

  await knex.schema.createTable('course_enrollments', table => {
    table.string('course_id', 63).notNullable();
    table.string('user_ref', 255).notNullable();
    table.timestamp('enrolled_at', { useTz: true }).notNullable();
    // Set when the last lesson is completed, cleared when one is undone.
    table.timestamp('completed_at', { useTz: true }).nullable();
    table.primary(['course_id', 'user_ref']);
    table.index(['user_ref', 'enrolled_at'], 'course_enrollments_user_idx');
  });

  await knex.schema.createTable('course_lesson_progress', table => {
    table.string('course_id', 63).notNullable();
    table.string('user_ref', 255).notNullable();
    table.string('lesson_id', 63).notNullable();
    table.timestamp('completed_at', { useTz: true }).notNullable();
    // A user's progress over all courses (their enrolments page) and in one.
    table.primary(['user_ref', 'course_id', 'lesson_id']);
    // Pruning the lessons a course no longer has.
    table.index(
      ['course_id', 'lesson_id'],
      'course_lesson_progress_course_idx',
    );
  });

  // The outcome of each configured location's last refresh, shared by all
  // replicas (the refresh runs on one of them).
  await knex.schema.createTable('course_locations', table => {
    table.string('target', 1024).primary();
    table.string('status', 16).notNullable();
    table.text('error').nullable();
    table.timestamp('last_refresh_at', { useTz: true }).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('course_locations');
  await knex.schema.dropTable('course_lesson_progress');
  await knex.schema.dropTable('course_enrollments');
  await knex.schema.dropTable('course_tags');
  if (knex.client.config.client !== 'pg') {
    await knex.schema.dropTable('courses_fts');
  }
  await knex.schema.dropTable('courses');
};
