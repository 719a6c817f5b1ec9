/*
 * The portal backend in-process, for the security tests: what index.ts
 * runs (the production guard, the portal's root HTTP router, the start-up
 * locked database, every plugin and module of ./features) on the
 * framework's real services (`createBackend()` of @backstage/backend-defaults,
 * as index.ts), so user tokens, their ownership claims, static
 * external-access tokens and their accessRestrictions, the root router's
 * middleware and error bodies behave as in production; a fresh database per run (SQLite or
 * PostgreSQL); the embedded default's config (app-config.yaml) with its
 * doubles started on free ports; and the demo catalog.
 *
 * Not startTestBackend: it insists on its own root HTTP router (no helmet,
 * CORS or configured listener) and mock auth services; only the config and
 * the root logger are replaced here.
 *
 * Users sign in through the test-only `test-users` provider
 * (testUsersAuthModule.ts): `tokenFor('maya-chen')` is the token a real
 * sign-in of user:default/maya-chen gives.
 */
import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import type {
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/config';
import {
  createDemoWorld,
  DemoWorld,
  RunningDouble,
  startArgoCdDouble,
  startKubernetesDouble,
} from '@internal/local-doubles';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { startupLockedDatabaseServiceFactory } from '../database/startupLockedDatabaseServiceFactory';
import { portalFeatures } from '../features';
import { portalRootHttpRouterServiceFactory } from '../http/rootHttpRouter';
import { productionGuardServiceFactory } from '../startup/productionGuard';
import { LoggedError, RecordingRootLogger } from './RecordingRootLogger';
import { eventually, freePort } from '../testing/startPortalBackend';
import {
  TEST_USER_HEADER,
  TEST_USERS_PROVIDER_ID,
  testUsersAuthModule,
} from './testUsersAuthModule';

const BACKEND_DIR = path.resolve(__dirname, '../..');
const REPO_ROOT = path.resolve(BACKEND_DIR, '../..');

/**
 * Users of the demo catalog (demo/catalog/org.yaml), by the role a test
 * needs. Only platform-team is an admin group (permission.portal.adminGroups).
 */
export const TEST_USERS = {
  /** platform-team: an admin. */
  admin: 'priya-raman',
  /**
   * learning-team: owns component:default/course-service and the preview
   * environment resource:default/preview-course-service-pr-42.
   */
  learningTeamMember: 'maya-chen',
  /** jobs-team: owns component:default/jobs-api; nothing of learning-team's. */
  jobsTeamMember: 'sofia-martins',
  /** sre-team: owns no component at all. */
  sreTeamMember: 'hannah-kim',
} as const;

/**
 * Who sends a request: a user of the catalog by name (`'maya-chen'`), nobody,
 * the CI pipelines' static token, the argocd-notifications webhook's static
 * token, or any token.
 */
export type Actor =
  | 'anonymous'
  | 'ci'
  | 'argocd-webhook'
  | (string & {})
  | { token: string };

export interface PortalRequestOptions {
  as: Actor;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is, as `application/json` unless `headers` say otherwise. */
  rawBody?: string | Buffer;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
}

export interface PortalResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body; undefined when the body is empty or not JSON. */
  body: any;
}

export interface PortalTestBackend {
  baseUrl: string;
  databaseId: TestDatabaseId;
  /** The static token of `ci-pipelines` (restricted to the deployments plugin). */
  ciToken: string;
  /** The static token of `argocd-notifications` (restricted to the deployments plugin). */
  argoWebhookToken: string;
  /** A real user token of user:default/<userName>, from the test-users sign-in. */
  tokenFor(userName: string): Promise<string>;
  /**
   * The ownership claims the plugins see for that user's token: the auth
   * backend keeps them out of the token (auth.omitIdentityTokenOwnershipClaim
   * defaults to true) and the userInfo service reads them from
   * /api/auth/v1/userinfo, as this does.
   */
  ownershipOf(userName: string): Promise<string[]>;
  request(
    method: string,
    path: string,
    options: PortalRequestOptions,
  ): Promise<PortalResponse>;
  /** The state behind the ArgoCD and Kubernetes doubles, e.g. to assert that nothing synced. */
  world: DemoWorld;
  argocdUrl: string;
  kubernetesUrl: string;
  /** Errors the backend logged (5xx answers among them), for failure messages. */
  loggedErrors(): readonly LoggedError[];
  stop(): Promise<void>;
}

export interface PortalTestBackendOptions {
  databases: TestDatabases;
  databaseId: TestDatabaseId;
  /**
   * Prometheus' URL; by default a local port nothing listens on, so routes
   * that ask Prometheus answer 503.
   */
  prometheusUrl?: string;
  /** Merged over the test config (objects merge, arrays replace). */
  config?: JsonObject;
  /** Catalog files (absolute paths) registered next to the demo catalog. */
  extraCatalogFiles?: string[];
}

const KUBERNETES_TOKEN = 'local-double-token';

function readYaml(file: string): JsonObject {
  return parseYaml(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'));
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Backstage's config layering: objects merge, everything else replaces. */
function mergeConfig(base: JsonObject, over: JsonObject): JsonObject {
  const merged: JsonObject = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = merged[key];
    merged[key] =
      isObject(current) && isObject(value)
        ? mergeConfig(current, value)
        : value;
  }
  return merged;
}

/** app-config.yaml's file targets are relative to packages/backend. */
function resolveFileTargets(locations: unknown): unknown {
  return (locations as Array<{ type?: string; target: string }>).map(location =>
    location.type === 'file'
      ? { ...location, target: path.resolve(BACKEND_DIR, location.target) }
      : location,
  );
}

/**
 * Production's static external-access tokens (`app-config.production.yaml`:
 * subjects and accessRestrictions exactly as deployed), with test values for
 * the environment variables they read.
 */
function productionExternalAccess(tokens: Record<string, string>): unknown[] {
  const production = readYaml('app-config.production.yaml') as any;
  const entries: unknown[] = production.backend?.auth?.externalAccess ?? [];
  const substituted = JSON.parse(
    JSON.stringify(entries).replace(/\$\{(\w+)\}/g, (placeholder, name) => {
      if (!(name in tokens)) {
        throw new Error(
          `app-config.production.yaml: backend.auth.externalAccess reads ${placeholder}, which the test backend has no value for`,
        );
      }
      return tokens[name];
    }),
  );
  for (const token of Object.values(tokens)) {
    if (!JSON.stringify(substituted).includes(token)) {
      throw new Error(
        'app-config.production.yaml: backend.auth.externalAccess no longer has the static tokens the test backend expects',
      );
    }
  }
  return substituted;
}

/**
 * The embedded default's config (app-config.yaml) with what differs in a
 * test: this run's database, ports, doubles and temporary directories; the
 * test-users sign-in instead of the guest (the auth backend refuses the
 * guest outside NODE_ENV=development); production's external-access tokens
 * and restrictions; no demo deployment history (tests seed their own).
 */
function testConfig(options: {
  appConfig: JsonObject;
  baseUrl: string;
  port: number;
  database: JsonObject;
  workDir: string;
  argocdUrl: string;
  kubernetesUrl: string;
  prometheusUrl: string;
  ciToken: string;
  argoWebhookToken: string;
  overrides?: JsonObject;
  extraCatalogFiles?: string[];
}): JsonObject {
  const config = structuredClone(options.appConfig) as any;
  // Placeholders for secrets this test does not use (${GITHUB_TOKEN}).
  delete config.integrations;

  config.app = {
    ...config.app,
    baseUrl: options.baseUrl,
    // The app backend must not write this config into a built frontend.
    disableConfigInjection: true,
    disableStaticFallbackCache: true,
  };
  config.backend = {
    ...config.backend,
    baseUrl: options.baseUrl,
    listen: { port: options.port, host: '127.0.0.1' },
    cors: { ...config.backend.cors, origin: options.baseUrl },
    database: options.database,
    auth: {
      ...config.backend.auth,
      externalAccess: productionExternalAccess({
        PORTAL_CI_TOKEN: options.ciToken,
        PORTAL_ARGOCD_WEBHOOK_TOKEN: options.argoWebhookToken,
      }),
    },
  };
  config.auth = {
    environment: 'development',
    providers: { [TEST_USERS_PROVIDER_ID]: {} },
  };
  config.techdocs.publisher = {
    type: 'local',
    local: { publishDirectory: path.join(options.workDir, 'techdocs') },
  };
  config.scaffolder.localGit = {
    directory: path.join(options.workDir, 'local-git'),
  };
  config.catalog.locations = [
    ...(resolveFileTargets(config.catalog.locations) as unknown[]),
    ...(options.extraCatalogFiles ?? []).map(target => ({
      type: 'file',
      target,
    })),
  ];
  config.courses.locations = resolveFileTargets(config.courses.locations);
  config.courses.schedule = {
    ...config.courses.schedule,
    initialDelay: { seconds: 0 },
  };
  // Search indexing is not under test here; it only competes for the CPU.
  for (const collator of Object.values(config.search.collators) as any[]) {
    collator.schedule.initialDelay = { hours: 1 };
  }
  config.kubernetes.clusterLocatorMethods = [
    {
      type: 'config',
      clusters: [
        {
          name: 'local-double',
          url: options.kubernetesUrl,
          authProvider: 'serviceAccount',
          serviceAccountToken: KUBERNETES_TOKEN,
          skipTLSVerify: true,
          skipMetricsLookup: true,
        },
      ],
    },
  ];
  config.argocd.appLocatorMethods = [
    {
      type: 'config',
      instances: [{ name: 'local-double', url: options.argocdUrl }],
    },
  ];
  config.deployments.demoData = { enabled: false };
  config.environments.secretsKey = randomBytes(32).toString('base64');
  config.prometheus.instances = [{ name: 'local', url: options.prometheusUrl }];

  return options.overrides ? mergeConfig(config, options.overrides) : config;
}

/**
 * SQLite: an in-memory database per plugin, as the framework gives them.
 * PostgreSQL: one fresh database from TestDatabases, a schema per plugin.
 */
async function databaseConfig(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
): Promise<JsonObject> {
  if (databaseId.startsWith('SQLITE')) {
    return { client: 'better-sqlite3', connection: ':memory:' };
  }
  const knex = await databases.init(databaseId);
  const connection = (knex.client.config as { connection: JsonObject })
    .connection;
  return { client: 'pg', connection, pluginDivisionMode: 'schema' };
}

function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function startPortalTestBackend(
  options: PortalTestBackendOptions,
): Promise<PortalTestBackend> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-test-'));
  const world = createDemoWorld();
  const doubles: RunningDouble[] = [];
  const rootLogger = RecordingRootLogger.create();
  let stopBackend: (() => Promise<void>) | undefined;

  const stop = async () => {
    await stopBackend?.();
    world.close();
    await Promise.all(doubles.map(double => double.close()));
    fs.rmSync(workDir, { recursive: true, force: true });
  };

  try {
    const appConfig = readYaml('app-config.yaml') as any;
    // The double accepts the account app-config.yaml logs in with.
    const argocd = await startArgoCdDouble({
      port: 0,
      world,
      username: appConfig.argocd.username,
      password: appConfig.argocd.password,
    });
    doubles.push(argocd);
    const kubernetes = await startKubernetesDouble({
      port: 0,
      world,
      token: KUBERNETES_TOKEN,
    });
    doubles.push(kubernetes);

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const ciToken = randomToken();
    const argoWebhookToken = randomToken();
    const data = testConfig({
      appConfig,
      baseUrl,
      port,
      database: await databaseConfig(options.databases, options.databaseId),
      workDir,
      argocdUrl: argocd.url,
      kubernetesUrl: kubernetes.url,
      prometheusUrl:
        options.prometheusUrl ?? `http://127.0.0.1:${await freePort()}`,
      ciToken,
      argoWebhookToken,
      overrides: options.config,
      extraCatalogFiles: options.extraCatalogFiles,
    });

    const backend = createBackend();
    for (const feature of [
      // What index.ts adds besides the features, in its order.
      productionGuardServiceFactory,
      portalRootHttpRouterServiceFactory,
      startupLockedDatabaseServiceFactory,
      ...portalFeatures,
      testUsersAuthModule,
      mockServices.rootConfig.factory({ data }),
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => rootLogger,
      }),
    ]) {
      backend.add(feature);
    }
    stopBackend = () => backend.stop();
    await backend.start();

    const tokens = new Map<string, string>();
    const signIn = async (userName: string) => {
      const res = await fetch(
        `${baseUrl}/api/auth/${TEST_USERS_PROVIDER_ID}/refresh`,
        { headers: { [TEST_USER_HEADER]: userName } },
      );
      if (!res.ok) {
        throw new Error(
          `Signing in ${userName} answered ${res.status}: ${await res.text()}`,
        );
      }
      const { backstageIdentity } = await res.json();
      return backstageIdentity.token as string;
    };
    const tokenFor = async (userName: string) => {
      let token = tokens.get(userName);
      if (!token) {
        token = await signIn(userName);
        tokens.set(userName, token);
      }
      return token;
    };

    const authorization = async (actor: Actor) => {
      if (typeof actor === 'object') return `Bearer ${actor.token}`;
      switch (actor) {
        case 'anonymous':
          return undefined;
        case 'ci':
          return `Bearer ${ciToken}`;
        case 'argocd-webhook':
          return `Bearer ${argoWebhookToken}`;
        default:
          return `Bearer ${await tokenFor(actor)}`;
      }
    };

    const request = async (
      method: string,
      requestPath: string,
      requestOptions: PortalRequestOptions,
    ): Promise<PortalResponse> => {
      const url = new URL(requestPath, baseUrl);
      for (const [key, value] of Object.entries(requestOptions.query ?? {})) {
        if (value !== undefined) url.searchParams.set(key, String(value));
      }
      const headers: Record<string, string> = {};
      const auth = await authorization(requestOptions.as);
      if (auth) headers.Authorization = auth;
      let body: string | Buffer | undefined = requestOptions.rawBody;
      if (body === undefined && requestOptions.body !== undefined) {
        body = JSON.stringify(requestOptions.body);
      }
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      Object.assign(headers, requestOptions.headers);

      const res = await fetch(url, { method, headers, body });
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: res.status, headers: res.headers, text, body: parsed };
    };

    const ownershipOf = async (userName: string): Promise<string[]> => {
      const res = await request('GET', '/api/auth/v1/userinfo', {
        as: userName,
      });
      if (res.status !== 200) {
        throw new Error(
          `userinfo of ${userName} answered ${res.status}: ${res.text}`,
        );
      }
      return res.body.claims.ent ?? [];
    };

    await waitForCatalogFixture(ownershipOf, tokens, request);

    return {
      baseUrl,
      databaseId: options.databaseId,
      ciToken,
      argoWebhookToken,
      tokenFor,
      ownershipOf,
      request,
      world,
      argocdUrl: argocd.url,
      kubernetesUrl: kubernetes.url,
      loggedErrors: () => rootLogger.errors(),
      stop,
    };
  } catch (error) {
    await stop().catch(() => {});
    const logged = rootLogger
      .errors()
      .map(e => `${e.message}: ${e.error?.stack ?? e.error?.message ?? ''}`)
      .join('\n');
    throw logged
      ? new Error(`${error}\nThe backend logged:\n${logged}`)
      : error;
  }
}

/**
 * Waits until the catalog has ingested what the tests rely on: the users
 * with their group memberships (so their tokens carry them), and the
 * components and environments with their owners.
 */
async function waitForCatalogFixture(
  ownershipOf: (userName: string) => Promise<string[]>,
  tokens: Map<string, string>,
  request: PortalTestBackend['request'],
) {
  const memberships: Array<[string, string]> = [
    [TEST_USERS.admin, 'group:default/platform-team'],
    [TEST_USERS.learningTeamMember, 'group:default/learning-team'],
    [TEST_USERS.jobsTeamMember, 'group:default/jobs-team'],
    [TEST_USERS.sreTeamMember, 'group:default/sre-team'],
  ];
  await eventually(async () => {
    for (const [userName, group] of memberships) {
      // A token issued before the memberships were stitched lacks them.
      tokens.delete(userName);
      if (!(await ownershipOf(userName)).includes(group)) {
        return undefined;
      }
    }
    return true;
  }, 120_000);

  const owned: Array<[string, string]> = [
    ['component/default/course-service', 'group:default/learning-team'],
    ['component/default/jobs-api', 'group:default/jobs-team'],
    ['resource/default/development', 'group:default/platform-team'],
    ['resource/default/staging', 'group:default/platform-team'],
    ['resource/default/production', 'group:default/platform-team'],
    [
      'resource/default/preview-course-service-pr-42',
      'group:default/learning-team',
    ],
  ];
  await eventually(async () => {
    for (const [entity, owner] of owned) {
      const res = await request(
        'GET',
        `/api/catalog/entities/by-name/${entity}`,
        {
          as: TEST_USERS.admin,
        },
      );
      const relations: Array<{ type: string; targetRef: string }> =
        res.body?.relations ?? [];
      if (!relations.some(r => r.type === 'ownedBy' && r.targetRef === owner)) {
        return undefined;
      }
    }
    return true;
  }, 120_000);
}
