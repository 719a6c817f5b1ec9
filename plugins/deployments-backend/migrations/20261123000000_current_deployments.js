// @ts-check

/**
 * What runs where, as its own small table: for each entity and environment
 * the id of the newest succeeded deployment (started_at desc, id desc). The
 * store keeps it in step with `deployments` in the transaction of each
 * write, so reading the current versions of many services is one range
 * scan and a primary key probe per cell, however long the history grows.
 *
 * The (entity_ref, environment, status, started_at) index gains `id`: the
 * store's recomputation of a pair is then a single index probe, without
 * sorting the rows that share a started_at.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('deployments', table => {
    table.dropIndex([], 'deployments_entity_environment_status_idx');
    table.index(
      ['entity_ref', 'environment', 'status', 'started_at', 'id'],
      'deployments_entity_environment_status_idx',
    );
  });
  await knex.schema.createTable('current_deployments', table => {
    table.string('entity_ref', 512).notNullable();
    table.string('environment', 63).notNullable();
    table
      .uuid('deployment_id')
      .notNullable()
      .references('id')
      .inTable('deployments')
      .onDelete('CASCADE');
    table.primary(['entity_ref', 'environment']);
  });
  await knex.raw(`
    insert into current_deployments (entity_ref, environment, deployment_id)
    select entity_ref, environment, id from (
      select entity_ref, environment, id, row_number() over (
        partition by entity_ref, environment
        order by started_at desc, id desc
      ) as position
      from deployments where status = 'succeeded'
    ) ranked where position = 1
  `);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('current_deployments');
  await knex.schema.alterTable('deployments', table => {
    table.dropIndex([], 'deployments_entity_environment_status_idx');
    table.index(
      ['entity_ref', 'environment', 'status', 'started_at'],
      'deployments_entity_environment_status_idx',
    );
  });
};
