import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

const BACKEND_DIR = resolvePackagePath('backend');
const REPO_ROOT = path.resolve(BACKEND_DIR, '../..');

/** The static CI token of the embedded default (app-config.yaml). */
export const DEV_CI_TOKEN = 'local-dev-ci-token-not-for-production';

export interface PortalBackend {
  baseUrl: string;
  /** The backend process's id. */
  pid: number;
  /** Everything the process printed so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
  /** Ends the process at once with SIGKILL, as a crashed or evicted pod. */
  kill(): Promise<void>;
}

/**
 * SQLite under a temporary directory; or PostgreSQL, either in one
 * `database` with a schema per plugin, or as production runs it, a database
 * per plugin named `prefix` + plugin id (replicas share them by sharing the
 * prefix).
 */
export type PortalDatabase =
  | { client: 'sqlite' }
  | { client: 'pg'; connectionString: string; database: string }
  | { client: 'pg'; connectionString: string; prefix: string };

export async function freePort(): Promise<number> {
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

function databaseConfig(database: PortalDatabase, workDir: string): object {
  if (database.client === 'sqlite') {
    return {
      client: 'better-sqlite3',
      connection: { directory: path.join(workDir, 'sqlite') },
    };
  }
  const url = new URL(database.connectionString);
  const connection = {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || 'postgres'),
    password: decodeURIComponent(url.password),
  };
  if ('prefix' in database) {
    return { client: 'pg', connection, prefix: database.prefix };
  }
  return {
    client: 'pg',
    connection: { ...connection, database: database.database },
    // One database for the whole backend, one schema per plugin, so the test
    // can drop everything it created in one statement.
    pluginDivisionMode: 'schema',
  };
}

/**
 * Starts the real backend (packages/backend/src/index.ts) as its own process
 * on a free port, with the embedded default config plus the given overrides,
 * and resolves once it reports ready.
 */
export async function startPortalBackend(options: {
  database: PortalDatabase;
  config?: object;
  readyTimeoutMs?: number;
  /**
   * Load src/instrumentation.js (as `yarn start` and the Docker image do)
   * with its Prometheus endpoint on this port; off by default.
   */
  metricsPort?: number;
  /** Extra environment for the process (NODE_ENV defaults to development). */
  env?: Record<string, string>;
}): Promise<PortalBackend> {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-backend-'));
  const override = {
    app: { baseUrl },
    backend: {
      baseUrl,
      listen: { port, host: '127.0.0.1' },
      cors: { origin: baseUrl },
      database: databaseConfig(options.database, workDir),
    },
    techdocs: {
      publisher: {
        type: 'local',
        local: { publishDirectory: path.join(workDir, 'techdocs') },
      },
    },
    ...options.config,
  };
  const overridePath = path.join(workDir, 'app-config.test.json');
  await fs.writeFile(overridePath, JSON.stringify(override));

  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      ...(options.metricsPort !== undefined
        ? ['--require', path.join(BACKEND_DIR, 'src/instrumentation.js')]
        : []),
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.join(BACKEND_DIR, 'src/index.ts'),
      '--config',
      path.join(REPO_ROOT, 'app-config.yaml'),
      '--config',
      overridePath,
    ],
    {
      cwd: BACKEND_DIR,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        ...(options.metricsPort !== undefined && {
          PORTAL_METRICS_PORT: String(options.metricsPort),
          PORTAL_METRICS_HOST: '127.0.0.1',
        }),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', chunk => (output += chunk));
  child.stderr?.on('data', chunk => (output += chunk));
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );

  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await fs.rm(workDir, { recursive: true, force: true });
  };

  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    await fs.rm(workDir, { recursive: true, force: true });
  };

  const handle: PortalBackend = {
    baseUrl,
    pid: child.pid!,
    output: () => output,
    stop,
    kill,
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`The backend exited early:\n${output}`);
    }
    try {
      const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
      if (res.ok) {
        return handle;
      }
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  await stop();
  throw new Error(`The backend was not ready in time:\n${output}`);
}

/** Polls `probe` until it returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) {
        return value;
      }
    } catch (error) {
      lastError = error;
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  throw new Error(`Timed out waiting; last error: ${lastError}`);
}
