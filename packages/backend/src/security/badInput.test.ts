/*
 * Security finding 7, "how it is proven": the bad-input corpus. Every
 * operation of every portal plugin's OpenAPI spec (read now, so a new one is
 * covered at once) gets malformed requests (see __testUtils__/badInputCorpus.ts),
 * on the whole portal backend in-process, on SQLite and on PostgreSQL: as
 * an admin (so authorization does not hide validation), as the static token
 * of the deployments plugin's callers, and for writes as a member of
 * another team.
 *
 * Every answer must be a 4xx (or a 2xx where the input happens to be
 * acceptable) whose JSON body has a readable error.message and carries no
 * stack and no upstream response; the one exception is a 503 from a route
 * that asks Prometheus while Prometheus is down (see PROMETHEUS_ROUTES).
 * Afterwards the backend is still ready and the records stored before the
 * corpus are unchanged.
 */
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  findPrometheusBinary,
  prometheusConfig,
  prometheusMissingMessage,
  RunningPrometheus,
  startPrometheus,
} from '@internal/local-doubles';
import {
  Actor,
  PortalResponse,
  PortalTestBackend,
  startPortalTestBackend,
  TEST_USERS,
} from '../__testUtils__/portalTestBackend';
import {
  badInputRequests,
  CorpusBases,
  CorpusRequest,
} from '../__testUtils__/badInputCorpus';
import {
  describeOperation,
  PortalOperation,
  readPortalOperations,
} from '../__testUtils__/portalOpenApi';

jest.setTimeout(900_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const operations = readPortalOperations();
const pluginIds = [...new Set(operations.map(op => op.pluginId))];

/**
 * The routes that ask Prometheus, and so answer 503 while it is down
 * (the corpus's Prometheus is a port nothing listens on). /instances only
 * reads config and must never 503.
 */
const PROMETHEUS_ROUTES = new Set([
  'GET /api/prometheus/signals',
  'GET /api/prometheus/alerts',
  'GET /api/prometheus/summary',
  'POST /api/prometheus/query',
]);

/** Good parameter values, by `<pluginId>.<name>` or by name. */
const PARAMETERS: Record<string, string> = {
  entityRef: 'component:default/course-service',
  owner: 'group:default/learning-team',
  groupRef: 'group:default/learning-team',
  environment: 'staging',
  'environments.name': 'staging',
  'environments.key': 'CORPUS_KEY',
  'environments.id': '00000000-0000-4000-8000-000000000000',
  'environments.from': 'development',
  'environments.to': 'staging',
  'courses.id': 'corpus-course',
  range: '1h',
};

const corpusCourse = {
  id: 'corpus-course',
  title: 'Corpus course',
  summary: 'Made by the bad-input corpus.',
  category: 'catalog',
  level: 'beginner',
  tags: ['corpus'],
  estimatedMinutes: 5,
  owner: 'group:default/platform-team',
  prerequisites: [],
  modules: [
    {
      id: 'corpus-module',
      title: 'Module',
      lessons: [
        {
          id: 'corpus-lesson',
          title: 'Lesson',
          type: 'markdown',
          body: 'Hello',
        },
      ],
    },
  ],
};

/** Good bodies, by operation; others are generated from their schema. */
const BODIES: Record<string, unknown> = {
  'POST /api/deployments/deployments': {
    entityRef: 'component:default/course-service',
    environment: 'staging',
    version: '9.9.9-corpus',
    commitSha: 'abcdef1',
    status: 'succeeded',
    startedAt: '2026-01-10T10:00:00Z',
    source: 'ci',
    sourceId: 'corpus-deployment',
  },
  'POST /api/deployments/current/query': {
    entityRefs: ['component:default/course-service'],
    environments: ['staging'],
  },
  'POST /api/deployments/webhooks/argocd': {
    instance: 'local-double',
    app: 'course-service',
    revision: 'abcdef1',
    phase: 'Succeeded',
    startedAt: '2026-01-10T10:00:00Z',
  },
  'POST /api/environments/environments': {
    name: 'corpus-preview',
    tier: 'preview',
    ttl: 'PT2H',
    service: 'component:default/course-service',
  },
  'POST /api/environments/environments/{name}/extend': { ttl: 'PT2H' },
  'PUT /api/environments/environments/{name}/config/{key}': {
    value: 'corpus-value',
    secret: false,
  },
  'POST /api/environments/locks': { environment: 'staging', reason: 'corpus' },
  'POST /api/environments/freeze-windows': {
    environment: 'staging',
    reason: 'corpus',
    timeZone: 'Europe/Berlin',
    start: { day: 'saturday', time: '08:00' },
    end: { day: 'sunday', time: '20:00' },
  },
  'POST /api/environments/promotions': {
    entityRef: 'component:default/course-service',
    version: '9.9.9-corpus',
    toEnvironment: 'staging',
  },
  'POST /api/courses/courses': corpusCourse,
  'PUT /api/courses/courses/{id}': corpusCourse,
  'POST /api/courses/courses/{id}/progress': {
    lessonId: 'corpus-lesson',
    completed: true,
  },
  'POST /api/prometheus/query': { query: 'up' },
};

const bases: CorpusBases = {
  parameter: (operation, name) =>
    PARAMETERS[`${operation.pluginId}.${name}`] ?? PARAMETERS[name],
  body: operation => BODIES[describeOperation(operation)],
};

/** Who sends an operation's corpus: its privileged callers, and another team for writes. */
function actorsOf(operation: PortalOperation): Actor[] {
  let privileged: Actor[] = [TEST_USERS.admin];
  if (operation.path.startsWith('/webhooks/')) {
    privileged = ['argocd-webhook'];
  } else if (operation.pluginId === 'deployments' && operation.isWrite) {
    privileged = ['ci', TEST_USERS.admin];
  }
  return operation.isWrite
    ? [...privileged, TEST_USERS.jobsTeamMember]
    : privileged;
}

/** Keys of `value`, at any depth, with their paths. */
function* keysOf(value: unknown, at = ''): Generator<[string, string]> {
  if (typeof value !== 'object' || value === null) return;
  for (const [key, item] of Object.entries(value)) {
    yield [key, `${at}.${key}`];
    yield* keysOf(item, `${at}.${key}`);
  }
}

/** What is wrong with an answer, or undefined. */
function problemWith(
  request: CorpusRequest,
  res: PortalResponse,
  prometheusDown: boolean,
): string | undefined {
  const { status } = res;
  if (request.tooLongForHttp && (status === 431 || status === 414)) {
    return undefined;
  }
  const route = describeOperation(request.operation).replace(/\/\{.*$/, '');
  const upstreamDown =
    status === 503 && prometheusDown && PROMETHEUS_ROUTES.has(route);
  if (status >= 500 && !upstreamDown) {
    return `answered ${status}: ${res.text.slice(0, 300)}`;
  }
  if (status < 400) {
    const isJson = res.headers.get('content-type')?.includes('json');
    return isJson && res.text && res.body === undefined
      ? `answered ${status} with a body that is not JSON`
      : undefined;
  }
  const error = res.body?.error;
  if (typeof error?.message !== 'string' || !error.message.trim()) {
    return `answered ${status} without a readable error.message: ${res.text.slice(
      0,
      300,
    )}`;
  }
  if (error.name === 'ResponseError') {
    return `passes another service's error through: ${error.message}`;
  }
  for (const [key, path] of keysOf(res.body)) {
    if (key === 'stack') return `carries a stack trace at ${path}`;
  }
  for (const [key, path] of keysOf(error, '.error')) {
    if (key === 'response' || key === 'body' || key === 'request') {
      return `carries an upstream ${key} at ${path}`;
    }
  }
  if (upstreamDown && /https?:\/\/|127\.0\.0\.1/.test(error.message)) {
    return `names Prometheus' URL in its message: ${error.message}`;
  }
  return undefined;
}

async function inBatches<T>(
  items: T[],
  size: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        await fn(items[next++]);
      }
    }),
  );
}

function describeValue(text: string | undefined) {
  if (text === undefined) return '';
  return text.length > 120 ? ` (${text.length} characters)` : ` ${text}`;
}

/** Runs the corpus of `operations`; resolves with every problem found. */
async function runCorpus(
  backend: PortalTestBackend,
  ops: PortalOperation[],
  prometheusDown: boolean,
): Promise<string[]> {
  const jobs = ops.flatMap(operation =>
    badInputRequests(operation, bases).flatMap(request =>
      actorsOf(operation).map(as => ({ request, as })),
    ),
  );
  const problems: string[] = [];
  await inBatches(jobs, 8, async ({ request, as }) => {
    const method = request.operation.method;
    let problem: string | undefined;
    try {
      const res = await backend.request(method, request.path, {
        as,
        ...(request.rawBody !== undefined && { rawBody: request.rawBody }),
        ...(request.headers && { headers: request.headers }),
      });
      problem = problemWith(request, res, prometheusDown);
    } catch (error) {
      // The connection died: the request crashed something or was not answered.
      problem = `got no answer: ${error}`;
    }
    if (problem) {
      const actor = typeof as === 'object' ? 'a token' : as;
      problems.push(
        `${describeOperation(request.operation)} [${
          request.label
        }] as ${actor}${describeValue(
          request.path.length > 200 ? undefined : request.path,
        )}: ${problem}`,
      );
    }
  });
  return problems.sort();
}

/** The server's side of 5xx answers, for the failure message. */
function serverErrors(backend: PortalTestBackend): string[] {
  return backend
    .loggedErrors()
    .filter(e =>
      /Request failed with status 5|Filtered internal error/.test(e.message),
    )
    .map(e => `${e.message}: ${e.error?.message ?? ''}`)
    .filter((line, index, all) => all.indexOf(line) === index)
    .slice(0, 20);
}

interface Seeded {
  deployment: unknown;
  config: unknown;
  course: unknown;
}

/** A few records stored before the corpus: they must come out unchanged. */
async function seed(backend: PortalTestBackend): Promise<Seeded> {
  const deployment = await backend.request(
    'POST',
    '/api/deployments/deployments',
    {
      as: 'ci',
      body: {
        entityRef: 'component:default/course-service',
        environment: 'staging',
        version: '1.7.0',
        commitSha: '1234567',
        status: 'succeeded',
        startedAt: '2026-01-09T10:00:00Z',
        finishedAt: '2026-01-09T10:05:00Z',
        source: 'ci',
        sourceId: 'seeded-deployment',
        metadata: { pipeline: 'seed' },
      },
    },
  );
  expect(deployment.status).toBe(201);
  const config = await backend.request(
    'PUT',
    '/api/environments/environments/staging/config/SEEDED_KEY',
    { as: TEST_USERS.admin, body: { value: 'seeded-value', secret: false } },
  );
  expect(config.status).toBe(200);
  const course = await backend.request('POST', '/api/courses/courses', {
    as: TEST_USERS.admin,
    body: { ...corpusCourse, id: 'seeded-course', title: 'Seeded course' },
  });
  expect(course.status).toBe(201);
  return readSeeded(backend);
}

async function readSeeded(backend: PortalTestBackend): Promise<Seeded> {
  const deployments = await backend.request(
    'GET',
    '/api/deployments/deployments',
    {
      as: TEST_USERS.admin,
      query: { entityRef: 'component:default/course-service', limit: 500 },
    },
  );
  const config = await backend.request(
    'GET',
    '/api/environments/environments/staging/config',
    { as: TEST_USERS.admin },
  );
  const course = await backend.request(
    'GET',
    '/api/courses/courses/seeded-course',
    {
      as: TEST_USERS.admin,
    },
  );
  return {
    deployment: deployments.body?.items?.find(
      (d: { sourceId: string }) => d.sourceId === 'seeded-deployment',
    ),
    config: config.body?.items?.find(
      (e: { key: string }) => e.key === 'SEEDED_KEY',
    ),
    course: course.body,
  };
}

function describeCorpus(
  databaseId: TestDatabaseId,
  withRealPrometheus: boolean,
) {
  let backend: PortalTestBackend;
  let prometheus: RunningPrometheus | undefined;
  let seeded: Seeded;

  beforeAll(async () => {
    if (withRealPrometheus) {
      prometheus = await startPrometheus({
        config: prometheusConfig({ targets: {} }),
      });
    }
    backend = await startPortalTestBackend({
      databases,
      databaseId,
      ...(prometheus && { prometheusUrl: prometheus.url }),
    });
    seeded = await seed(backend);
  });

  afterAll(async () => {
    await backend?.stop();
    await prometheus?.close();
  });

  it('covers every operation of every portal spec', () => {
    expect(pluginIds).toEqual(
      expect.arrayContaining([
        'courses',
        'deployments',
        'environments',
        'prometheus',
      ]),
    );
    for (const operation of operations) {
      expect({
        operation: describeOperation(operation),
        requests: badInputRequests(operation, bases).length > 0,
      }).toEqual({ operation: describeOperation(operation), requests: true });
    }
  });

  it.each(pluginIds)(
    '%s: answers every bad request with a clean 4xx',
    async pluginId => {
      const problems = await runCorpus(
        backend,
        operations.filter(op => op.pluginId === pluginId),
        !withRealPrometheus,
      );
      const errors = problems.length ? serverErrors(backend) : [];
      expect({
        problems: problems.slice(0, 60),
        count: problems.length,
        errors,
      }).toEqual({
        problems: [],
        count: 0,
        errors: [],
      });
    },
  );

  if (withRealPrometheus) {
    it.each([
      ['an unclosed call', 'sum(rate(http_requests_total[5m])'],
      ['an unclosed selector', 'up{job="x"'],
      ['a bad duration', 'rate(up[5 minutes])'],
      ['a bad regex', 'up{job=~"(a"}'],
      ['garbage', ')))'],
    ])(
      "prometheus: invalid PromQL (%s) is the caller's mistake: 400 with Prometheus' message",
      async (_label, query) => {
        const res = await backend.request('POST', '/api/prometheus/query', {
          as: TEST_USERS.admin,
          body: { query },
        });
        expect({
          status: res.status,
          message: res.body?.error?.message,
        }).toEqual({
          status: 400,
          message: expect.stringMatching(/parse error|invalid|unexpected/i),
        });
      },
    );
  }

  it('stays ready, with nothing polluted and nothing stored lost', async () => {
    const readiness = await backend.request(
      'GET',
      '/.backstage/health/v1/readiness',
      { as: 'anonymous' },
    );
    expect(readiness.status).toBe(200);
    // The backend runs in this process: a __proto__ key that got merged
    // somewhere would show here.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const after = await readSeeded(backend);
    expect(after.deployment).toBeDefined();
    expect(after.config).toBeDefined();
    expect(after.course).toMatchObject({ id: 'seeded-course' });
    expect(after).toEqual(seeded);
  });
}

describe.each(databases.eachSupportedId())(
  'the bad-input corpus on %s',
  databaseId => {
    // SQLite runs against a real Prometheus (Debian's package), where no
    // route may 503 and invalid PromQL is a 400; PostgreSQL against a port
    // nothing listens on.
    if (databaseId === 'SQLITE_3' && findPrometheusBinary()) {
      describe('with a real Prometheus', () => {
        describeCorpus(databaseId, true);
      });
    } else {
      if (databaseId === 'SQLITE_3') {
        // eslint-disable-next-line no-console
        console.warn(prometheusMissingMessage());
      }
      describe('with Prometheus down', () => {
        describeCorpus(databaseId, false);
      });
    }
  },
);
