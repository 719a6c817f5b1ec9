import { ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A real Prometheus (Debian's `prometheus` package) for tests: started on a
 * free loopback port with a given config, in a temporary data directory, and
 * removed again by `close()`. Prometheus is not a double: the tests of the
 * golden-signals backend and of the demo exporter run their PromQL against
 * the real thing.
 */

/** Where Debian installs it; `PORTAL_PROMETHEUS_BIN` overrides. */
export const DEFAULT_PROMETHEUS_BINARY = '/usr/bin/prometheus';

/** The repo's demo Prometheus config and rules (demo/prometheus). */
export const DEMO_PROMETHEUS_DIR = path.resolve(
  // This package only ever runs from source inside the repo (dev start and
  // tests), never from a production build.
  // eslint-disable-next-line no-restricted-syntax
  __dirname,
  '../../../../demo/prometheus',
);

/** The Prometheus binary to run, or undefined when it is not installed. */
export function findPrometheusBinary(): string | undefined {
  const binary = process.env.PORTAL_PROMETHEUS_BIN || DEFAULT_PROMETHEUS_BINARY;
  try {
    accessSync(binary, constants.X_OK);
    return binary;
  } catch {
    return undefined;
  }
}

/** Why tests that need Prometheus do not run, for skip messages. */
export function prometheusMissingMessage(): string {
  const binary = process.env.PORTAL_PROMETHEUS_BIN || DEFAULT_PROMETHEUS_BINARY;
  return (
    `Prometheus is not installed (${binary} missing): skipping the tests that ` +
    `need a real Prometheus. Install Debian's package with ` +
    `"apt-get install prometheus" (scripts/test.sh does it through ` +
    `scripts/bootstrap.sh).`
  );
}

type DescribeFn = (name: string, fn: () => void) => void;
type Jestish = {
  describe: DescribeFn & { skip: DescribeFn };
  it: (name: string, fn: () => void | Promise<void>) => void;
};

/**
 * `describe`, when Prometheus is installed. Otherwise the block is skipped
 * with a console warning that says why, never silently; and under CI
 * (`CI=true`, where scripts/test.sh installs the package), a missing binary
 * is a failing test instead.
 */
export function describeWithPrometheus(name: string, fn: () => void): void {
  const { describe, it } = globalThis as unknown as Jestish;
  if (findPrometheusBinary()) {
    describe(name, fn);
    return;
  }
  const message = prometheusMissingMessage();
  if (process.env.CI) {
    describe(name, () => {
      it('needs Prometheus, which CI installs', () => {
        throw new Error(message);
      });
    });
    return;
  }
  // eslint-disable-next-line no-console
  console.warn(message);
  describe.skip(`${name} (skipped: Prometheus is not installed)`, fn);
}

export interface StartPrometheusOptions {
  /**
   * prometheus.yml as YAML text, written to a temporary directory (relative
   * `rule_files` resolve against it; see `files`). Give this or `configFile`.
   */
  config?: string;
  /** An existing config file, used as is. */
  configFile?: string;
  /** Extra files written next to `config`, by relative path (e.g. rules). */
  files?: Record<string, string>;
  /** Default: a free port on 127.0.0.1. */
  port?: number;
  /** Default: findPrometheusBinary(). */
  binary?: string;
  /** Default 30 s. */
  readyTimeoutMs?: number;
  /** More command-line flags. */
  args?: string[];
}

/** One element of an instant vector from the HTTP API. */
export interface PrometheusSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface PrometheusTarget {
  labels: Record<string, string>;
  scrapePool: string;
  scrapeUrl: string;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
}

export interface RunningPrometheus {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  configFile: string;
  dataDir: string;
  /** An instant query; throws on a Prometheus error. */
  query(promql: string, time?: Date): Promise<PrometheusSample[]>;
  /** Active scrape targets, as /api/v1/targets reports them. */
  targets(): Promise<PrometheusTarget[]>;
  /** Waits until every active target (of `jobs`, if given) was scraped successfully. */
  waitForTargets(options?: {
    jobs?: string[];
    timeoutMs?: number;
  }): Promise<void>;
  /** Polls `promql` until it returns at least one sample. */
  waitForSamples(
    promql: string,
    timeoutMs?: number,
  ): Promise<PrometheusSample[]>;
  /** POST /-/reload (the process runs with --web.enable-lifecycle). */
  reload(): Promise<void>;
  /** Everything the process printed so far, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function apiGet<T>(url: string): Promise<T> {
  const res = await fetch(url);
  const body = (await res.json()) as {
    status: string;
    data: T;
    error?: string;
  };
  if (body.status !== 'success') {
    throw new Error(`Prometheus answered ${res.status}: ${body.error}`);
  }
  return body.data;
}

/**
 * Starts Prometheus and resolves once `/-/ready` answers. Use port 0 /
 * the default for tests; the process is killed by `close()`.
 */
export async function startPrometheus(
  options: StartPrometheusOptions,
): Promise<RunningPrometheus> {
  const binary = options.binary ?? findPrometheusBinary();
  if (!binary) throw new Error(prometheusMissingMessage());
  if (!options.config === !options.configFile) {
    throw new Error('startPrometheus needs exactly one of config, configFile');
  }
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'prometheus-'));
  let configFile = options.configFile;
  if (options.config !== undefined) {
    configFile = path.join(workDir, 'prometheus.yml');
    await fs.writeFile(configFile, options.config);
    for (const [relative, content] of Object.entries(options.files ?? {})) {
      const target = path.join(workDir, relative);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, content);
    }
  }
  const dataDir = path.join(workDir, 'data');

  // A free port can be taken between the probe and Prometheus' bind; retry.
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await launch(binary, configFile!, dataDir, workDir, port, options);
    } catch (error) {
      lastError = error as Error;
      if (
        options.port !== undefined ||
        !/address already in use/.test(String(error))
      ) {
        break;
      }
    }
  }
  await fs.rm(workDir, { recursive: true, force: true });
  throw lastError;
}

async function launch(
  binary: string,
  configFile: string,
  dataDir: string,
  workDir: string,
  port: number,
  options: StartPrometheusOptions,
): Promise<RunningPrometheus> {
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-lifecycle',
      ...(options.args ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', chunk => (output += chunk));
  child.stderr?.on('data', chunk => (output += chunk));
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  child.once('error', error => (output += `\n${error}`));

  let closed = false;
  const stopProcess = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const close = async () => {
    if (closed) return;
    closed = true;
    await stopProcess();
    await fs.rm(workDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Prometheus exited before it was ready:\n${output}`);
    }
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopProcess();
      throw new Error(`Prometheus was not ready in time:\n${output}`);
    }
    await sleep(200);
  }

  const query = async (promql: string, time?: Date) => {
    const params = new URLSearchParams({ query: promql });
    if (time) params.set('time', String(time.getTime() / 1000));
    const data = await apiGet<{
      resultType: string;
      result: PrometheusSample[];
    }>(`${url}/api/v1/query?${params}`);
    if (data.resultType !== 'vector') {
      throw new Error(`expected a vector, got ${data.resultType}`);
    }
    return data.result;
  };
  const targets = async () =>
    (
      await apiGet<{ activeTargets: PrometheusTarget[] }>(
        `${url}/api/v1/targets`,
      )
    ).activeTargets;

  return {
    url,
    configFile,
    dataDir,
    query,
    targets,
    async waitForTargets({ jobs, timeoutMs = 30_000 } = {}) {
      const until = Date.now() + timeoutMs;
      let last: PrometheusTarget[] = [];
      while (Date.now() < until) {
        last = (await targets()).filter(
          t => !jobs || jobs.includes(t.labels.job ?? t.scrapePool),
        );
        const pools = new Set(last.map(t => t.labels.job ?? t.scrapePool));
        const complete = !jobs || jobs.every(job => pools.has(job));
        if (complete && last.length > 0 && last.every(t => t.health === 'up')) {
          return;
        }
        await sleep(250);
      }
      throw new Error(
        `Prometheus targets not up in time: ${JSON.stringify(
          last.map(t => ({
            url: t.scrapeUrl,
            health: t.health,
            error: t.lastError,
          })),
        )}`,
      );
    },
    async waitForSamples(promql, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      let lastError: unknown;
      while (Date.now() < until) {
        try {
          const result = await query(promql);
          if (result.length > 0) return result;
        } catch (error) {
          lastError = error;
        }
        await sleep(250);
      }
      throw new Error(
        `no samples for ${promql} in time${lastError ? `: ${lastError}` : ''}`,
      );
    },
    async reload() {
      const res = await fetch(`${url}/-/reload`, { method: 'POST' });
      if (!res.ok)
        throw new Error(`reload failed: ${res.status} ${await res.text()}`);
    },
    output: () => output,
    close,
  };
}

/** A prometheus.yml scraping `targets` (job name → host:port or URL). */
export function prometheusConfig(options: {
  targets: Record<string, string>;
  /** Default 1s, so tests see a few samples quickly. */
  scrapeInterval?: string;
  /** Rule files or globs; absolute, or relative to the config file. */
  ruleFiles?: string[];
}): string {
  const interval = options.scrapeInterval ?? '1s';
  const lines = [
    'global:',
    `  scrape_interval: ${interval}`,
    `  evaluation_interval: ${interval}`,
  ];
  if (options.ruleFiles?.length) {
    lines.push('rule_files:');
    for (const file of options.ruleFiles)
      lines.push(`  - ${JSON.stringify(file)}`);
  }
  lines.push('scrape_configs:');
  for (const [job, target] of Object.entries(options.targets)) {
    const parsed = /^https?:\/\//.test(target) ? new URL(target) : undefined;
    const address = parsed ? parsed.host : target;
    lines.push(
      `  - job_name: ${JSON.stringify(job)}`,
      '    honor_labels: true',
      ...(parsed && parsed.pathname !== '/'
        ? [`    metrics_path: ${JSON.stringify(parsed.pathname)}`]
        : []),
      ...(parsed?.protocol === 'https:' ? ['    scheme: https'] : []),
      '    static_configs:',
      `      - targets: [${JSON.stringify(address)}]`,
    );
  }
  return `${lines.join('\n')}\n`;
}
