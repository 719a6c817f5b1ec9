import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/*
 * The built backend's start-up guard (packages/backend/src/startup/
 * productionGuard.ts): the bundle of `yarn build:backend`, as
 * scripts/production-backend.sh unpacked it for this suite's backend, started
 * with node directly and an explicit environment (not through the script,
 * which fills unset variables), once per missing or unsafe value. Each start
 * must exit non-zero, name the variable on stderr, and never get as far as
 * initializing a plugin. PostgreSQL points at a closed port, so nothing
 * could be written anywhere even if a plugin did start.
 */

const REPO_ROOT = path.resolve(__dirname, '../../..');
const BUNDLED_BACKEND = path.join(
  REPO_ROOT,
  '.data/production-backend/bundle/packages/backend',
);
const PRODUCTION_ONLY = ['--config', 'app-config.production.yaml'];
/** A start on a busy 2-core machine: loading the bundle is most of it. */
const EXIT_WITHIN_MS = 60_000;
const PLUGINS_STARTING = 'Plugin initialization started';

/** The development values committed in app-config.yaml. */
function developmentValues() {
  const text = fs.readFileSync(path.join(REPO_ROOT, 'app-config.yaml'), 'utf8');
  const secretsKey = /^\s+secretsKey:\s*(\S+)\s*$/m.exec(text)?.[1];
  const ciToken = /^\s+token:\s*(local-dev-\S+)\s*$/m.exec(text)?.[1];
  if (!secretsKey || !ciToken) {
    throw new Error('app-config.yaml no longer has its development secrets');
  }
  return { secretsKey, ciToken };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const random = (bytes: number) => randomBytes(bytes).toString('base64');

/** Everything app-config.production.yaml reads, with good values. */
function completeEnvironment(port: number): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    PORTAL_BASE_URL: `http://localhost:${port}`,
    APP_CONFIG_backend_listen: `127.0.0.1:${port}`,
    POSTGRES_HOST: '127.0.0.1',
    POSTGRES_PORT: '1',
    POSTGRES_USER: 'postgres',
    POSTGRES_PASSWORD: 'unused',
    PORTAL_CI_TOKEN: random(24),
    PORTAL_ARGOCD_WEBHOOK_TOKEN: random(24),
    AUTH_SESSION_SECRET: random(32),
    ENVIRONMENTS_SECRETS_KEY: random(32),
    AUTH_OIDC_METADATA_URL:
      'http://127.0.0.1:1/.well-known/openid-configuration',
    AUTH_OIDC_CLIENT_ID: 'developer-portal',
    AUTH_OIDC_CLIENT_SECRET: random(24),
    AUTH_GITHUB_CLIENT_ID: 'developer-portal',
    AUTH_GITHUB_CLIENT_SECRET: random(24),
    GITHUB_TOKEN: random(24),
    ARGOCD_URL: 'http://127.0.0.1:1',
    ARGOCD_USERNAME: 'admin',
    ARGOCD_PASSWORD: random(24),
    K8S_CLUSTER_URL: 'http://127.0.0.1:1',
    K8S_SERVICE_ACCOUNT_TOKEN: random(24),
    PROMETHEUS_URL: 'http://127.0.0.1:1',
  };
}

interface Start {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Starts the bundle and waits for it to exit, or, once it has started its
 * plugins (the guard let it through), stops it.
 */
async function startBundle(
  change: (env: Record<string, string>) => void,
  args = PRODUCTION_ONLY,
): Promise<Start> {
  const env = completeEnvironment(await freePort());
  change(env);
  const started = Date.now();
  const child = spawn(process.execPath, [BUNDLED_BACKEND, ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', chunk => {
    stdout += chunk;
    if (stdout.includes(PLUGINS_STARTING)) {
      child.kill('SIGKILL');
    }
  });
  child.stderr.on('data', chunk => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_WITHIN_MS);
  const exitCode = await new Promise<number | null>(resolve =>
    child.once('exit', code => resolve(code)),
  );
  clearTimeout(timer);
  return { exitCode, stdout, stderr, ms: Date.now() - started };
}

function problemLines(stderr: string): string[] {
  return stderr.split('\n').filter(line => line.startsWith('  - '));
}

const { secretsKey: devSecretsKey, ciToken: devCiToken } = developmentValues();

/** Each start: what to change, and the problems stderr must name. */
const refusals: Record<
  string,
  {
    change: (env: Record<string, string>) => void;
    args?: string[];
    problems: RegExp[];
  }
> = {};
for (const variable of [
  'ENVIRONMENTS_SECRETS_KEY',
  'PORTAL_CI_TOKEN',
  'PORTAL_ARGOCD_WEBHOOK_TOKEN',
  'AUTH_SESSION_SECRET',
  'AUTH_OIDC_CLIENT_SECRET',
  'AUTH_GITHUB_CLIENT_SECRET',
]) {
  refusals[`without ${variable}`] = {
    change: env => delete env[variable],
    problems: [new RegExp(`^ {2}- ${variable} is not set`)],
  };
}
// Empty, short and shared values are the unit tests' (productionGuard.test.ts).
refusals["with app-config.yaml's CI token and secrets key"] = {
  change: env => {
    env.PORTAL_CI_TOKEN = devCiToken;
    env.ENVIRONMENTS_SECRETS_KEY = devSecretsKey;
  },
  problems: [
    /^ {2}- ENVIRONMENTS_SECRETS_KEY is the development value/,
    /^ {2}- PORTAL_CI_TOKEN is the development value/,
  ],
};
refusals[
  'on app-config.yaml + app-config.production.yaml, as the image used to'
] = {
  change: () => {},
  args: ['--config', 'app-config.yaml', ...PRODUCTION_ONLY],
  problems: [/^ {2}- auth\.providers\.guest is configured/],
};

test.describe('the built backend in production refuses to start', () => {
  const results = new Map<string, Start>();

  test.beforeAll(async () => {
    test.setTimeout(300_000);
    expect(
      fs.existsSync(BUNDLED_BACKEND),
      `${BUNDLED_BACKEND} (unpacked by scripts/production-backend.sh)`,
    ).toBe(true);
    // Two at a time, one per core: a start is mostly CPU, loading the bundle.
    const queue = Object.entries(refusals);
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [name, { change, args }] = next;
        results.set(name, await startBundle(change, args));
      }
    };
    await Promise.all([worker(), worker()]);
  });

  for (const [name, { problems }] of Object.entries(refusals)) {
    test(name, () => {
      const start = results.get(name)!;
      const output = `stdout:\n${start.stdout}\nstderr:\n${start.stderr}`;
      expect(start.exitCode, output).not.toBeNull();
      expect(start.exitCode, output).not.toBe(0);
      expect(start.stderr, output).toContain('Refusing to start in production');
      // Those problems and no other: the rest of the environment is fine.
      expect(problemLines(start.stderr), output).toEqual(
        problems.map(problem => expect.stringMatching(problem)),
      );
      // It exited before it initialized any plugin.
      expect(start.stdout, output).not.toContain(PLUGINS_STARTING);
      expect(start.ms).toBeLessThan(EXIT_WITHIN_MS);
    });
  }

  test('but gets to its plugins with every variable set', async () => {
    test.setTimeout(EXIT_WITHIN_MS + 30_000);
    const start = await startBundle(() => {});
    const output = `stdout:\n${start.stdout}\nstderr:\n${start.stderr}`;
    expect(start.stderr, output).not.toContain('Refusing to start');
    expect(start.stdout, output).toContain(PLUGINS_STARTING);
  });
});
