// @ts-check

/**
 * Previews belong to a service: the Component ref they were created for.
 * Nullable, since previews created before this have none.
 *
 * The owner index serves the per-owner quota of live previews, counted on
 * every create.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('preview_environments', table => {
    table.string('service', 512).nullable();
    table.index(['owner', 'status'], 'preview_environments_owner_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('preview_environments', table => {
    table.dropIndex(['owner', 'status'], 'preview_environments_owner_idx');
    table.dropColumn('service');
  });
};
