import {
  coreServices,
  createServiceFactory,
  LoggerService,
  RootLifecycleService,
} from '@backstage/backend-plugin-api';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import { knex as createKnex } from 'knex';

/**
 * Whose database holds the lock: every replica of this backend has the app
 * plugin (it serves the frontend), so they all meet in the same database.
 */
const LOCK_PLUGIN_ID = 'app';
/** The advisory lock's key. */
const STARTUP_LOCK_KEY = 0x706f7274616c; // 'portal'
/** A replica that takes longer to start is presumed stuck; the next fails. */
const LOCK_TIMEOUT = '5min';

/**
 * Backstage's database service, except that on PostgreSQL replicas starting
 * at the same moment initialize one after the other.
 *
 * Plugins and their schedulers create their tables with knex migrations as
 * they start, and knex's bookkeeping is not safe for two processes starting
 * on an empty database at once: one of two replicas of a first deployment
 * then fails with "relation ... already exists" or "Migration table is
 * already locked" (scripts/replicas/two-replicas.ts). So the first plugin to
 * ask for its database client takes a PostgreSQL advisory lock first, and the
 * backend holds it until every plugin has started (or the process ends).
 * Replicas that start later find the tables made and pass straight through.
 */
export const startupLockedDatabaseServiceFactory = createServiceFactory({
  service: coreServices.database,
  deps: {
    config: coreServices.rootConfig,
    lifecycle: coreServices.lifecycle,
    logger: coreServices.logger,
    pluginMetadata: coreServices.pluginMetadata,
    rootLifecycle: coreServices.rootLifecycle,
    rootLogger: coreServices.rootLogger,
  },
  async createRootContext({ config, rootLifecycle, rootLogger }) {
    const manager = DatabaseManager.fromConfig(config, {
      rootLifecycle,
      rootLogger,
    });
    let locked: Promise<void> | undefined;
    const startupLock = () => {
      locked ??= takeStartupLock(manager, rootLifecycle, rootLogger);
      return locked;
    };
    return { manager, startupLock };
  },
  async factory({ pluginMetadata, lifecycle, logger }, context) {
    const database = context.manager.forPlugin(pluginMetadata.getId(), {
      lifecycle,
      logger,
    });
    return {
      ...database,
      getClient: async () => {
        await context.startupLock();
        return database.getClient();
      },
    };
  },
});

async function takeStartupLock(
  manager: DatabaseManager,
  rootLifecycle: RootLifecycleService,
  rootLogger: LoggerService,
): Promise<void> {
  const database = await manager
    .forPlugin(LOCK_PLUGIN_ID, { lifecycle: rootLifecycle, logger: rootLogger })
    .getClient();
  if (database.client.config.client !== 'pg') {
    // SQLite serves one process.
    return;
  }
  // A session lock on a connection of its own: a transaction open through
  // the whole startup would hold up CREATE INDEX CONCURRENTLY in plugins'
  // migrations, which waits for every transaction older than itself. Ending
  // the connection releases the lock.
  const connection = createKnex({
    ...database.client.config,
    pool: { min: 1, max: 1 },
  });
  const release = async () => {
    await connection.destroy().catch(() => {});
  };
  rootLifecycle.addStartupHook(release);
  rootLifecycle.addShutdownHook(release);
  await connection.raw(`set lock_timeout = '${LOCK_TIMEOUT}'`);
  const started = Date.now();
  await connection.raw('select pg_advisory_lock(?)', [STARTUP_LOCK_KEY]);
  const waitedMs = Date.now() - started;
  if (waitedMs > 1000) {
    rootLogger.info(
      `Waited ${Math.round(
        waitedMs / 1000,
      )} s for another replica to finish starting`,
    );
  }
}
