// @ts-check

/**
 * The items of catalog entities. The plugin has a database of its own, so
 * the table needs no prefix. Timestamps are `timestamptz` on PostgreSQL and
 * epoch milliseconds on SQLite (knex binds Dates so); the store sets them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('items', table => {
    table.string('id', 36).primary();
    // Lowercased, as entity refs compare case-insensitively.
    table.string('entity_ref', 512).notNullable();
    table.string('title', 200).notNullable();
    table.string('created_by', 512).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    // Lists are per entity (or all), newest first.
    table.index(['entity_ref', 'created_at'], 'items_entity_ref_idx');
    table.index(['created_at'], 'items_created_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('items');
};
