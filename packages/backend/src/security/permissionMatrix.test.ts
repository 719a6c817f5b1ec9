/*
 * The permission matrix of docs/security.md, enforced: every row of its
 * write-route table is sent as every actor against the in-process portal
 * backend (real sign-in tokens, real static tokens with production's
 * accessRestrictions, the real policy), and the status must be the one the
 * table gives. A denied request must change nothing: each scenario reads back
 * what its route may change, before and after. Every non-GET operation of
 * every portal OpenAPI spec needs a row, and every permission a plugin
 * registers needs a row in the upstream table. On SQLite and PostgreSQL.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  findPrometheusBinary,
  prometheusConfig,
  RunningPrometheus,
  startPrometheus,
} from '@internal/local-doubles';
import {
  Actor,
  PortalTestBackend,
  startPortalTestBackend,
  TEST_USERS,
} from '../__testUtils__/portalTestBackend';
import {
  describeOperation,
  readPortalOperations,
} from '../__testUtils__/portalOpenApi';

jest.setTimeout(600_000);

const SECURITY_DOC = path.resolve(__dirname, '../../../../docs/security.md');
const JOBS_ENVIRONMENTS = path.resolve(
  __dirname,
  '../__testUtils__/fixtures/jobs-team-environments.yaml',
);

/** The actor columns of the tables, and who plays each. */
const ACTORS: Record<string, Actor> = {
  anonymous: 'anonymous',
  engineer: TEST_USERS.sreTeamMember,
  'learning-team': TEST_USERS.learningTeamMember,
  'jobs-team': TEST_USERS.jobsTeamMember,
  admin: TEST_USERS.admin,
  'CI token': 'ci',
  'ArgoCD webhook': 'argocd-webhook',
};
type ActorColumn = keyof typeof ACTORS;

// --- The tables of docs/security.md ----------------------------------------

interface Row {
  cells: Record<string, string>;
}

/** The rows of the markdown table that follows `heading`. */
function readTable(doc: string, heading: string): Row[] {
  const start = doc.indexOf(`\n## ${heading}\n`);
  if (start < 0) {
    throw new Error(`docs/security.md has no section "## ${heading}"`);
  }
  const section = doc.slice(start + heading.length + 5).split('\n## ')[0];
  const lines = section.split('\n').filter(line => line.startsWith('|'));
  const split = (line: string) =>
    line
      .slice(1, -1)
      .split('|')
      .map(cell => cell.trim().replace(/`/g, ''));
  const [header, , ...body] = lines;
  const columns = split(header);
  return body.map(line => {
    const values = split(line);
    return {
      cells: Object.fromEntries(columns.map((c, i) => [c, values[i] ?? ''])),
    };
  });
}

const doc = fs.readFileSync(SECURITY_DOC, 'utf8');
const routeRows = readTable(
  doc,
  "Permission matrix: the portal's write routes",
);
const permissionRows = readTable(doc, 'Upstream and portal permissions');

// --- Scenarios: how each row's request is made, and what it may change -----

interface Prepared {
  method: string;
  path: string;
  body?: unknown;
  query?: Record<string, string>;
  headers?: Record<string, string>;
}

interface Scenario {
  /** Builds one actor's request, creating what it acts on first. */
  prepare(backend: PortalTestBackend, id: string): Promise<Prepared>;
  /** What the route may change, read as an admin. */
  state(backend: PortalTestBackend, id: string): Promise<unknown>;
  /** Undoes what a request that was allowed left behind, if it matters. */
  cleanup?(backend: PortalTestBackend, id: string): Promise<void>;
}

const COURSE_SERVICE = 'component:default/course-service';
const JOBS_API = 'component:default/jobs-api';

async function admin(
  backend: PortalTestBackend,
  method: string,
  url: string,
  body?: unknown,
  as: Actor = TEST_USERS.admin,
) {
  const res = await backend.request(method, url, { as, body });
  if (res.status >= 400) {
    throw new Error(
      `set-up ${method} ${url} answered ${res.status}: ${res.text}`,
    );
  }
  return res.body;
}

const deployment = (
  id: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> => ({
  entityRef: COURSE_SERVICE,
  environment: 'development',
  version: `1.0.0-${id}`,
  commitSha: randomBytes(20).toString('hex'),
  status: 'succeeded',
  startedAt: '2026-11-20T10:00:00Z',
  finishedAt: '2026-11-20T10:04:00Z',
  source: 'ci',
  sourceId: `matrix/${id}`,
  ...overrides,
});

async function storedDeployment(backend: PortalTestBackend, id: string) {
  const body = await admin(
    backend,
    'GET',
    '/api/deployments/deployments?limit=500',
  );
  const found = body.items.find((d: any) => d.sourceId === `matrix/${id}`);
  return found
    ? pick(found, ['entityRef', 'status', 'recordedBy', 'triggeredBy'])
    : null;
}

function pick(value: any, keys: string[]) {
  return Object.fromEntries(keys.map(key => [key, value?.[key]]));
}

async function environment(backend: PortalTestBackend, name: string) {
  const body = await admin(backend, 'GET', '/api/environments/environments');
  const found = body.items.find((e: any) => e.name === name);
  return found ? pick(found, ['name', 'expiresAt', 'locked', 'owner']) : null;
}

async function configValue(
  backend: PortalTestBackend,
  env: string,
  key: string,
) {
  const body = await admin(
    backend,
    'GET',
    `/api/environments/environments/${env}/config`,
  );
  const entry = body.items.find((e: any) => e.key === key);
  return entry ? entry.value ?? entry.secret : null;
}

async function createPreview(backend: PortalTestBackend, id: string) {
  await admin(backend, 'POST', '/api/environments/environments', {
    name: `mx-${id}`,
    tier: 'preview',
    ttl: 'PT2H',
    service: COURSE_SERVICE,
  });
  return `mx-${id}`;
}

const course = (id: string, title = `Matrix course ${id}`) => ({
  id: `matrix-${id}`,
  title,
  summary: 'A course the permission matrix writes.',
  category: 'onboarding',
  level: 'beginner',
  tags: ['matrix'],
  estimatedMinutes: 5,
  owner: 'group:default/learning-team',
  modules: [
    {
      id: 'only',
      title: 'Only module',
      lessons: [
        { id: 'first', title: 'First', type: 'markdown', body: 'Hello.' },
      ],
    },
  ],
});

async function storedCourse(backend: PortalTestBackend, id: string) {
  const res = await backend.request(
    'GET',
    `/api/courses/courses/matrix-${id}`,
    {
      as: TEST_USERS.admin,
    },
  );
  return res.status === 404 ? null : pick(res.body, ['title', 'owner']);
}

async function enrolments(backend: PortalTestBackend, id: string) {
  const res = await backend.request(
    'GET',
    `/api/courses/courses/matrix-${id}/teams/${encodeURIComponent(
      'group:default/learning-team',
    )}`,
    { as: TEST_USERS.admin },
  );
  return res.body;
}

async function locksOf(backend: PortalTestBackend, env: string) {
  const body = await admin(
    backend,
    'GET',
    `/api/environments/locks?environment=${env}`,
  );
  return body.items.map((lock: any) => lock.id).sort();
}

async function freezeWindowsOf(backend: PortalTestBackend, env: string) {
  const body = await admin(
    backend,
    'GET',
    `/api/environments/freeze-windows?environment=${env}`,
  );
  return body.items.map((w: any) => w.id).sort();
}

async function promotionsOf(backend: PortalTestBackend) {
  const body = await admin(
    backend,
    'GET',
    `/api/environments/promotions?entityRef=${encodeURIComponent(
      COURSE_SERVICE,
    )}&limit=500`,
  );
  return body.items.map((p: any) => p.id).sort();
}

/** A trusted record (the CI token's) of a version in `environment`. */
async function builtBy(
  backend: PortalTestBackend,
  id: string,
  environmentName: string,
) {
  await admin(
    backend,
    'POST',
    '/api/deployments/deployments',
    deployment(id, { environment: environmentName }),
    'ci',
  );
}

/**
 * Waits until the double's sync of `app` (if a promotion started one) has
 * finished: like a real ArgoCD, it refuses a second sync while one runs.
 */
async function syncSettled(backend: PortalTestBackend, app: string) {
  const deadline = Date.now() + 30_000;
  while (
    backend.world.getApplication(app)?.status?.operationState?.phase ===
    'Running'
  ) {
    if (Date.now() > deadline) {
      throw new Error(`the sync of ${app} did not finish`);
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

const argoApplication = (backend: PortalTestBackend, name: string) =>
  backend.world.listApplications().some(app => app.metadata.name === name);

/** The users the permission table has a column for. */
const PERMISSION_COLUMNS = [
  'engineer',
  'learning-team',
  'jobs-team',
  'admin',
] as const;

/** What the test creates for the tables to refer to. */
const fixtures: { taskOfMaya?: string } = {};

/** The resourceRef a permission row names; `—` for a basic permission. */
function resourceOf(cell: string): string | undefined {
  if (cell === '—') {
    return undefined;
  }
  if (cell === '{a task maya-chen started}') {
    return fixtures.taskOfMaya;
  }
  // `matrix-course (owned by learning-team)`: the ref, then a note.
  return cell.split(' ')[0];
}

/** A scaffolder task of the preview template, started by `userName`. */
async function startTaskAs(backend: PortalTestBackend, userName: string) {
  const task = await admin(
    backend,
    'POST',
    '/api/scaffolder/v2/tasks',
    {
      templateRef: 'template:default/preview-environment',
      values: {
        service: COURSE_SERVICE,
        suffix: 'matrix',
        ttl: 'PT24H',
      },
    },
    userName,
  );
  return task.id as string;
}

/** The plugins of features.ts that register permissions with the framework. */
const PLUGINS_WITH_PERMISSIONS = [
  'catalog',
  'scaffolder',
  'kubernetes',
  'notifications',
  'search',
  'deployments',
  'environments',
  'courses',
  'prometheus',
];

const SCENARIOS: Record<string, Scenario> = {
  // --- Deployment history ---------------------------------------------------
  'record a new deployment of course-service': {
    prepare: async (_, id) => ({
      method: 'POST',
      path: '/api/deployments/deployments',
      body: deployment(id),
    }),
    state: storedDeployment,
  },
  'update a deployment of course-service that CI recorded': {
    prepare: async (backend, id) => {
      await builtBy(backend, id, 'development');
      return {
        method: 'POST',
        path: '/api/deployments/deployments',
        body: deployment(id, { status: 'rolled_back' }),
      };
    },
    state: storedDeployment,
  },
  'move a deployment CI recorded for course-service to jobs-api': {
    prepare: async (backend, id) => {
      await builtBy(backend, id, 'development');
      return {
        method: 'POST',
        path: '/api/deployments/deployments',
        body: deployment(id, { entityRef: JOBS_API }),
      };
    },
    state: storedDeployment,
  },
  'report a sync of course-service from argocd-notifications': {
    prepare: async (_, id) => ({
      method: 'POST',
      path: '/api/deployments/webhooks/argocd',
      body: {
        instance: 'local-double',
        app: 'course-service',
        project: 'learning',
        destinationNamespace: 'learning',
        revision: randomBytes(20).toString('hex'),
        phase: 'Succeeded',
        startedAt: new Date(
          Date.UTC(2026, 10, 1) + hashMinutes(id),
        ).toISOString(),
      },
    }),
    state: async backend => {
      const body = await admin(
        backend,
        'GET',
        `/api/deployments/deployments?entityRef=${encodeURIComponent(
          COURSE_SERVICE,
        )}&limit=500`,
      );
      return body.items.filter((d: any) => d.source === 'argocd').length;
    },
  },
  'read the current versions of services (a read sent as POST)': {
    prepare: async () => ({
      method: 'POST',
      path: '/api/deployments/current/query',
      body: { entityRefs: [COURSE_SERVICE] },
    }),
    state: async () => null,
  },

  // --- Environments ---------------------------------------------------------
  'create a preview of course-service': {
    prepare: async (_, id) => ({
      method: 'POST',
      path: '/api/environments/environments',
      body: {
        name: `mx-${id}`,
        tier: 'preview',
        ttl: 'PT2H',
        service: COURSE_SERVICE,
      },
    }),
    state: (backend, id) => environment(backend, `mx-${id}`),
  },
  'extend a preview of course-service': {
    prepare: async (backend, id) => ({
      method: 'POST',
      path: `/api/environments/environments/${await createPreview(
        backend,
        id,
      )}/extend`,
      body: { ttl: 'PT1H' },
    }),
    state: (backend, id) => environment(backend, `mx-${id}`),
  },
  'tear down a preview of course-service': {
    prepare: async (backend, id) => ({
      method: 'DELETE',
      path: `/api/environments/environments/${await createPreview(
        backend,
        id,
      )}`,
    }),
    state: (backend, id) => environment(backend, `mx-${id}`),
  },
  ...configScenarios(
    'jobs-sandbox',
    'jobs-team’s development environment jobs-sandbox',
  ),
  ...configScenarios(
    'jobs-production',
    'jobs-team’s production-tier environment jobs-production',
  ),
  ...configScenarios('staging', 'platform-team’s staging'),
  'lock jobs-sandbox': {
    prepare: async (_, id) => ({
      method: 'POST',
      path: '/api/environments/locks',
      body: { environment: 'jobs-sandbox', reason: `matrix ${id}` },
    }),
    state: backend => locksOf(backend, 'jobs-sandbox'),
  },
  'unlock jobs-sandbox': {
    prepare: async backend => {
      const lock = await admin(backend, 'POST', '/api/environments/locks', {
        environment: 'jobs-sandbox',
        reason: 'to be lifted',
      });
      return { method: 'DELETE', path: `/api/environments/locks/${lock.id}` };
    },
    state: backend => locksOf(backend, 'jobs-sandbox'),
  },
  'add a freeze window to jobs-sandbox': {
    prepare: async (_, id) => ({
      method: 'POST',
      path: '/api/environments/freeze-windows',
      body: freezeWindow(id),
    }),
    state: backend => freezeWindowsOf(backend, 'jobs-sandbox'),
  },
  'remove a freeze window of jobs-sandbox': {
    prepare: async (backend, id) => {
      const window = await admin(
        backend,
        'POST',
        '/api/environments/freeze-windows',
        freezeWindow(id),
      );
      return {
        method: 'DELETE',
        path: `/api/environments/freeze-windows/${window.id}`,
      };
    },
    state: backend => freezeWindowsOf(backend, 'jobs-sandbox'),
  },
  'promote course-service to staging': {
    prepare: async (backend, id) => {
      await builtBy(backend, id, 'development');
      return promotion(id, 'staging');
    },
    state: promotionsOf,
    cleanup: backend => syncSettled(backend, 'course-service-staging'),
  },
  'promote course-service to production': {
    prepare: async (backend, id) => {
      await builtBy(backend, id, 'staging');
      return promotion(id, 'production');
    },
    state: promotionsOf,
    cleanup: backend => syncSettled(backend, 'course-service'),
  },
  'promote course-service to staging while it is locked, with an override': {
    prepare: async (backend, id) => {
      await builtBy(backend, id, 'development');
      await admin(backend, 'POST', '/api/environments/locks', {
        environment: 'staging',
        reason: `matrix ${id}`,
      });
      return {
        ...promotion(id, 'staging'),
        body: {
          ...(promotion(id, 'staging').body as object),
          override: { reason: 'hotfix for an incident' },
        },
      };
    },
    state: promotionsOf,
    cleanup: async backend => {
      await syncSettled(backend, 'course-service-staging');
      for (const lock of await locksOf(backend, 'staging')) {
        await admin(backend, 'DELETE', `/api/environments/locks/${lock}`);
      }
    },
  },

  // --- Courses --------------------------------------------------------------
  'author a course owned by learning-team': {
    prepare: async (_, id) => ({
      method: 'POST',
      path: '/api/courses/courses',
      body: course(id),
    }),
    state: storedCourse,
  },
  'change a course owned by learning-team': {
    prepare: async (backend, id) => {
      await admin(backend, 'POST', '/api/courses/courses', course(id));
      return {
        method: 'PUT',
        path: `/api/courses/courses/matrix-${id}`,
        body: course(id, 'Changed'),
      };
    },
    state: storedCourse,
  },
  'delete a course owned by learning-team': {
    prepare: async (backend, id) => {
      await admin(backend, 'POST', '/api/courses/courses', course(id));
      return { method: 'DELETE', path: `/api/courses/courses/matrix-${id}` };
    },
    state: storedCourse,
  },
  'enrol oneself in a course': {
    prepare: async (backend, id) => {
      await admin(backend, 'POST', '/api/courses/courses', course(id));
      return {
        method: 'POST',
        path: `/api/courses/courses/matrix-${id}/enrollment`,
      };
    },
    state: enrolments,
  },
  'leave a course one is enrolled in': {
    prepare: async (backend, id) => {
      await admin(backend, 'POST', '/api/courses/courses', course(id));
      return {
        method: 'DELETE',
        path: `/api/courses/courses/matrix-${id}/enrollment`,
      };
    },
    state: enrolments,
  },
  'mark a lesson done for oneself': {
    prepare: async (backend, id) => {
      await admin(backend, 'POST', '/api/courses/courses', course(id));
      return {
        method: 'POST',
        path: `/api/courses/courses/matrix-${id}/progress`,
        body: { lessonId: 'first', completed: true },
      };
    },
    state: enrolments,
  },

  // --- Prometheus -----------------------------------------------------------
  'run raw PromQL': {
    prepare: async () => ({
      method: 'POST',
      path: '/api/prometheus/query',
      body: { query: 'up' },
    }),
    state: async () => null,
  },

  // --- Upstream routes the portal closes ----------------------------------
  'delete an ArgoCD application through the Roadie backend': {
    prepare: async () => ({
      method: 'DELETE',
      path: '/api/argocd/argoInstance/local-double/applications/course-service',
    }),
    state: async backend => argoApplication(backend, 'course-service'),
  },
  'sync ArgoCD applications through the Roadie backend': {
    prepare: async () => ({
      method: 'POST',
      path: '/api/argocd/sync',
      body: { appSelector: 'backstage-name=course-service' },
    }),
    state: async backend => argoApplication(backend, 'course-service'),
  },
  'create an ArgoCD project and application through the Roadie backend': {
    prepare: async (_, id) => ({
      method: 'POST',
      path: '/api/argocd/createArgo',
      body: {
        clusterName: 'local-double',
        namespace: 'learning',
        projectName: `matrix-${id}`,
        appName: `matrix-${id}`,
        labelValue: 'matrix',
        sourceRepo: 'https://github.com/acme-platform/gitops',
        sourcePath: 'apps/matrix',
      },
    }),
    state: async (backend, id) => argoApplication(backend, `matrix-${id}`),
  },
  'read a scaffolder task maya-chen started': {
    prepare: async () => ({
      method: 'GET',
      path: `/api/scaffolder/v2/tasks/${fixtures.taskOfMaya}`,
    }),
    state: async () => null,
  },
};

function configScenarios(env: string, label: string): Record<string, Scenario> {
  return {
    [`set a config entry of ${label}`]: {
      prepare: async (backend, id) => {
        await admin(
          backend,
          'PUT',
          `/api/environments/environments/${env}/config/MATRIX_${id}`,
          { value: 'before' },
        );
        return {
          method: 'PUT',
          path: `/api/environments/environments/${env}/config/MATRIX_${id}`,
          body: { value: 'after' },
        };
      },
      state: (backend, id) => configValue(backend, env, `MATRIX_${id}`),
    },
    [`remove a config entry of ${label}`]: {
      prepare: async (backend, id) => {
        await admin(
          backend,
          'PUT',
          `/api/environments/environments/${env}/config/MATRIX_${id}`,
          { value: 'before' },
        );
        return {
          method: 'DELETE',
          path: `/api/environments/environments/${env}/config/MATRIX_${id}`,
        };
      },
      state: (backend, id) => configValue(backend, env, `MATRIX_${id}`),
    },
  };
}

function freezeWindow(id: string) {
  return {
    environment: 'jobs-sandbox',
    reason: `matrix ${id}`,
    timeZone: 'Europe/Berlin',
    start: { day: 'saturday', time: '01:00' },
    end: { day: 'saturday', time: '02:00' },
  };
}

function promotion(id: string, toEnvironment: string): Prepared {
  return {
    method: 'POST',
    path: '/api/environments/promotions',
    body: { entityRef: COURSE_SERVICE, version: `1.0.0-${id}`, toEnvironment },
  };
}

/** A distinct, stable minute offset per id, so each webhook call is its own sync. */
function hashMinutes(id: string): number {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) % 100_000;
  return hash * 60_000;
}

/** `POST /api/x/y` of a row's first cell, with the plugin's path. */
function routeOf(row: Row): string {
  return row.cells.Route;
}

// --- The test ---------------------------------------------------------------

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe('docs/security.md', () => {
  it('has a row for every write operation of every portal OpenAPI spec', () => {
    const documented = new Set(routeRows.map(routeOf));
    const missing = readPortalOperations()
      .filter(operation => operation.method !== 'GET')
      .map(describeOperation)
      .filter(route => !documented.has(route));
    expect(missing).toEqual([]);
  });

  it('has a scenario in this test for every row, and a row for every scenario', () => {
    expect(routeRows.map(row => row.cells.What).sort()).toEqual(
      Object.keys(SCENARIOS).sort(),
    );
    for (const row of routeRows) {
      for (const column of Object.keys(ACTORS)) {
        expect({
          row: row.cells.What,
          column,
          cell: row.cells[column],
        }).toEqual({
          row: row.cells.What,
          column,
          cell: expect.stringMatching(/^\d{3}$/),
        });
      }
    }
  });
});

describe.each(databases.eachSupportedId())(
  'the permission matrix on %s',
  databaseId => {
    let backend: PortalTestBackend;
    let prometheus: RunningPrometheus | undefined;
    let counter = 0;

    beforeAll(async () => {
      if (findPrometheusBinary()) {
        prometheus = await startPrometheus({
          config: prometheusConfig({ targets: {} }),
        });
      }
      backend = await startPortalTestBackend({
        databases,
        databaseId,
        extraCatalogFiles: [JOBS_ENVIRONMENTS],
        ...(prometheus && { prometheusUrl: prometheus.url }),
        config: {
          // Every allowed create below is a live preview of learning-team's.
          environments: { previews: { maxActivePerOwner: 1000 } },
        },
      });
    });

    afterAll(async () => {
      await backend?.stop();
      await prometheus?.close();
    });

    /** Every permission the plugins register, by name. */
    const registeredPermissions = new Map<string, object>();
    beforeAll(async () => {
      fixtures.taskOfMaya = await startTaskAs(
        backend,
        TEST_USERS.learningTeamMember,
      );
      await admin(backend, 'POST', '/api/courses/courses', {
        ...course('fixture'),
        id: 'matrix-course',
      });
      for (const pluginId of PLUGINS_WITH_PERMISSIONS) {
        const res = await backend.request(
          'GET',
          `/api/${pluginId}/.well-known/backstage/permissions/metadata`,
          { as: TEST_USERS.admin },
        );
        if (res.status !== 200) {
          throw new Error(
            `${pluginId} answered ${res.status} for its permission metadata`,
          );
        }
        for (const permission of res.body.permissions ?? []) {
          registeredPermissions.set(permission.name, permission);
        }
      }
    });

    it.each(routeRows.map(row => [row.cells.What, row] as const))(
      '%s',
      async (what, row) => {
        const scenario = SCENARIOS[what];
        const outcomes: Record<string, number> = {};
        const expected: Record<string, number> = {};
        const unchanged: Record<string, unknown> = {};
        const answers: Record<string, string> = {};
        const explained: Record<string, boolean> = {};
        for (const [column, actor] of Object.entries(ACTORS)) {
          const id = `${databaseId.slice(0, 2).toLowerCase()}${++counter}`;
          const prepared = await scenario.prepare(backend, id);
          const before = await scenario.state(backend, id);
          const res = await backend.request(prepared.method, prepared.path, {
            as: actor,
            body: prepared.body,
            query: prepared.query,
            headers: prepared.headers,
          });
          outcomes[column] = res.status;
          answers[column] = res.text.slice(0, 300);
          expected[column] = Number(row.cells[column as ActorColumn]);
          expect(`${prepared.method} ${prepared.path.split('?')[0]}`).toMatch(
            routeTemplate(routeOf(row)),
          );
          if (res.status >= 400) {
            // A refusal explains itself, and changes nothing.
            explained[column] = typeof res.body?.error?.message === 'string';
            const after = await scenario.state(backend, id);
            unchanged[column] =
              JSON.stringify(after) === JSON.stringify(before)
                ? true
                : { before, after };
          }
          await scenario.cleanup?.(backend, id);
        }
        if (JSON.stringify(outcomes) !== JSON.stringify(expected)) {
          // The answers and the backend's logged errors explain a mismatch.
          throw new Error(
            `${what}: ${JSON.stringify(
              {
                expected,
                outcomes,
                answers,
                logged: backend.loggedErrors().slice(-5),
              },
              null,
              2,
            )}`,
          );
        }
        expect(explained).toEqual(
          Object.fromEntries(Object.keys(explained).map(c => [c, true])),
        );
        expect(unchanged).toEqual(
          Object.fromEntries(Object.keys(unchanged).map(c => [c, true])),
        );
      },
    );

    it.each(
      permissionRows.map(
        row =>
          [`${row.cells.Permission} on ${row.cells.Resource}`, row] as const,
      ),
    )('decides %s as the table says', async (_, row) => {
      const permission = registeredPermissions.get(row.cells.Permission);
      expect(permission).toBeDefined();
      const resourceRef = resourceOf(row.cells.Resource);
      const decisions: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const column of PERMISSION_COLUMNS) {
        const res = await backend.request('POST', '/api/permission/authorize', {
          as: ACTORS[column],
          body: {
            items: [
              { id: '1', permission, ...(resourceRef && { resourceRef }) },
            ],
          },
        });
        expect({ column, status: res.status, body: res.body }).toMatchObject({
          column,
          status: 200,
        });
        decisions[column] = res.body.items[0].result;
        expected[column] = row.cells[column];
      }
      expect(decisions).toEqual(expected);
    });

    it('has a row for every permission a plugin registers', () => {
      const documented = new Set(permissionRows.map(r => r.cells.Permission));
      expect(
        [...registeredPermissions.keys()].filter(n => !documented.has(n)),
      ).toEqual([]);
    });
  },
);

/** `POST /api/x/{id}/y` as a pattern that matches a concrete path. */
function routeTemplate(route: string): RegExp {
  const escaped = route
    .split(/(\{[^}]+\})/)
    .map(part => {
      if (!part.startsWith('{')) {
        return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      }
      return '[^/]+';
    })
    .join('');
  return new RegExp(`^${escaped}$`);
}
