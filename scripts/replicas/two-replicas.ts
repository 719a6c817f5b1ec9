/*
 * Two replicas of the portal backend on one PostgreSQL: what running more
 * than one pod relies on, checked against the real backend processes. Run by
 * scripts/replicas/two-replicas.sh, which CI runs (scripts/test.sh).
 *
 * Replicas A and B are packages/backend (src/index.ts, app-config.yaml plus
 * an overlay), started at the same moment on an empty set of databases (one
 * per plugin, as in production, under a `backend.database.prefix` of this
 * run's own; dropped at the end). The three scheduled tasks run every
 * INTERVAL_S seconds. ArgoCD is the local double, run here behind a gate the
 * script controls. What it shows:
 *
 * 1. Started together on empty databases, both replicas become ready (they
 *    create their tables in turn: packages/backend's startup lock), exactly
 *    one seeds the demo deployment history (the other finds it stored), no
 *    deployment is there twice, and the demo courses are there once each.
 * 2. Scheduled work runs once per interval across both: the scheduler's own
 *    run counters (backend_tasks_task_runs_count, on each replica's metrics
 *    endpoint) of the ArgoCD reader, the preview reaper and the course
 *    refresh add up to about one run per interval, where two replicas each
 *    running them would add up to two.
 * 3. A deployment posted to A is read from B straight away.
 * 4. The same CI event posted to A and to B at the same moment, for 50
 *    events, is stored once each: one answer is 201 (created), the other 200.
 *    Meanwhile the replicas' PostgreSQL connections stay under
 *    max_connections (counted at readiness, 40 s later and at the peak).
 * 5. Killing a replica mid-ingestion loses nothing:
 *    - ArgoCD: until then the gate hides the applications, so none of their
 *      deployments is stored. The gate then answers slowly, and the replica
 *      whose counters show it running the reader's pass is killed (SIGKILL)
 *      while its reads are in flight. Its claim on the task stays in the
 *      scheduler's table until the task's timeout; then the restarted
 *      replica's janitor (or the survivor's) frees it, a pass runs again, and
 *      every deployment ArgoCD holds is stored, once.
 *    - CI: at the same moment a batch of 1,000 events posted to that replica
 *      is inside its transaction (held at current_deployments by a table
 *      lock the script takes, and seen waiting in pg_locks). After the kill
 *      none of the 1,000 is stored (a batch is all or nothing), and the
 *      client's retry against the survivor stores all of them, once.
 *
 * Prints a Markdown table of the figures; exits non-zero when a check fails.
 * Environment: PORTAL_TEST_POSTGRES_URL, the server to use (default
 * postgresql://postgres@127.0.0.1:5432).
 */
import { ArgoCdClient } from '@internal/argocd-client';
import { createDemoWorld, startArgoCdDouble } from '@internal/local-doubles';
import { knex as createKnex, Knex } from 'knex';
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse as parseYaml } from 'yaml';
import {
  DEV_CI_TOKEN,
  eventually,
  freePort,
  PortalBackend,
  startPortalBackend,
} from '../../packages/backend/src/testing/startPortalBackend';
import { parseCourseFile } from '../../plugins/courses-backend/src/ingestion/parseCourseFile';
import { deploymentsOfApplication } from '../../plugins/deployments-backend/src/argocd/mapping';

const SERVER_URL =
  process.env.PORTAL_TEST_POSTGRES_URL ??
  'postgresql://postgres@127.0.0.1:5432';
const REPO_ROOT = path.resolve(__dirname, '../..');
const BACKEND_DIR = path.join(REPO_ROOT, 'packages/backend');

/** How often each scheduled task runs here (seconds). */
const INTERVAL_S = 4;
/** How long the scheduler keeps a claimed task before another may take it. */
const TASK_TIMEOUT_S = 15;
/** How long tasks are observed for "once per interval" (seconds). */
const OBSERVATION_S = 40;
/** Delay of each application read while the killed pass runs. */
const SLOW_READ_MS = 3000;
const BATCH_SIZE = 1000;
const CONCURRENT_PAIRS = 50;

const TASKS = {
  argocd: 'deployments-argocd-reader',
  reaper: 'environments-preview-reaper',
  courses: 'courses-location-refresh',
} as const;

const ARGOCD_DOUBLE = {
  instance: 'local-double',
  username: 'admin',
  password: 'local-double-password',
};

const log = (message: string) =>
  process.stderr.write(`[replicas] ${message}\n`);

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * A row of the table: what was measured, what it must be, and whether it
 * is; a figure has no expectation.
 */
interface Check {
  name: string;
  value: string;
  expected?: string;
  ok: boolean;
}
const checks: Check[] = [];
function check(name: string, value: unknown, expected: string, ok: boolean) {
  checks.push({ name, value: String(value), expected, ok });
  log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${value} (expected ${expected})`);
}
function figure(name: string, value: string) {
  checks.push({ name, value, ok: true });
  log(`     ${name}: ${value}`);
}

// --- The ArgoCD gate -------------------------------------------------------

/**
 * A proxy in front of the ArgoCD double. `hidden`: reads of an application
 * answer 404 (ArgoCD's "not found"), so the reader finds nothing to record.
 * `slow`: they are forwarded after `delayMs`. Everything else is forwarded.
 */
async function startArgoCdGate(targetUrl: string) {
  const target = new URL(targetUrl);
  const state = {
    mode: 'hidden' as 'hidden' | 'slow',
    delayMs: 0,
    /** Application reads forwarded in slow mode, and those not answered yet. */
    slowReads: 0,
    inFlight: 0,
  };
  const forward = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };
  const server = http.createServer((req, res) => {
    const name = /^\/api\/v1\/applications\/([^/?]+)(\?|$)/.exec(
      req.url ?? '',
    )?.[1];
    if (req.method !== 'GET' || !name) {
      forward(req, res);
    } else if (state.mode === 'hidden') {
      const message = `applications.argoproj.io "${name}" not found`;
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: message, code: 5, message }));
    } else {
      state.slowReads += 1;
      state.inFlight += 1;
      res.on('close', () => (state.inFlight -= 1));
      setTimeout(() => forward(req, res), state.delayMs);
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// --- Replicas ------------------------------------------------------------

interface Replica {
  name: string;
  backend: PortalBackend;
  metricsPort: number;
}

/** Runs of one task on one replica, from the scheduler's counter. */
interface TaskRuns {
  started: number;
  completed: number;
  failed: number;
}

function replicaConfig(argoCdUrl: string) {
  // ISO strings: an object would be merged with app-config.yaml's
  // ({ minutes: 10 } and { seconds: 4 } make ten minutes and four seconds).
  const schedule = {
    frequency: `PT${INTERVAL_S}S`,
    timeout: `PT${TASK_TIMEOUT_S}S`,
    initialDelay: 'PT1S',
  };
  // Search indexing is not under test; it would only load the machine.
  const lateCollator = {
    schedule: { frequency: 'PT10M', timeout: 'PT5M', initialDelay: 'PT30M' },
  };
  return {
    argocd: {
      appLocatorMethods: [
        {
          type: 'config',
          instances: [{ name: ARGOCD_DOUBLE.instance, url: argoCdUrl }],
        },
      ],
    },
    deployments: { argocd: { schedule } },
    environments: { previews: { reaper: schedule } },
    courses: { schedule },
    search: { collators: { catalog: lateCollator, techdocs: lateCollator } },
  };
}

async function startReplica(
  name: string,
  prefix: string,
  config: object,
): Promise<Replica> {
  const metricsPort = await freePort();
  const started = performance.now();
  const backend = await startPortalBackend({
    database: { client: 'pg', connectionString: SERVER_URL, prefix },
    config,
    metricsPort,
    env: {
      LOG_LEVEL: 'info',
      // As app-config.production.yaml: no idle connections in plugins' pools.
      APP_CONFIG_backend_database_knexConfig_pool_min: '0',
    },
    readyTimeoutMs: 600_000,
  });
  log(
    `replica ${name} ready in ${seconds(performance.now() - started)} s (pid ${
      backend.pid
    }, ${backend.baseUrl})`,
  );
  return { name, backend, metricsPort };
}

/** The scheduler's run counters of the replica, by task id. */
async function taskRuns(replica: Replica): Promise<Map<string, TaskRuns>> {
  const response = await fetch(
    `http://127.0.0.1:${replica.metricsPort}/metrics`,
  );
  const text = await response.text();
  const runs = new Map<string, TaskRuns>();
  const line =
    /^backend_tasks_task_runs_count(?:_total)?\{([^}]*)\}\s+([0-9.e+]+)/;
  for (const row of text.split('\n')) {
    const match = line.exec(row);
    if (!match) continue;
    const labels = Object.fromEntries(
      [...match[1].matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v]),
    );
    const result = labels.result as keyof TaskRuns;
    const entry = runs.get(labels.taskId) ?? {
      started: 0,
      completed: 0,
      failed: 0,
    };
    if (result in entry) entry[result] = Number(match[2]);
    runs.set(labels.taskId, entry);
  }
  return runs;
}

function started(runs: Map<string, TaskRuns>, task: string): number {
  return runs.get(task)?.started ?? 0;
}

function runningNow(runs: Map<string, TaskRuns>, task: string): boolean {
  const r = runs.get(task);
  return !!r && r.started > r.completed + r.failed;
}

const ci = {
  Authorization: `Bearer ${DEV_CI_TOKEN}`,
  'Content-Type': 'application/json',
};

function postDeployments(replica: Replica, body: unknown): Promise<Response> {
  return fetch(`${replica.backend.baseUrl}/api/deployments/deployments`, {
    method: 'POST',
    headers: ci,
    body: JSON.stringify(body),
  });
}

async function getJson(replica: Replica, pathAndQuery: string): Promise<any> {
  const response = await fetch(`${replica.backend.baseUrl}${pathAndQuery}`, {
    headers: ci,
  });
  if (!response.ok) {
    throw new Error(
      `GET ${pathAndQuery} on ${replica.name}: ${
        response.status
      } ${await response.text()}`,
    );
  }
  return response.json();
}

/** A CI event of the test's own entity and environment. */
function ciEvent(entity: string, sourceId: string) {
  const now = Date.now();
  return {
    entityRef: `component:default/${entity}`,
    environment: 'replica-test',
    version: `1.0.${now % 1000}`,
    commitSha: createHash('sha1').update(sourceId).digest('hex'),
    status: 'succeeded',
    startedAt: new Date(now - 60_000).toISOString(),
    finishedAt: new Date(now).toISOString(),
    source: 'ci',
    sourceId,
  };
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

// --- Databases -------------------------------------------------------------

/** How this script's own connections name themselves to PostgreSQL. */
const APPLICATION_NAME = 'two-replicas-script';

function connect(database: string, max = 4): Knex {
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  url.searchParams.set('application_name', APPLICATION_NAME);
  return createKnex({
    client: 'pg',
    connection: url.toString(),
    pool: { min: 0, max },
  });
}

/** Connections the replicas hold to their databases. */
async function replicaConnections(admin: Knex, prefix: string) {
  const { rows } = await admin.raw(
    `select count(*)::int as count from pg_stat_activity
     where starts_with(datname, ?) and application_name <> ?`,
    [prefix, APPLICATION_NAME],
  );
  return rows[0].count as number;
}

async function dropDatabases(admin: Knex, prefix: string) {
  const { rows } = await admin.raw(
    'select datname from pg_database where starts_with(datname, ?)',
    [prefix],
  );
  for (const { datname } of rows) {
    await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [datname]);
  }
  return rows.length as number;
}

async function countStored(
  db: Knex,
  source: string,
  sourceIds: string[],
): Promise<{ rows: number; distinct: number }> {
  const [row] = await db('deployments')
    .where('source', source)
    .whereIn('source_id', sourceIds)
    .select(
      db.raw('count(*)::int as rows'),
      db.raw('count(distinct source_id)::int as distinct'),
    );
  return row;
}

/** The demo courses app-config.yaml points at, by id. */
async function demoCourseIds(): Promise<string[]> {
  const config = parseYaml(
    await readFile(path.join(REPO_ROOT, 'app-config.yaml'), 'utf8'),
  );
  const ids: string[] = [];
  for (const { target } of config.courses.locations) {
    const content = await readFile(path.resolve(BACKEND_DIR, target), 'utf8');
    ids.push(...parseCourseFile(content).map(course => course.id));
  }
  return ids;
}

// --- The run -------------------------------------------------------------

async function main() {
  const runId = randomBytes(3).toString('hex');
  const prefix = `portal_replicas_${runId}_`;
  const admin = connect('postgres', 2);
  const world = createDemoWorld();
  const double = await startArgoCdDouble({
    port: 0,
    host: '127.0.0.1',
    world,
    username: ARGOCD_DOUBLE.username,
    password: ARGOCD_DOUBLE.password,
  });
  const gate = await startArgoCdGate(double.url);
  const config = replicaConfig(gate.url);
  const replicas: Replica[] = [];
  const pools: Knex[] = [admin];
  const runStarted = performance.now();
  // Interrupted, leave no backend process behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const replica of replicas) {
        try {
          process.kill(replica.backend.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      process.exit(130);
    });
  }

  try {
    // 1. Both at once, on empty databases.
    log(`starting replicas A and B on databases ${prefix}*`);
    const starts = await Promise.allSettled([
      startReplica('A', prefix, config),
      startReplica('B', prefix, config),
    ]);
    for (const start of starts) {
      if (start.status === 'fulfilled') replicas.push(start.value);
      else throw start.reason;
    }
    const [a, b] = replicas;
    const deploymentsDb = connect(`${prefix}deployments`);
    const coursesDb = connect(`${prefix}courses`);
    pools.push(deploymentsDb, coursesDb);
    const observedFrom = performance.now();
    const runsAtStart = await Promise.all([taskRuns(a), taskRuns(b)]);
    const connectionsAtReady = await replicaConnections(admin, prefix);

    const waited = [a, b].map(replica => {
      const match =
        /Waited (\d+) s for another replica to finish starting/.exec(
          replica.backend.output(),
        );
      return match ? `${replica.name} waited ${match[1]} s` : undefined;
    });
    figure(
      'started together on empty databases, both ready (startup lock)',
      waited.filter(Boolean).join(', ') || 'neither waited',
    );

    const seeded = [a, b].map(replica => {
      const match = /Recorded (\d+) demo deployments/.exec(
        replica.backend.output(),
      );
      return match ? Number(match[1]) : 0;
    });
    const seeders = seeded.filter(count => count > 0).length;
    check(
      'demo seed on an empty database: replicas that seeded',
      `${seeders} (A ${seeded[0]}, B ${seeded[1]})`,
      '1',
      seeders === 1,
    );
    const [{ total, distinct }] = await deploymentsDb('deployments').select(
      deploymentsDb.raw('count(*)::int as total'),
      deploymentsDb.raw(
        'count(distinct (entity_ref, environment, started_at))::int as distinct',
      ),
    );
    check(
      'demo deployments stored / distinct (service, environment, start)',
      `${total} / ${distinct}`,
      `${Math.max(...seeded)} / same`,
      total === Math.max(...seeded) && distinct === total,
    );

    const courseIds = await demoCourseIds();
    const courses = await eventually(async () => {
      const rows: Array<{ id: string }> = await coursesDb('courses').select(
        'id',
      );
      return rows.length >= courseIds.length ? rows : undefined;
    }, 60_000);
    const storedIds = courses.map(row => row.id).sort();
    check(
      'demo courses stored (from the refresh task)',
      courses.length,
      `${courseIds.length}, one per course id`,
      storedIds.join() === [...courseIds].sort().join(),
    );

    // 2. Scheduled work over the observation window.
    const waitMs = OBSERVATION_S * 1000 - (performance.now() - observedFrom);
    if (waitMs > 0) await sleep(waitMs);
    const runsAtEnd = await Promise.all([taskRuns(a), taskRuns(b)]);
    const windowS = (performance.now() - observedFrom) / 1000;
    const intervals = windowS / INTERVAL_S;
    for (const task of Object.values(TASKS)) {
      const [onA, onB] = [0, 1].map(
        i => started(runsAtEnd[i], task) - started(runsAtStart[i], task),
      );
      const runs = onA + onB;
      check(
        `${task}: runs in ${windowS.toFixed(0)} s = ${intervals.toFixed(
          1,
        )} intervals (A + B)`,
        `${runs} (${onA} + ${onB})`,
        `<= ${Math.ceil(intervals) + 1}, >= ${Math.floor(intervals / 2)}`,
        runs <= Math.ceil(intervals) + 1 && runs >= Math.floor(intervals / 2),
      );
    }

    // 3. Written to A, read from B.
    const probe = ciEvent('replica-probe', `replicas-${runId}-probe`);
    const written = await postDeployments(a, probe);
    const readStarted = performance.now();
    const readBack = await getJson(
      b,
      `/api/deployments/deployments?${new URLSearchParams({
        entityRef: 'component:default/replica-probe',
      })}`,
    );
    const readMs = performance.now() - readStarted;
    check(
      'posted to A (201), then listed by B',
      `${written.status}, ${
        readBack.items.filter((d: any) => d.sourceId === probe.sourceId).length
      } found in ${readMs.toFixed(0)} ms`,
      '201, 1 found',
      written.status === 201 &&
        readBack.items.some((d: any) => d.sourceId === probe.sourceId),
    );

    // 4. The same event to both at once.
    const connectionsIdle = await replicaConnections(admin, prefix);
    let connectionsPeak = connectionsIdle;
    const connectionSampler = setInterval(() => {
      replicaConnections(admin, prefix).then(
        count => (connectionsPeak = Math.max(connectionsPeak, count)),
        () => {},
      );
    }, 100);
    const pairs = Array.from({ length: CONCURRENT_PAIRS }, (_, i) =>
      ciEvent('replica-pairs', `replicas-${runId}-pair-${i}`),
    );
    const statuses = await Promise.all(
      pairs.map(event =>
        Promise.all([
          postDeployments(a, event),
          postDeployments(b, event),
        ]).then(async responses => {
          for (const r of responses.filter(r => r.status >= 300)) {
            log(`pair answered ${r.status}: ${await r.text()}`);
          }
          return responses.map(r => r.status).sort();
        }),
      ),
    );
    clearInterval(connectionSampler);
    const {
      rows: [{ max_connections: maxConnections }],
    } = await admin.raw('show max_connections');
    check(
      'PostgreSQL connections of both replicas: at readiness / 40 s on / peak of the 100 concurrent writes',
      `${connectionsAtReady} / ${connectionsIdle} / ${connectionsPeak}`,
      `< max_connections (${maxConnections})`,
      connectionsPeak < Number(maxConnections),
    );
    const answers = new Map<string, number>();
    for (const pair of statuses) {
      answers.set(pair.join(' + '), (answers.get(pair.join(' + ')) ?? 0) + 1);
    }
    const onceCreated = answers.get('200 + 201') ?? 0;
    const pairsStored = await countStored(
      deploymentsDb,
      'ci',
      pairs.map(p => p.sourceId),
    );
    const listed = await getJson(
      b,
      `/api/deployments/deployments?${new URLSearchParams({
        entityRef: 'component:default/replica-pairs',
        limit: '200',
      })}`,
    );
    check(
      `${CONCURRENT_PAIRS} events each posted to A and B at once: pairs answered 201 + 200`,
      [...answers].map(([pair, count]) => `${count} x ${pair}`).join(', '),
      String(CONCURRENT_PAIRS),
      onceCreated === CONCURRENT_PAIRS,
    );
    check(
      'those events stored (rows / listed by B)',
      `${pairsStored.rows} / ${listed.items.length}`,
      `${CONCURRENT_PAIRS} / ${CONCURRENT_PAIRS}`,
      pairsStored.rows === CONCURRENT_PAIRS &&
        listed.items.length === CONCURRENT_PAIRS,
    );

    // 5. Kill the replica that runs the ArgoCD pass, mid-pass and mid-batch.
    const entityRefOfApp = await eventually(async () => {
      const { items } = await getJson(
        b,
        `/api/catalog/entities/by-query?${new URLSearchParams({
          filter: 'kind=component',
          fields: 'metadata.name,metadata.annotations',
          limit: '500',
        })}`,
      );
      const found = new Map<string, string>();
      for (const entity of items) {
        const app = entity.metadata.annotations?.['argocd/app-name'];
        if (app) found.set(app, `component:default/${entity.metadata.name}`);
      }
      return found.size > 0 ? found : undefined;
    });
    const argoCd = new ArgoCdClient({
      name: ARGOCD_DOUBLE.instance,
      url: double.url,
      credentials: {
        username: ARGOCD_DOUBLE.username,
        password: ARGOCD_DOUBLE.password,
      },
    });
    const expected: string[] = [];
    for (const [app, entityRef] of entityRefOfApp) {
      const application = await argoCd.getApplication(app);
      if (!application) continue;
      const deployments = deploymentsOfApplication(application, {
        instance: { name: ARGOCD_DOUBLE.instance, url: gate.url },
        entityRef,
        environment: 'production',
      });
      expected.push(...deployments.map(d => d.sourceId));
    }
    const beforeOpen = await countStored(deploymentsDb, 'argocd', expected);
    check(
      'ArgoCD deployments at stake (stored before the kill)',
      `${expected.length} of ${entityRefOfApp.size} applications (${beforeOpen.rows} stored)`,
      '> 0 (0 stored)',
      expected.length > 0 && beforeOpen.rows === 0,
    );

    gate.state.delayMs = SLOW_READ_MS;
    gate.state.mode = 'slow';
    log('ArgoCD gate open, slow: waiting for a pass to start');
    const victim = await eventually(async () => {
      if (gate.state.slowReads === 0) return undefined;
      for (const replica of [a, b]) {
        if (runningNow(await taskRuns(replica), TASKS.argocd)) return replica;
      }
      return undefined;
    }, 60_000);
    const survivor = victim === a ? b : a;
    log(`replica ${victim.name} runs the ArgoCD pass`);

    const batch = Array.from({ length: BATCH_SIZE }, (_, i) =>
      ciEvent('replica-kill-probe', `replicas-${runId}-batch-${i}`),
    );
    const batchIds = batch.map(e => e.sourceId);
    const lock = await deploymentsDb.transaction();
    await lock.raw('LOCK TABLE current_deployments IN EXCLUSIVE MODE');
    const killedPost = postDeployments(victim, { items: batch }).then(
      r => `answered ${r.status}`,
      (e: Error) => `failed: ${e.message}`,
    );
    await eventually(async () => {
      const { rows } = await deploymentsDb.raw(
        `select count(*)::int as waiting from pg_locks
         where relation = 'current_deployments'::regclass and not granted
           and database = (select oid from pg_database where datname = current_database())`,
      );
      return rows[0].waiting > 0 ? true : undefined;
    }, 20_000);
    const inFlightAtKill = gate.state.inFlight;
    const stillRunning = runningNow(await taskRuns(victim), TASKS.argocd);
    const killedAt = performance.now();
    await victim.backend.kill();
    await lock.rollback();
    log(`killed ${victim.name} (pid ${victim.backend.pid})`);
    check(
      `${victim.name} killed mid-pass: its pass running, ArgoCD reads in flight`,
      `${stillRunning}, ${inFlightAtKill}`,
      'true, > 0',
      stillRunning && inFlightAtKill > 0,
    );
    const argoAtKill = await countStored(deploymentsDb, 'argocd', expected);
    const batchAtKill = await countStored(deploymentsDb, 'ci', batchIds);
    check(
      `batch of ${BATCH_SIZE} killed inside its transaction: client saw / rows stored`,
      `${await killedPost} / ${batchAtKill.rows}`,
      'failed / 0',
      (await killedPost).startsWith('failed') && batchAtKill.rows === 0,
    );

    // The client retries against the survivor; the killed replica restarts.
    gate.state.delayMs = 200;
    const retried = await postDeployments(survivor, { items: batch });
    const retriedBody = await retried.json();
    const batchStored = await countStored(deploymentsDb, 'ci', batchIds);
    const createdOnRetry = (retriedBody.items ?? []).filter(
      (r: any) => r.outcome === 'created',
    ).length;
    check(
      `client retry against ${survivor.name}: created / rows / distinct`,
      `${createdOnRetry} / ${batchStored.rows} / ${batchStored.distinct}`,
      `${BATCH_SIZE} / ${BATCH_SIZE} / ${BATCH_SIZE}`,
      retried.status === 200 &&
        createdOnRetry === BATCH_SIZE &&
        batchStored.rows === BATCH_SIZE &&
        batchStored.distinct === BATCH_SIZE,
    );

    const survivorRunsAtKill = await taskRuns(survivor);
    const restarting = startReplica(`${victim.name}'`, prefix, config).then(
      replica => {
        replicas.push(replica);
        return replica;
      },
    );
    const recovered = await eventually(async () => {
      const stored = await countStored(deploymentsDb, 'argocd', expected);
      return stored.rows === expected.length ? stored : undefined;
    }, 150_000);
    const recoveredAfterMs = performance.now() - killedAt;
    const restarted = await restarting;
    const [survivorRuns, restartedRuns] = await Promise.all([
      taskRuns(survivor),
      taskRuns(restarted),
    ]);
    const completedBy = [
      (survivorRuns.get(TASKS.argocd)?.completed ?? 0) >
      (survivorRunsAtKill.get(TASKS.argocd)?.completed ?? 0)
        ? survivor.name
        : undefined,
      (restartedRuns.get(TASKS.argocd)?.completed ?? 0) > 0
        ? restarted.name
        : undefined,
    ].filter(Boolean);
    const freedBy = [survivor, restarted]
      .filter(r =>
        r.backend
          .output()
          .includes(`Task timed out and was lost: ${TASKS.argocd}`),
      )
      .map(r => r.name);
    check(
      'ArgoCD deployments stored after the kill: at the kill / after recovery (distinct)',
      `${argoAtKill.rows} / ${recovered.rows} (${
        recovered.distinct
      }) in ${seconds(recoveredAfterMs)} s; lock freed by ${
        freedBy.join(', ') || '?'
      }; passes since by ${completedBy.join(', ') || '?'}`,
      `0 / ${expected.length} (${expected.length})`,
      argoAtKill.rows === 0 &&
        recovered.rows === expected.length &&
        recovered.distinct === expected.length,
    );
  } finally {
    const failed = checks.some(c => !c.ok) || checks.length === 0;
    if (failed) {
      for (const replica of replicas) {
        const lines = replica.backend.output().split('\n');
        const errors = lines.filter(line => /\berror\b/.test(line));
        log(
          `--- errors logged by ${replica.name} (last 20 of ${
            errors.length
          }) ---\n${errors
            .slice(-20)
            .join('\n')}\n--- its last lines ---\n${lines
            .slice(-10)
            .join('\n')}`,
        );
      }
    }
    await Promise.all(replicas.map(r => r.backend.stop()));
    await gate.close();
    world.close();
    await double.close();
    for (const pool of pools.slice(1)) await pool.destroy();
    const dropped = await dropDatabases(admin, prefix);
    await admin.destroy();
    log(
      `dropped ${dropped} databases ${prefix}*; ${seconds(
        performance.now() - runStarted,
      )} s in all`,
    );
  }

  console.log('| check | measured | expected | |');
  console.log('| --- | --- | --- | --- |');
  for (const c of checks) {
    console.log(
      `| ${c.name} | ${c.value} | ${c.expected ?? ''} | ${
        c.expected === undefined ? '' : c.ok ? 'ok' : 'FAIL'
      } |`,
    );
  }
  if (checks.some(c => !c.ok)) {
    process.exitCode = 1;
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
