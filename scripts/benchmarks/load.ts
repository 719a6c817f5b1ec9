/*
 * Load benchmark: the built backend (scripts/production-backend.sh: the
 * bundle of `yarn build:backend`, NODE_ENV=production, app-config.yaml +
 * app-config.production.yaml) on the local PostgreSQL, with the demo data
 * and more, under 60 s of 50 concurrent connections (autocannon, on
 * loopback) for each of the reads the portal's busiest pages make. Prints a
 * Markdown table for docs/benchmarks.md; progress goes to stderr. Exits
 * non-zero if any request failed or answered other than 2xx.
 *
 * Run by scripts/benchmarks/load.sh. Environment:
 *   PORTAL_BENCH_POSTGRES_URL   server to use (default postgresql://postgres@127.0.0.1:5432);
 *                               the databases portal_load_* are created and dropped
 *   PORTAL_LOAD_DURATION_S      seconds per scenario (default 60)
 *   PORTAL_LOAD_CONNECTIONS     concurrent connections (default 50)
 *
 * On top of production's config, a test overlay written here puts back the
 * demo data (the catalog, the demo deployment history, the demo courses) and
 * lets the guest sign in, so that requests carry a real user token (the
 * guest, a member of platform-team) through the same permission checks as
 * the UI. Volume added in SQL once the plugins' migrations ran: 200,000
 * deployments of 1,000 services over a year, and 5,000 courses. The ArgoCD
 * and Kubernetes doubles run in this process on free ports.
 *
 * Scenarios (each request picks the next entity or term in turn):
 *   entity page    the catalog reads of a service's page: the entity by
 *                  name, its related entities by refs, and its current
 *                  deployments
 *   deployments    GET /api/deployments/deployments?entityRef=... (50 newest)
 *   environments   GET /api/environments/matrix (every service x environment)
 *   course search  GET /api/courses/courses?search=... (ranked full text)
 */
import {
  createDemoWorld,
  startArgoCdDouble,
  startKubernetesDouble,
} from '@internal/local-doubles';
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { AddressInfo, createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { rebuildCurrentDeployments } from '../../plugins/deployments-backend/src/database/KnexDeploymentStore';
import { connection, log } from './lib/harness';

const REPO_ROOT = path.resolve(__dirname, '../..');
const DURATION_S = Number(process.env.PORTAL_LOAD_DURATION_S ?? 60);
const CONNECTIONS = Number(process.env.PORTAL_LOAD_CONNECTIONS ?? 50);
const PREFIX = 'portal_load';
const BULK_DEPLOYMENTS = 200_000;
const BULK_SERVICES = 1000;
const BULK_COURSES = 5000;
const SEARCH_TERMS = [
  'argocd',
  'kubernetes deploy',
  'catalog',
  'template',
  'preview environment',
  'techdocs',
  'rollback',
  'permission',
];

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/** The app-config.yaml locations, relative to the repo root where production-backend.sh runs. */
function fromRepoRoot<T extends { target: string }>(locations: T[]): T[] {
  return locations.map(location => ({
    ...location,
    target: location.target.replace(/^\.\.\/\.\.\//, './'),
  }));
}

async function writeOverlay(dir: string): Promise<string> {
  const defaults = parseYaml(
    await readFile(path.join(REPO_ROOT, 'app-config.yaml'), 'utf8'),
  );
  const overlay = {
    catalog: { locations: fromRepoRoot(defaults.catalog.locations) },
    courses: {
      locations: fromRepoRoot(defaults.courses.locations),
      schedule: { frequency: 'PT10M', timeout: 'PT5M', initialDelay: 'PT0S' },
    },
    deployments: { demoData: { enabled: true } },
    auth: {
      providers: {
        guest: {
          userEntityRef: defaults.auth.providers.guest.userEntityRef,
          dangerouslyAllowOutsideDevelopment: true,
        },
      },
    },
    // Indexing is not what is measured here.
    search: {
      collators: Object.fromEntries(
        ['catalog', 'techdocs'].map(type => [
          type,
          {
            schedule: {
              frequency: 'PT1H',
              timeout: 'PT5M',
              initialDelay: 'PT1H',
            },
          },
        ]),
      ),
    },
  };
  const file = path.join(dir, 'app-config.load.json');
  await writeFile(file, JSON.stringify(overlay, null, 2));
  return file;
}

/** How many Components the catalog locations of app-config.yaml hold. */
async function demoComponentCount(): Promise<number> {
  const defaults = parseYaml(
    await readFile(path.join(REPO_ROOT, 'app-config.yaml'), 'utf8'),
  );
  let count = 0;
  for (const { target } of fromRepoRoot(defaults.catalog.locations)) {
    const content = await readFile(path.join(REPO_ROOT, target), 'utf8');
    count += parseAllDocuments(content).filter(
      doc => doc.toJS()?.kind === 'Component',
    ).length;
  }
  return count;
}

/** VmRSS of a process, in MiB; undefined once it is gone. */
async function rssMiB(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kib = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]);
    return kib / 1024;
  } catch {
    return undefined;
  }
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  backend?: ChildProcess,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (backend && backend.exitCode !== null) {
      throw new Error(`the backend exited (${backend.exitCode}) ${what}`);
    }
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(1000);
  }
  throw new Error(`timed out ${what}; last error: ${lastError}`);
}

/** 200,000 deployments of 1,000 services that are not in the catalog. */
async function loadDeployments(database: string) {
  const db = connection(database, 2);
  try {
    await db.raw(
      `INSERT INTO deployments (
         id, entity_ref, environment, version, commit_sha, commit_time, image,
         status, started_at, finished_at, triggered_by, recorded_by, source,
         source_id, url, metadata, created_at, updated_at)
       SELECT gen_random_uuid(),
         'component:default/load-service-' || (i % ?),
         (ARRAY['development', 'staging', 'production'])[1 + (i / ?) % 3],
         '1.' || (i / 1000) || '.' || (i % 1000),
         md5(i::text) || substr(md5((i + 1)::text), 1, 8),
         started - interval '2 hours', null,
         (ARRAY['succeeded', 'succeeded', 'succeeded', 'succeeded', 'failed', 'rolled_back'])[1 + i % 6],
         started, started + interval '5 minutes',
         'user:default/load-user', 'service:ci-pipelines', 'ci',
         'load/' || i, null, null, now(), now()
       FROM (
         SELECT i, now() - (i * interval '1 year' / ?) AS started
         FROM generate_series(1, ?) AS i
       ) AS generated`,
      [BULK_SERVICES, BULK_SERVICES, BULK_DEPLOYMENTS, BULK_DEPLOYMENTS],
    );
    await rebuildCurrentDeployments(db);
    await db.raw('ANALYZE deployments');
    await db.raw('ANALYZE current_deployments');
  } finally {
    await db.destroy();
  }
}

/** 5,000 courses owned through the API, with 60 words of lessons each. */
async function loadCourses(database: string) {
  const db = connection(database, 2);
  const words = [
    ...SEARCH_TERMS.flatMap(term => term.split(' ')),
    ...Array.from({ length: 300 }, (_, i) => `topic${i}`),
  ];
  const pick = (seed: string) =>
    `(?::text[])[1 + (hashint8(${seed}) & 2147483647) % ${words.length}]`;
  try {
    await db.raw(
      `INSERT INTO courses (
         id, title, sort_title, summary, category, level, owner, source,
         estimated_minutes, module_count, lesson_count, tags, prerequisites,
         document, lesson_text, updated_by, created_at, updated_at)
       SELECT id, title, lower(title), summary, category, level,
         'group:default/platform-team', 'api', 45, 1, 1, '[]', '[]',
         jsonb_build_object('id', id, 'title', title, 'summary', summary,
           'category', category, 'level', level, 'tags', '[]'::jsonb,
           'estimatedMinutes', 45, 'owner', 'group:default/platform-team',
           'prerequisites', '[]'::jsonb,
           'modules', jsonb_build_array(jsonb_build_object(
             'id', 'module', 'title', 'Module', 'lessons', jsonb_build_array(
               jsonb_build_object('id', 'l1', 'title', 'Lesson', 'type',
                 'markdown', 'body', lesson_text)))))::text,
         lesson_text, 'user:default/load-author', now(), now()
       FROM (
         SELECT 'load-course-' || lpad(i::text, 5, '0') AS id,
           initcap(${pick('i * 3 + 1')}) || ' and ' || ${pick(
        'i * 3 + 2',
      )} || ' ' || i AS title,
           'Learn ' || ${pick('i * 3 + 3')} || ' on the platform.' AS summary,
           'category-' || (i % 10) AS category,
           (ARRAY['beginner', 'intermediate', 'advanced'])[1 + i % 3] AS level,
           (SELECT string_agg(${pick('i * 100 + k')}, ' ')
              FROM generate_series(1, 60) AS k) AS lesson_text
         FROM generate_series(1, ?) AS i
       ) AS generated`,
      [words, words, words, words, BULK_COURSES],
    );
    await db.raw('ANALYZE courses');
  } finally {
    await db.destroy();
  }
}

interface Scenario {
  name: string;
  requests: autocannon.Request[];
}

interface Result {
  name: string;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  failures: number;
  rssPeak: number;
  rssEnd: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

async function run(
  baseUrl: string,
  token: string,
  pid: number,
  scenario: Scenario,
): Promise<Result> {
  let rssPeak = 0;
  const sampler = setInterval(async () => {
    rssPeak = Math.max(rssPeak, (await rssMiB(pid)) ?? 0);
  }, 500);
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections: CONNECTIONS,
        duration: DURATION_S,
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
        },
        requests: scenario.requests,
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    // Every response's time, for exact percentiles (autocannon's own
    // summary has p97.5 but no p95).
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
    });
  });
  clearInterval(sampler);
  const rssEnd = (await rssMiB(pid)) ?? 0;
  latencies.sort((a, b) => a - b);
  const measured: Result = {
    name: scenario.name,
    requests: result.requests.total,
    perSecond: result.requests.average,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    failures: result.errors + result.timeouts + result.non2xx,
    rssPeak: Math.max(rssPeak, rssEnd),
    rssEnd,
  };
  log(
    `${scenario.name}: ${
      measured.requests
    } requests, ${measured.perSecond.toFixed(0)}/s, p50 ${measured.p50.toFixed(
      1,
    )} ms, p95 ${measured.p95.toFixed(1)} ms, p99 ${measured.p99.toFixed(
      1,
    )} ms, ${measured.failures} failed (${result.errors} errors, ${
      result.timeouts
    } timeouts, ${result.non2xx} non-2xx)`,
  );
  return measured;
}

/** Each call of `next` gives the following item, round and round. */
function roundRobin<T>(items: T[]): () => T {
  let index = 0;
  return () => items[index++ % items.length];
}

async function main() {
  const benchStarted = performance.now();
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'portal-load-'));
  const world = createDemoWorld();
  const argocd = await startArgoCdDouble({
    port: 0,
    host: '127.0.0.1',
    world,
    username: 'admin',
    password: 'local-double-password',
  });
  const kubernetes = await startKubernetesDouble({
    port: 0,
    host: '127.0.0.1',
    world,
    token: 'local-double-token',
  });
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  let backend: ChildProcess | undefined;
  let output = '';

  try {
    const overlay = await writeOverlay(workDir);
    log(`starting the built backend on :${port} (databases ${PREFIX}_*)`);
    backend = spawn(
      path.join(REPO_ROOT, 'scripts/production-backend.sh'),
      ['--fresh', String(port), PREFIX, '--config', overlay],
      {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          ARGOCD_URL: argocd.url,
          ARGOCD_USERNAME: 'admin',
          ARGOCD_PASSWORD: 'local-double-password',
          K8S_CLUSTER_URL: kubernetes.url,
          PORTAL_METRICS_PORT: String(await freePort()),
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const child = backend;
    child.stdout?.on('data', chunk => (output += chunk));
    child.stderr?.on('data', chunk => (output += chunk));
    // The script execs node: the same pid is the backend process.
    const pid = child.pid!;

    const startedAt = performance.now();
    await waitFor(
      'waiting for readiness',
      async () => {
        const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
        return res.ok ? true : undefined;
      },
      20 * 60_000,
      child,
    );
    const readyS = (performance.now() - startedAt) / 1000;
    log(
      `ready after ${readyS.toFixed(0)} s (RSS ${(await rssMiB(pid))?.toFixed(
        0,
      )} MiB)`,
    );

    const refresh = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    if (!refresh.ok) {
      throw new Error(
        `guest sign-in: ${refresh.status} ${await refresh.text()}`,
      );
    }
    const token: string = (await refresh.json()).backstageIdentity.token;
    const get = async (pathAndQuery: string) => {
      const res = await fetch(`${baseUrl}${pathAndQuery}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (!res.ok) throw new Error(`${pathAndQuery}: ${res.status}`);
      return res.json();
    };

    // The demo data, then the volume on top.
    const expectedComponents = await demoComponentCount();
    const components: any[] = await waitFor(
      'waiting for the demo catalog',
      async () => {
        const { items } = await get(
          `/api/catalog/entities/by-query?${new URLSearchParams({
            filter: 'kind=component',
            limit: '500',
          })}`,
        );
        return items.length >= expectedComponents ? items : undefined;
      },
      5 * 60_000,
      child,
    );
    await waitFor(
      'waiting for the demo courses',
      async () =>
        (await get('/api/courses/courses?limit=1')).totalCount > 0
          ? true
          : undefined,
      5 * 60_000,
      child,
    );
    log('loading volume: deployments and courses');
    await loadDeployments(`${PREFIX}_deployments`);
    await loadCourses(`${PREFIX}_courses`);

    const refs = components.map(
      e => `component:${e.metadata.namespace ?? 'default'}/${e.metadata.name}`,
    );
    const related = components.map(e =>
      (e.relations ?? []).map((r: { targetRef: string }) => r.targetRef),
    );
    const entity = roundRobin(components.map((e, i) => ({ e, i })));
    const deploymentsOf = roundRobin(refs);
    const term = roundRobin(SEARCH_TERMS);
    let current = entity();
    const scenarios: Scenario[] = [
      {
        name: 'entity page (by name, related by refs, current deployments)',
        requests: [
          {
            method: 'GET',
            setupRequest: req => {
              current = entity();
              const { metadata } = current.e;
              return {
                ...req,
                path: `/api/catalog/entities/by-name/component/${
                  metadata.namespace ?? 'default'
                }/${metadata.name}`,
              };
            },
          },
          {
            method: 'POST',
            setupRequest: req => ({
              ...req,
              path: '/api/catalog/entities/by-refs',
              body: JSON.stringify({
                entityRefs: related[current.i],
                fields: [
                  'kind',
                  'metadata.name',
                  'metadata.namespace',
                  'metadata.title',
                  'spec.profile',
                ],
              }),
            }),
          },
          {
            method: 'GET',
            setupRequest: req => ({
              ...req,
              path: `/api/deployments/current?entityRef=${encodeURIComponent(
                refs[current.i],
              )}`,
            }),
          },
        ],
      },
      {
        name: 'deployments list',
        requests: [
          {
            method: 'GET',
            setupRequest: req => ({
              ...req,
              path: `/api/deployments/deployments?entityRef=${encodeURIComponent(
                deploymentsOf(),
              )}&limit=50`,
            }),
          },
        ],
      },
      {
        name: 'environments matrix',
        requests: [{ method: 'GET', path: '/api/environments/matrix' }],
      },
      {
        name: 'course search',
        requests: [
          {
            method: 'GET',
            setupRequest: req => ({
              ...req,
              path: `/api/courses/courses?search=${encodeURIComponent(term())}`,
            }),
          },
        ],
      },
    ];

    const rssBefore = (await rssMiB(pid)) ?? 0;
    const results: Result[] = [];
    for (const scenario of scenarios) {
      log(`${scenario.name}: ${DURATION_S} s at ${CONNECTIONS} connections`);
      results.push(await run(baseUrl, token, pid, scenario));
    }

    console.log(
      `Built backend on PostgreSQL, ${DURATION_S} s at ${CONNECTIONS} connections per scenario (autocannon, loopback); ready ${readyS.toFixed(
        0,
      )} s after start, RSS ${rssBefore.toFixed(0)} MiB before the load.`,
    );
    console.log('');
    console.log(
      '| scenario | requests | req/s | p50 | p95 | p99 | errors + non-2xx | RSS peak / end |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const r of results) {
      console.log(
        `| ${r.name} | ${r.requests} | ${r.perSecond.toFixed(
          0,
        )} | ${r.p50.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ${r.p99.toFixed(
          1,
        )} ms | ${r.failures} | ${r.rssPeak.toFixed(0)} / ${r.rssEnd.toFixed(
          0,
        )} MiB |`,
      );
    }
    if (results.some(r => r.failures > 0 || r.requests === 0)) {
      process.exitCode = 1;
    }
  } catch (error) {
    log(
      `backend output (last lines):\n${output
        .split('\n')
        .slice(-30)
        .join('\n')}`,
    );
    throw error;
  } finally {
    if (backend && backend.exitCode === null) {
      backend.kill('SIGTERM');
      await new Promise(resolve => backend!.once('exit', resolve));
    }
    world.close();
    await Promise.all([argocd.close(), kubernetes.close()]);
    const admin = connection('postgres', 1);
    const { rows } = await admin.raw(
      'select datname from pg_database where starts_with(datname, ?)',
      [`${PREFIX}_`],
    );
    for (const { datname } of rows) {
      await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [datname]);
    }
    await admin.destroy();
    await rm(workDir, { recursive: true, force: true });
    log(
      `dropped ${rows.length} databases; ${(
        (performance.now() - benchStarted) /
        1000
      ).toFixed(0)} s in all`,
    );
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
