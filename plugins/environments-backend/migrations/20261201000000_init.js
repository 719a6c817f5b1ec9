// @ts-check

/**
 * Timestamps are `timestamptz` on PostgreSQL. On SQLite the same columns hold
 * integer epoch milliseconds: knex binds a JavaScript Date as its epoch value
 * there, so ordering and range filters are numeric on SQLite and temporal on
 * PostgreSQL, and behave the same. The store therefore always binds Date
 * objects and sets every timestamp itself (no database defaults).
 *
 * Environment names are catalog entity names or preview DNS labels, at most
 * 63 characters, stored lowercased.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('environment_config', table => {
    table.string('environment', 63).notNullable();
    table.string('key', 128).notNullable();
    table.boolean('secret').notNullable();
    // Exactly one of the two is set: the plain value of a non-secret entry,
    // or the AES-256-GCM ciphertext of a secret. Plaintext secrets are never
    // stored.
    table.text('value').nullable();
    table.text('ciphertext').nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.text('updated_by').notNullable();
    table.primary(['environment', 'key']);
  });

  await knex.schema.createTable('environment_locks', table => {
    table.uuid('id').primary();
    table.string('environment', 63).notNullable();
    table.text('reason').notNullable();
    // Null: until someone removes it.
    table.timestamp('until', { useTz: true }).nullable();
    table.text('created_by').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(['environment'], 'environment_locks_environment_idx');
  });

  await knex.schema.createTable('environment_freeze_windows', table => {
    table.uuid('id').primary();
    table.string('environment', 63).notNullable();
    table.text('reason').notNullable();
    table.string('time_zone', 64).notNullable();
    table.string('start_day', 9).notNullable();
    table.string('start_time', 5).notNullable();
    table.string('end_day', 9).notNullable();
    table.string('end_time', 5).notNullable();
    table.text('created_by').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(['environment'], 'environment_freeze_windows_environment_idx');
  });

  await knex.schema.createTable('preview_environments', table => {
    table.string('name', 63).primary();
    table.string('title', 256).nullable();
    // A group ref.
    table.string('owner', 512).notNullable();
    // The ISO 8601 duration it was created with.
    table.string('ttl', 64).notNullable();
    // 'active' or 'tearing_down'; 'expiring' is derived from expires_at.
    table.string('status', 16).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    // When the owners were told it expires within the hour; reset on extend.
    table.timestamp('warned_at', { useTz: true }).nullable();
    table.text('created_by').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['expires_at'], 'preview_environments_expires_at_idx');
  });

  await knex.schema.createTable('environment_promotions', table => {
    table.uuid('id').primary();
    table.string('entity_ref', 512).notNullable();
    table.string('version', 128).notNullable();
    table.string('from_environment', 63).nullable();
    table.string('to_environment', 63).notNullable();
    table.string('status', 16).notNullable();
    // The id of the pending deployment in the deployment history.
    table.string('deployment_id', 64).notNullable();
    table.string('revision', 64).notNullable();
    table.text('requested_by').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(
      ['entity_ref', 'created_at'],
      'environment_promotions_entity_idx',
    );
    table.index(['created_at', 'id'], 'environment_promotions_created_at_idx');
  });

  await knex.schema.createTable('environment_audit', table => {
    table.uuid('id').primary();
    // Null for changes not about one environment.
    table.string('environment', 63).nullable();
    table.string('action', 32).notNullable();
    table.text('actor').notNullable();
    // JSON. Never a secret value: the store's callers only pass keys and flags.
    table.text('details').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    // The trail newest first, and its keyset pagination, overall and per environment.
    table.index(['created_at', 'id'], 'environment_audit_created_at_idx');
    table.index(
      ['environment', 'created_at', 'id'],
      'environment_audit_environment_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('environment_audit');
  await knex.schema.dropTable('environment_promotions');
  await knex.schema.dropTable('preview_environments');
  await knex.schema.dropTable('environment_freeze_windows');
  await knex.schema.dropTable('environment_locks');
  await knex.schema.dropTable('environment_config');
};
