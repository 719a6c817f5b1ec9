/*
 * Environment matrix benchmark, on PostgreSQL: 1,000,000 deployments of 500
 * services in 6 environments behind the real deployments plugin, and the
 * environments plugin's GET /matrix over HTTP, the way the portal serves it:
 * both plugins in one backend (startTestBackend), the matrix reading the
 * services' current versions from POST /api/deployments/current/query with
 * a plugin token, in batches of CURRENT_QUERY_BATCH_SIZE services read in
 * parallel.
 *
 * Measured: the matrix with its cache disabled (every request asks the
 * deployment history for all 500 services), with a warm cache, for one
 * team, a single GET /current call, and the batch read POST /current/query
 * of all 500 services on its own. Prints a Markdown table; progress goes to
 * stderr.
 *
 * Run by scripts/benchmarks/environments.sh. Environment:
 *   PORTAL_BENCH_POSTGRES_URL   server to use (default postgresql://postgres@127.0.0.1:5432);
 *                               the databases portal_bench_env_deployments and
 *                               portal_bench_env_environments are created and dropped
 *   PORTAL_BENCH_DEPLOYMENTS    how many deployments to load (default 1,000,000)
 *   PORTAL_BENCH_KEEP=1         keep the databases afterwards, to study query plans
 *
 * The deployments are bulk-loaded in SQL (generate_series): ingest speed is
 * the deployments benchmark's subject, not this one's.
 */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { randomBytes } from 'node:crypto';
import { Server } from 'node:http';
import { Knex } from 'knex';
import { performance } from 'node:perf_hooks';
import { deploymentsPlugin } from '../../plugins/deployments-backend/src/plugin';
import {
  KnexDeploymentStore,
  rebuildCurrentDeployments,
} from '../../plugins/deployments-backend/src/database/KnexDeploymentStore';
import { environmentsPlugin } from '../../plugins/environments-backend/src/plugin';
import { CURRENT_QUERY_BATCH_SIZE } from '../../plugins/environments-backend/src/service/MatrixService';
import {
  backendUrl,
  closeServer,
  fetchJson,
  quietServices,
  runBenchmark,
} from './lib/backend';
import {
  connection,
  dropDatabase,
  formatTiming,
  keepDatabases,
  log,
  printTable,
  recreateDatabase,
  secondsSince,
  timeRuns,
} from './lib/harness';

const DEPLOYMENTS_DATABASE = 'portal_bench_env_deployments';
const ENVIRONMENTS_DATABASE = 'portal_bench_env_environments';
const TOTAL_DEPLOYMENTS = Number(
  process.env.PORTAL_BENCH_DEPLOYMENTS ?? 1_000_000,
);

const SERVICES = 500;
const SERVICES_PER_TEAM = 20;
const ENVIRONMENTS: Array<[name: string, tier: string]> = [
  ['development', 'development'],
  ['test', 'development'],
  ['staging', 'staging'],
  ['performance', 'staging'],
  ['production', 'production'],
  ['sandbox', 'development'],
];
const LOAD_CHUNK = 100_000;
const DAY = 24 * 60 * 60 * 1000;
const SPAN = 2 * 365 * DAY;
const END = Math.floor(Date.now() / DAY) * DAY;
const START = END - SPAN;
const MATRIX_CONCURRENCY = 16;

function serviceName(index: number): string {
  return `bench-service-${String(index).padStart(3, '0')}`;
}

function teamOf(index: number): string {
  return `group:default/bench-team-${Math.floor(index / SERVICES_PER_TEAM)}`;
}

function catalogEntities(): Entity[] {
  const environments = ENVIRONMENTS.map(
    ([name, tier]): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name,
        namespace: 'default',
        annotations: { 'environments.portal/tier': tier },
      },
      spec: { type: 'environment', owner: 'platform-team' },
    }),
  );
  const services = Array.from(
    { length: SERVICES },
    (_, i): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: serviceName(i), namespace: 'default' },
      spec: { type: 'service', lifecycle: 'production', owner: teamOf(i) },
      relations: [{ type: 'ownedBy', targetRef: teamOf(i) }],
    }),
  );
  return [...environments, ...services];
}

/**
 * Loads the deployments in SQL: deployment i is of service i % 500, in
 * environment (i / 500) % 6, spread evenly over two years in time order,
 * 88 % succeeded, as the deployments plugin's own table holds them.
 */
async function loadDeployments(db: Knex) {
  const step = SPAN / TOTAL_DEPLOYMENTS;
  const environments = ENVIRONMENTS.map(([name]) => name);
  for (let from = 0; from < TOTAL_DEPLOYMENTS; from += LOAD_CHUNK) {
    const to = Math.min(from + LOAD_CHUNK, TOTAL_DEPLOYMENTS) - 1;
    await db.raw(
      `
      INSERT INTO deployments (
        id, entity_ref, environment, version, commit_sha, commit_time, image,
        status, started_at, finished_at, triggered_by, recorded_by, source,
        source_id, url, metadata, created_at, updated_at)
      SELECT
        gen_random_uuid(),
        'component:default/bench-service-' || lpad((i % ${SERVICES})::text, 3, '0'),
        (?::text[])[1 + (i / ${SERVICES}) % ${environments.length}],
        '1.' || (i / ${SERVICES * environments.length}) || '.' || (i % 10),
        md5(i::text),
        started_at - interval '40 minutes',
        'ghcr.io/acme/bench-service-' || lpad((i % ${SERVICES})::text, 3, '0')
          || ':1.' || (i / ${
            SERVICES * environments.length
          }) || '.' || (i % 10),
        CASE
          WHEN roll < 88 THEN 'succeeded'
          WHEN roll < 95 THEN 'failed'
          WHEN roll < 98 THEN 'rolled_back'
          ELSE 'cancelled'
        END,
        started_at,
        started_at + interval '5 minutes',
        'service:ci',
        'service:ci',
        'ci',
        'bench/' || i,
        NULL,
        '{"workflow":"deploy.yml"}',
        now(),
        now()
      FROM (
        SELECT
          i,
          to_timestamp((? + i * ?) / 1000.0) AS started_at,
          (hashint8(i) & 2147483647) % 100 AS roll
        FROM generate_series(?::bigint, ?::bigint) AS i
      ) AS generated
      `,
      [environments, START, step, from, to],
    );
    log(`loaded ${(to + 1).toLocaleString('en')} deployments`);
  }
  await rebuildCurrentDeployments(db);
  await db.raw('ANALYZE deployments');
  await db.raw('ANALYZE current_deployments');
}

/** A backend with both plugins, each with its own database. */
async function startBackend(options: {
  deploymentsDb: Knex;
  environmentsDb: Knex;
  cacheTtlMs: number;
}) {
  const { server } = await startTestBackend({
    features: [
      deploymentsPlugin,
      environmentsPlugin,
      createServiceFactory({
        service: coreServices.database,
        deps: { plugin: coreServices.pluginMetadata },
        factory: ({ plugin }) => {
          const knex =
            plugin.getId() === 'deployments'
              ? options.deploymentsDb
              : options.environmentsDb;
          return { getClient: async () => knex };
        },
      }),
      mockServices.rootConfig.factory({
        data: {
          environments: {
            secretsKey: randomBytes(32).toString('base64'),
            matrix: {
              concurrency: MATRIX_CONCURRENCY,
              cacheTtl: { milliseconds: options.cacheTtlMs },
            },
          },
        },
      }),
      catalogServiceMock.factory({ entities: catalogEntities() }),
      ...quietServices(),
    ],
  });
  return server;
}

function client(server: Server) {
  const base = backendUrl(server, '/api');
  const authorization = mockCredentials.user.header('user:default/bench-user');
  return (path: string, body?: object) =>
    fetchJson(base, path, {
      headers: {
        Authorization: authorization,
        ...(body && { 'Content-Type': 'application/json' }),
      },
      ...(body && { method: 'POST', body: JSON.stringify(body) }),
    });
}

async function main() {
  const admin = connection('postgres', 4);
  for (const database of [DEPLOYMENTS_DATABASE, ENVIRONMENTS_DATABASE]) {
    await recreateDatabase(admin, database);
  }
  const deploymentsDb = connection(DEPLOYMENTS_DATABASE, 20);
  const environmentsDb = connection(ENVIRONMENTS_DATABASE, 4);
  const servers: Server[] = [];
  const benchStarted = performance.now();
  try {
    await KnexDeploymentStore.create({
      database: { getClient: async () => deploymentsDb },
    });
    const loadStarted = performance.now();
    await loadDeployments(deploymentsDb);
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const {
      rows: [{ size }],
    } = await deploymentsDb.raw(
      "select pg_size_pretty(pg_total_relation_size('deployments')) as size",
    );

    const uncached = await startBackend({
      deploymentsDb,
      environmentsDb,
      cacheTtlMs: 0,
    });
    const cached = await startBackend({
      deploymentsDb,
      environmentsDb,
      cacheTtlMs: 10 * 60_000,
    });
    servers.push(uncached, cached);
    const getUncached = client(uncached);
    const getCached = client(cached);

    const sample = (await getUncached('/environments/matrix')) as {
      environments: string[];
      rows: Array<{ versions: object }>;
    };
    const cells = sample.rows.reduce(
      (sum, row) => sum + Object.keys(row.versions).length,
      0,
    );
    log(
      `matrix: ${sample.rows.length} rows x ${sample.environments.length} environments, ${cells} cells`,
    );
    if (sample.rows.length !== SERVICES || cells !== SERVICES * 6) {
      throw new Error(
        'The matrix does not cover every service and environment',
      );
    }

    const current = await timeRuns('GET /current (one service)', 200, 20, i =>
      getUncached(
        `/deployments/current?entityRef=${encodeURIComponent(
          `component:default/${serviceName((i * 7) % SERVICES)}`,
        )}`,
      ),
    );
    const matrixCold = await timeRuns('matrix, no cache', 50, 5, () =>
      getUncached('/environments/matrix'),
    );
    const matrixWarm = await timeRuns('matrix, warm cache', 200, 5, () =>
      getCached('/environments/matrix'),
    );
    const teamCold = await timeRuns(
      'matrix of one team, no cache',
      200,
      10,
      i =>
        getUncached(
          `/environments/matrix?owner=${encodeURIComponent(
            teamOf((i * SERVICES_PER_TEAM) % SERVICES),
          )}`,
        ),
    );

    // The batch read the matrix makes, on its own: all 500 services.
    const refs = Array.from(
      { length: SERVICES },
      (_, i) => `component:default/${serviceName(i)}`,
    );
    const batch = await timeRuns(
      'POST /current/query (500 services)',
      50,
      5,
      () => getUncached('/deployments/current/query', { entityRefs: refs }),
    );

    const rows = [
      [
        'data set: deployments table with indexes (bulk-loaded in SQL)',
        `${TOTAL_DEPLOYMENTS.toLocaleString(
          'en',
        )} rows, ${size}, loaded in ${loadSeconds.toFixed(0)} s`,
        '-',
      ],
      [
        `GET /api/deployments/current (one service, HTTP + auth), ${current.runs} runs`,
        formatTiming(current),
        '-',
      ],
      [
        `GET /api/environments/matrix, ${SERVICES} services x 6 environments, cache disabled (POST /current/query of ${CURRENT_QUERY_BATCH_SIZE} services each, ${Math.ceil(
          SERVICES / CURRENT_QUERY_BATCH_SIZE,
        )} in parallel), ${matrixCold.runs} runs`,
        formatTiming(matrixCold),
        'p95 <= 100 ms',
      ],
      [
        `GET /api/environments/matrix, same, warm cache (within its TTL), ${matrixWarm.runs} runs`,
        formatTiming(matrixWarm),
        'p95 <= 100 ms',
      ],
      [
        `GET /api/environments/matrix?owner= (one team, ${SERVICES_PER_TEAM} services), cache disabled, ${teamCold.runs} runs`,
        formatTiming(teamCold),
        '-',
      ],
      [
        `POST /api/deployments/current/query (${SERVICES} services x 6 environments, HTTP + auth), ${batch.runs} runs`,
        formatTiming(batch),
        '-',
      ],
    ];
    printTable(rows);
    log(`done in ${secondsSince(benchStarted)} s`);
  } finally {
    await Promise.all(servers.map(closeServer));
    await deploymentsDb.destroy();
    await environmentsDb.destroy();
    if (!keepDatabases()) {
      for (const database of [DEPLOYMENTS_DATABASE, ENVIRONMENTS_DATABASE]) {
        await dropDatabase(admin, database);
      }
    }
    await admin.destroy();
  }
}

runBenchmark(main);
