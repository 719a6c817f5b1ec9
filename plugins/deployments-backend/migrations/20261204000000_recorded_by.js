// @ts-check

/**
 * Who recorded each deployment first: `recorded_by`, set by the store on
 * insert and never updated. A user ref (`user:<ns>/<name>`) for a person who
 * posted by hand, `service:<subject>` for a token (CI pipelines,
 * argocd-notifications, other portal plugins), `plugin:deployments` for the
 * plugin's own ArgoCD reader and demo data. A deployment is *trusted* when
 * it was not recorded by a person; the store derives that from this column
 * (`recorded_by not like 'user:%'`) instead of keeping a second copy of it.
 *
 * Rows stored before this migration carry no such record. They get:
 * - their `triggered_by` when that is a user ref, whatever their source:
 *   until now a person's post defaulted `triggered_by` to themselves, so such
 *   a row may have been posted by hand (a CI run that named the person who
 *   set it off is indistinguishable), and only its next record by a service
 *   may vouch for that version. ArgoCD rows never name a user (the reader and
 *   the webhook record `service:argocd/<instance>`), so a user there was a
 *   hand-posted row in ArgoCD's name;
 * - `plugin:deployments` for the other `argocd` rows (the reader, or the
 *   webhook, which recorded the same operations);
 * - `service:unknown` for the rest: they were posted with a service token.
 *
 * Indexes: a `trusted=true` listing of one entity (what promotions ask)
 * reads the entity's indexes and drops its few hand-posted rows on the way:
 * only the entity's owners may hand-post them, so nobody else can make that
 * read slower. The global listing is a different matter: any signed-in user
 * may post deployments of a service they own with a startedAt far in the
 * future, and a `trusted=true` page walking (started_at, id) would wade
 * through all of them before it found a trusted row. The partial index of
 * trusted rows keeps that page, and its keyset pagination, a range scan
 * whatever people post (measured on PostgreSQL 15 with 200,000 trusted
 * rows under 50,000 future-dated hand-posted ones: the first page reads 7
 * buffers in 0.05 ms through it, 1,709 buffers in 7.9 ms filtering
 * (started_at, id), growing with every row posted). Its cost is one more
 * entry per trusted write. SQLite and PostgreSQL both use a partial index when
 * the query repeats its predicate, which the store does (the same literal
 * text, not a bound parameter).
 *
 * SQLite cannot add NOT NULL to a column in place: knex rebuilds the table,
 * and dropping the old copy cascades into current_deployments. That table is
 * derived from the history, so it is rebuilt from it afterwards, as its own
 * migration built it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('deployments', table => {
    table.string('recorded_by', 512).nullable();
  });
  await knex('deployments').update({
    recorded_by: knex.raw(
      `case
        when triggered_by like 'user:%' then triggered_by
        when source = 'argocd' then 'plugin:deployments'
        else 'service:unknown'
      end`,
    ),
  });
  await knex.schema.alterTable('deployments', table => {
    table.string('recorded_by', 512).notNullable().alter();
    table.index(['started_at', 'id'], 'deployments_trusted_started_at_idx', {
      predicate: knex.whereRaw("recorded_by not like 'user:%'"),
    });
  });
  await rebuildCurrentDeploymentsOnSqlite(knex);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('deployments', table => {
    table.dropIndex([], 'deployments_trusted_started_at_idx');
    table.dropColumn('recorded_by');
  });
  await rebuildCurrentDeploymentsOnSqlite(knex);
};

/**
 * @param {import('knex').Knex} knex
 */
async function rebuildCurrentDeploymentsOnSqlite(knex) {
  if (knex.client.config.client === 'pg') {
    return;
  }
  await knex('current_deployments').delete();
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
}
