// @ts-check

/**
 * Timestamps are `timestamptz` on PostgreSQL. On SQLite the same columns hold
 * integer epoch milliseconds: knex binds a JavaScript Date as its epoch value
 * there, so ordering, range filters and keyset comparisons are numeric on
 * SQLite and temporal on PostgreSQL, and behave the same. The store therefore
 * always binds Date objects and sets every timestamp itself; a database
 * default such as CURRENT_TIMESTAMP would store text on SQLite and break
 * ordering.
 *
 * Indexes list their columns ascending: a B-tree is read backwards as cheaply
 * as forwards on both databases, so (started_at, id) serves
 * ORDER BY started_at DESC, id DESC.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('deployments', table => {
    table.uuid('id').primary();
    table.string('entity_ref', 512).notNullable();
    table.string('environment', 63).notNullable();
    table.string('version', 128).notNullable();
    table.string('commit_sha', 40).notNullable();
    table.timestamp('commit_time', { useTz: true }).nullable();
    table.string('image', 512).nullable();
    table.string('status', 16).notNullable();
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    // A user entity ref, or service:<subject> for a static token's subject.
    table.text('triggered_by').notNullable();
    table.string('source', 16).notNullable();
    table.string('source_id', 256).notNullable();
    table.text('url').nullable();
    // JSON, at most 16 KiB (checked by the API).
    table.text('metadata').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();

    // Idempotency key of every event; also serves the lookup before a write.
    table.unique(['source', 'source_id'], {
      indexName: 'deployments_source_id_unique',
    });
    // An entity's timeline, newest first.
    table.index(['entity_ref', 'started_at', 'id'], 'deployments_entity_idx');
    // The global list, newest first, and its keyset pagination.
    table.index(['started_at', 'id'], 'deployments_started_at_idx');
    table.index(['environment', 'started_at'], 'deployments_environment_idx');
    table.index(['status', 'started_at'], 'deployments_status_idx');
    // Current versions per environment and DORA samples of an environment.
    table.index(
      ['entity_ref', 'environment', 'status', 'started_at'],
      'deployments_entity_environment_status_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('deployments');
};
