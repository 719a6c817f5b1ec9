/*
 * Scaffolder benchmark: how long a new service takes from "Create" to its
 * entity in the catalog, with the real backend process
 * (packages/backend/src/index.ts) on the embedded default's config: the
 * nodejs-service template, published by publish:local to a local git
 * repository and registered as a file location, as the guest user the
 * embedded default signs in.
 *
 * Each run creates a task (POST /api/scaffolder/v2/tasks, only name, owner
 * and description) and polls, every 100 ms, the task until it ends and the
 * new Component in the catalog API (GET /api/catalog/entities/by-name/...).
 * One untimed run first warms the backend up; the timed runs follow one
 * after the other. On SQLite (a fresh directory, as the embedded default)
 * and on PostgreSQL (a database per plugin, as production; dropped
 * afterwards). Prints a
 * Markdown table; progress goes to stderr.
 *
 * Run by scripts/benchmarks/scaffolder.sh. Environment:
 *   PORTAL_BENCH_POSTGRES_URL   server to use (default postgresql://postgres@127.0.0.1:5432);
 *                               the databases portal_bench_scaffolder_<plugin> are created
 *                               by the backend and dropped
 *   PORTAL_BENCH_RUNS           timed runs per database (default 5)
 *   PORTAL_BENCH_DATABASES      sqlite, postgres or both (default sqlite,postgres)
 */
import { Knex } from 'knex';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  createTemplateTask,
  waitForTemplateTask,
} from '../../packages/backend/src/testing/scaffolderTasks';
import {
  eventually,
  PortalBackend,
  PortalDatabase,
  startPortalBackend,
} from '../../packages/backend/src/testing/startPortalBackend';
import { runBenchmark } from './lib/backend';
import { connection, dropDatabase, log, secondsSince } from './lib/harness';

const TEMPLATE = 'template:default/nodejs-service';
/** One database per plugin, as production runs it: portal_bench_scaffolder_<plugin>. */
const DATABASE_PREFIX = 'portal_bench_scaffolder_';
const RUNS = Number(process.env.PORTAL_BENCH_RUNS ?? 5);
const DATABASES = (process.env.PORTAL_BENCH_DATABASES ?? 'sqlite,postgres')
  .split(',')
  .map(name => name.trim());
const SERVER_URL =
  process.env.PORTAL_BENCH_POSTGRES_URL ??
  'postgresql://postgres@127.0.0.1:5432';
const POLL_MS = 100;

interface Run {
  /** Seconds from the task's creation to its end. */
  taskSeconds: number;
  /** Seconds from the task's creation to the entity in the catalog API. */
  entitySeconds: number;
}

/** The guest's token, as the frontend gets it when the guest signs in. */
async function signInAsGuest(backend: PortalBackend): Promise<string> {
  const res = await fetch(`${backend.baseUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok) {
    throw new Error(
      `Guest sign-in answered ${res.status}: ${await res.text()}`,
    );
  }
  const session = await res.json();
  return session.backstageIdentity.token;
}

async function untilOk(url: string, headers: Record<string, string>) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const res = await fetch(url, { headers });
    if (res.ok) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`${url} answered ${res.status} for 120 s`);
    }
    await new Promise(resolve => setTimeout(resolve, POLL_MS));
  }
}

/** Runs the template once as `name` and times it. */
async function timeRun(
  backend: PortalBackend,
  headers: Record<string, string>,
  name: string,
): Promise<Run> {
  const entityUrl = `${backend.baseUrl}/api/catalog/entities/by-name/component/default/${name}`;
  const started = performance.now();
  const taskId = await createTemplateTask(backend.baseUrl, headers, TEMPLATE, {
    name,
    owner: 'group:default/platform-team',
    description: 'A service the scaffolder benchmark created',
  });
  const [taskSeconds, entitySeconds] = await Promise.all([
    waitForTemplateTask(backend.baseUrl, headers, taskId).then(task => {
      if (task.status !== 'completed') {
        throw new Error(`Task ${task.status}:\n${task.log.join('\n')}`);
      }
      return (performance.now() - started) / 1000;
    }),
    untilOk(entityUrl, headers).then(
      () => (performance.now() - started) / 1000,
    ),
  ]);
  return { taskSeconds, entitySeconds };
}

async function benchmarkOn(
  label: string,
  database: PortalDatabase,
): Promise<Run[]> {
  const localGit = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-local-git-'));
  const startedAt = performance.now();
  const backend = await startPortalBackend({
    database,
    config: { scaffolder: { localGit: { directory: localGit } } },
    readyTimeoutMs: 300_000,
  });
  try {
    log(`${label}: backend ready in ${secondsSince(startedAt)} s`);
    const headers = {
      Authorization: `Bearer ${await signInAsGuest(backend)}`,
    };
    await eventually(async () => {
      const res = await fetch(
        `${backend.baseUrl}/api/catalog/entities/by-name/template/default/nodejs-service`,
        { headers },
      );
      return res.ok ? true : undefined;
    }, 120_000);
    log(`${label}: ${TEMPLATE} is in the catalog`);

    const suffix = Date.now().toString(36);
    const warmup = await timeRun(backend, headers, `bench-warmup-${suffix}`);
    log(
      `${label}: warm-up: task ${warmup.taskSeconds.toFixed(
        2,
      )} s, entity ${warmup.entitySeconds.toFixed(2)} s`,
    );
    const runs: Run[] = [];
    for (let i = 1; i <= RUNS; i++) {
      const run = await timeRun(backend, headers, `bench-${i}-${suffix}`);
      log(
        `${label}: run ${i}: task ${run.taskSeconds.toFixed(
          2,
        )} s, entity ${run.entitySeconds.toFixed(2)} s`,
      );
      runs.push(run);
    }
    return runs;
  } finally {
    await backend.stop();
    await fs.rm(localGit, { recursive: true, force: true });
  }
}

/** Drops the databases the backend created for its plugins. */
async function dropDatabases(admin: Knex) {
  const { rows } = await admin.raw(
    'SELECT datname FROM pg_database WHERE starts_with(datname, ?)',
    [DATABASE_PREFIX],
  );
  for (const { datname } of rows) {
    await dropDatabase(admin, datname);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function main() {
  const benchStarted = performance.now();
  const results: Array<{ label: string; runs: Run[] }> = [];
  for (const name of DATABASES) {
    if (name === 'sqlite') {
      results.push({
        label: 'SQLite',
        runs: await benchmarkOn('SQLite', { client: 'sqlite' }),
      });
    } else if (name === 'postgres') {
      const admin = connection('postgres', 1);
      await dropDatabases(admin);
      try {
        results.push({
          label: 'PostgreSQL',
          runs: await benchmarkOn('PostgreSQL', {
            client: 'pg',
            connectionString: SERVER_URL,
            prefix: DATABASE_PREFIX,
          }),
        });
      } finally {
        await dropDatabases(admin);
        await admin.destroy();
      }
    } else {
      throw new Error(`Unknown database ${name}: use sqlite or postgres`);
    }
  }

  console.log(
    '| database | run | Create to task completed | Create to entity in the catalog API |',
  );
  console.log('| --- | --- | --- | --- |');
  for (const { label, runs } of results) {
    runs.forEach((run, i) =>
      console.log(
        `| ${label} | ${i + 1} | ${run.taskSeconds.toFixed(
          2,
        )} s | ${run.entitySeconds.toFixed(2)} s |`,
      ),
    );
    console.log(
      `| ${label} | **median** | **${median(
        runs.map(run => run.taskSeconds),
      ).toFixed(2)} s** | **${median(
        runs.map(run => run.entitySeconds),
      ).toFixed(2)} s** |`,
    );
  }
  log(`done in ${secondsSince(benchStarted)} s`);
}

runBenchmark(main);
