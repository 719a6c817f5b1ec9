/*
 * Deployments store benchmark, on PostgreSQL: loads 1,000,000 deployments
 * (1,000 services x 4 environments over 2 years) through the real
 * KnexDeploymentStore, then times the reads the portal serves. Prints a
 * Markdown table; progress goes to stderr.
 *
 * Run by scripts/benchmarks/deployments.sh. Environment:
 *   PORTAL_BENCH_POSTGRES_URL        server to use (default postgresql://postgres@127.0.0.1:5432);
 *                                    the database portal_bench_deployments is created and dropped
 *   PORTAL_BENCH_RECORD_BUDGET_S     how long to ingest through store.record (default 300);
 *                                    at least 100,000 events go through it, the rest is bulk-loaded
 *
 * The table is analyzed whenever it grew by 10%, as autovacuum would, since
 * a local server may run without autovacuum and stale statistics make the
 * store's lookups an order of magnitude slower than on a live server.
 */
import { DatabaseService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { NewDeployment } from '../../plugins/deployments-backend/src/database/DeploymentStore';
import {
  KnexDeploymentStore,
  rebuildCurrentDeployments,
} from '../../plugins/deployments-backend/src/database/KnexDeploymentStore';
import {
  Random,
  seededRandom,
} from '../../plugins/deployments-backend/src/demo/random';
import { computeDoraMetrics } from '../../plugins/deployments-backend/src/service/dora';
import {
  connection,
  dropDatabase,
  formatTiming,
  log,
  measure,
  printTable,
  recreateDatabase,
  secondsSince,
} from './lib/harness';

const DATABASE = 'portal_bench_deployments';
const RECORD_BUDGET_MS =
  Number(process.env.PORTAL_BENCH_RECORD_BUDGET_S ?? 300) * 1000;

const TOTAL_DEPLOYMENTS = 1_000_000;
const BATCH_SIZE = 1000;
const MIN_RECORDED = 100_000;
const SERVICES = 1000;
const SERVICES_PER_TEAM = 20;
const ENVIRONMENTS = ['development', 'test', 'staging', 'production'];
const DAY = 24 * 60 * 60 * 1000;
const SPAN = 2 * 365 * DAY;
const WARMUP_RUNS = 20;
const MEASURED_RUNS = 200;

const END = Math.floor(Date.now() / DAY) * DAY;
const START = END - SPAN;

function serviceRef(index: number): string {
  return `component:default/bench-service-${String(index).padStart(4, '0')}`;
}

function hex(random: Random, length: number): string {
  let text = '';
  while (text.length < length) text += random.int(0, 15).toString(16);
  return text;
}

function statusAt(random: Random, startedAt: number): NewDeployment['status'] {
  if (END - startedAt < 15 * 60 * 1000) return 'in_progress';
  const roll = random.next();
  if (roll < 0.88) return 'succeeded';
  if (roll < 0.95) return 'failed';
  if (roll < 0.98) return 'rolled_back';
  return 'cancelled';
}

/**
 * Batch `index` of the load: its deployments start within the batch's own
 * slice of the two years, so the load arrives in time order like real
 * traffic, spread evenly over services and environments.
 */
function deploymentBatch(index: number): NewDeployment[] {
  const random = seededRandom(`bench/${index}`);
  const sliceLength = SPAN / (TOTAL_DEPLOYMENTS / BATCH_SIZE);
  const sliceStart = START + index * sliceLength;
  return Array.from({ length: BATCH_SIZE }, (_, i): NewDeployment => {
    const service = random.int(0, SERVICES - 1);
    const environment = random.pick(ENVIRONMENTS);
    const startedAt = Math.floor(sliceStart + random.next() * sliceLength);
    const status = statusAt(random, startedAt);
    const version = `1.${Math.floor(index / 10)}.${i}`;
    const production = environment === 'production';
    return {
      entityRef: serviceRef(service),
      environment,
      version,
      commitSha: hex(random, 40),
      commitTime: new Date(
        startedAt - random.int(5, 72 * 60) * 60_000,
      ).toISOString(),
      image: `ghcr.io/acme-platform/bench-service-${service}:${version}`,
      status,
      startedAt: new Date(startedAt).toISOString(),
      ...(status !== 'in_progress' && {
        finishedAt: new Date(
          startedAt + random.int(60, 900) * 1000,
        ).toISOString(),
      }),
      triggeredBy: production
        ? 'service:argocd/production'
        : 'user:default/bench-user',
      recordedBy: production ? 'plugin:deployments' : 'service:ci-pipelines',
      source: production ? 'argocd' : 'ci',
      sourceId: `bench/${index}/${i}`,
      url: `https://ci.example.com/runs/${index * BATCH_SIZE + i}`,
      metadata: { workflow: `deploy-${environment}.yml`, attempt: 1 },
    };
  });
}

/**
 * Rows as the migration defines the table, for the bulk-loaded remainder;
 * KnexDeploymentStore keeps its own row mapping private.
 */
function toRow(item: NewDeployment, now: Date) {
  const date = (iso: string | undefined) => (iso ? new Date(iso) : null);
  return {
    id: randomUUID(),
    entity_ref: item.entityRef,
    environment: item.environment,
    version: item.version,
    commit_sha: item.commitSha,
    commit_time: date(item.commitTime),
    image: item.image ?? null,
    status: item.status,
    started_at: new Date(item.startedAt),
    finished_at: date(item.finishedAt),
    triggered_by: item.triggeredBy,
    recorded_by: item.recordedBy,
    source: item.source,
    source_id: item.sourceId,
    url: item.url ?? null,
    metadata: item.metadata ? JSON.stringify(item.metadata) : null,
    created_at: now,
    updated_at: now,
  };
}

/** Times `run` with a random seeded by `name`: the same queries every time. */
async function timeRuns(
  name: string,
  run: (random: Random) => Promise<unknown>,
): Promise<{ p50: number; p95: number }> {
  const random = seededRandom(`bench/query/${name}`);
  const { p50, p95 } = await measure(MEASURED_RUNS, WARMUP_RUNS, () =>
    run(random),
  );
  log(`${name}: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
  return { p50, p95 };
}

async function main() {
  const admin = connection('postgres', 4);
  await recreateDatabase(admin, DATABASE);
  const db = connection(DATABASE, 4);
  const benchStarted = performance.now();
  try {
    const database: DatabaseService = { getClient: async () => db };
    const store = await KnexDeploymentStore.create({ database });

    // Ingest through the store until the budget is spent, the rest in bulk.
    const batches = TOTAL_DEPLOYMENTS / BATCH_SIZE;
    let recordMs = 0;
    let recorded = 0;
    let analyzedAt = 0;
    let batch = 0;
    for (; batch < batches; batch++) {
      if (recorded >= MIN_RECORDED && recordMs >= RECORD_BUDGET_MS) break;
      const items = deploymentBatch(batch);
      const started = performance.now();
      await store.record(items);
      recordMs += performance.now() - started;
      recorded += items.length;
      // Planner statistics as autovacuum keeps them on a live server (it
      // analyzes a table grown by 10%); a local server may run without it.
      // Not timed: autovacuum works beside the writers.
      if (recorded >= analyzedAt * 1.1 + BATCH_SIZE) {
        await db.raw('ANALYZE deployments');
        analyzedAt = recorded;
      }
      if (batch % 50 === 49) {
        log(
          `record(): ${recorded} events, ${Math.round(
            recorded / (recordMs / 1000),
          )} events/s`,
        );
      }
    }
    const bulkStarted = performance.now();
    for (; batch < batches; batch++) {
      const now = new Date();
      await db('deployments').insert(
        deploymentBatch(batch).map(item => toRow(item, now)),
      );
      if (batch % 100 === 99) log(`bulk: ${(batch + 1) * BATCH_SIZE} events`);
    }
    const bulkLoaded = TOTAL_DEPLOYMENTS - recorded;
    // The bulk rows bypassed the store, which keeps what runs where.
    await rebuildCurrentDeployments(db);
    const bulkSeconds = (performance.now() - bulkStarted) / 1000;
    await db.raw('ANALYZE deployments');
    await db.raw('ANALYZE current_deployments');
    const {
      rows: [{ size }],
    } = await db.raw(
      "select pg_size_pretty(pg_total_relation_size('deployments')) as size",
    );

    const now = new Date(END);
    const entityPage = await timeRuns('entity first page', random =>
      store.list({
        filter: { entityRefs: [serviceRef(random.int(0, SERVICES - 1))] },
        limit: 50,
      }),
    );
    const failedPage = await timeRuns('global filtered page', () =>
      store.list({
        filter: {
          environment: 'production',
          status: 'failed',
          since: new Date(END - 30 * DAY),
        },
        limit: 50,
      }),
    );
    const current = await timeRuns('current', random =>
      store.current(serviceRef(random.int(0, SERVICES - 1))),
    );
    const dora = await timeRuns('team DORA', async random => {
      const firstService =
        random.int(0, SERVICES / SERVICES_PER_TEAM - 1) * SERVICES_PER_TEAM;
      const window = { from: new Date(END - 90 * DAY), to: now };
      const samples = await store.doraSamples({
        entityRefs: Array.from({ length: SERVICES_PER_TEAM }, (_, i) =>
          serviceRef(firstService + i),
        ),
        environment: 'production',
        ...window,
      });
      return computeDoraMetrics(samples, window);
    });

    const ingestRate = Math.round(recorded / (recordMs / 1000));
    const rows = [
      [
        `ingest through store.record, batches of ${BATCH_SIZE.toLocaleString(
          'en',
        )} (${recorded.toLocaleString('en')} events measured${
          bulkLoaded
            ? `; other ${bulkLoaded.toLocaleString(
                'en',
              )} bulk-loaded by multi-row inserts in ${bulkSeconds.toFixed(
                0,
              )} s`
            : ''
        })`,
        `${ingestRate.toLocaleString('en')} events/s`,
        '>= 2,000 events/s',
      ],
      [
        'data set: deployments table with indexes',
        `${TOTAL_DEPLOYMENTS.toLocaleString('en')} rows, ${size}`,
        '-',
      ],
      [
        `entity first page (list, one entity, limit 50), ${MEASURED_RUNS} runs`,
        formatTiming(entityPage),
        'p95 <= 50 ms',
      ],
      [
        `global filtered page (production, failed, last 30 days, limit 50), ${MEASURED_RUNS} runs`,
        formatTiming(failedPage),
        'p95 <= 50 ms',
      ],
      [
        `current versions (one entity), ${MEASURED_RUNS} runs`,
        formatTiming(current),
        'p95 <= 50 ms',
      ],
      [
        `DORA, one team (${SERVICES_PER_TEAM} entities, production, 90 days): doraSamples + computeDoraMetrics, ${MEASURED_RUNS} runs`,
        formatTiming(dora),
        'p95 <= 50 ms',
      ],
    ];
    printTable(rows);
    log(`done in ${secondsSince(benchStarted)} s`);
  } finally {
    await db.destroy();
    await dropDatabase(admin, DATABASE);
    await admin.destroy();
  }
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
