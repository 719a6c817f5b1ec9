/*
 * Learning courses benchmark, on PostgreSQL: 10,000 courses and 200,000
 * enrolments (20,000 users in 10 courses each, with lesson progress) behind
 * the real courses plugin, read over HTTP the way the portal serves them
 * (startTestBackend, user credentials, the OpenAPI-validated router).
 *
 * Measured: the first page of the catalog, a category facet, full-text
 * searches of one and two words (ranked, with totalCount), keyset paging
 * through the whole catalog, and a user's enrolments. Prints a Markdown
 * table; progress goes to stderr.
 *
 * Run by scripts/benchmarks/courses.sh. Environment:
 *   PORTAL_BENCH_POSTGRES_URL   server to use (default postgresql://postgres@127.0.0.1:5432);
 *                               the database portal_bench_courses is created and dropped
 *   PORTAL_BENCH_KEEP=1         keep the database afterwards, to study query plans
 *
 * The data is bulk-loaded in SQL (generate_series) into the plugin's own
 * schema, after its migrations ran: write speed is not this benchmark's
 * subject. Lesson text draws 80 words per course from a vocabulary of 40
 * platform words and 400 topic words, so one platform word occurs in about
 * one course in six.
 */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Server } from 'node:http';
import { Knex } from 'knex';
import { performance } from 'node:perf_hooks';
import { createCourseStores } from '../../plugins/courses-backend/src/database/createCourseStores';
import { coursesPlugin } from '../../plugins/courses-backend/src/plugin';
import {
  backendUrl,
  closeServer,
  fetchJson,
  quietServices,
  runBenchmark,
} from './lib/backend';
import {
  connection,
  dropDatabase,
  formatTiming,
  keepDatabases,
  log,
  printTable,
  recreateDatabase,
  secondsSince,
  timeRuns,
} from './lib/harness';

const DATABASE = 'portal_bench_courses';

const COURSES = 10_000;
const USERS = 20_000;
const ENROLLMENTS_PER_USER = 10;
const CATEGORIES = 12;
const TAGS = 30;
const WORDS_PER_COURSE = 80;
const PLATFORM_WORDS = [
  'argocd',
  'kubernetes',
  'deploy',
  'service',
  'catalog',
  'template',
  'techdocs',
  'markdown',
  'pipeline',
  'rollback',
  'promotion',
  'preview',
  'environment',
  'secret',
  'config',
  'metrics',
  'prometheus',
  'grafana',
  'alert',
  'incident',
  'runbook',
  'owner',
  'team',
  'permission',
  'policy',
  'search',
  'notification',
  'api',
  'openapi',
  'postgres',
  'redis',
  'mongodb',
  'queue',
  'worker',
  'frontend',
  'backend',
  'plugin',
  'scaffolder',
  'gitops',
  'helm',
];
const VOCABULARY = [
  ...PLATFORM_WORDS,
  ...Array.from({ length: 400 }, (_, i) => `topic${i}`),
];

/**
 * Courses, their tags and enrolments with progress, in SQL. Course i has
 * one module of three lessons; user u is enrolled in 10 courses spread over
 * the catalog and has done (u + k) % 4 of each one's lessons (3 = complete).
 */
async function loadData(db: Knex) {
  const pick = (seed: string) =>
    `(?::text[])[1 + (hashint8(${seed}) & 2147483647) % ${VOCABULARY.length}]`;
  await db.raw(
    `
    INSERT INTO courses (
      id, title, sort_title, summary, category, level, owner, source,
      estimated_minutes, module_count, lesson_count, tags, prerequisites,
      document, lesson_text, updated_by, created_at, updated_at)
    SELECT
      id, title, lower(title), summary, category, level, owner, 'api',
      minutes, 1, 3, tags, '[]',
      jsonb_build_object(
        'id', id, 'title', title, 'summary', summary, 'category', category,
        'level', level, 'tags', tags::jsonb, 'estimatedMinutes', minutes,
        'owner', owner, 'prerequisites', '[]'::jsonb,
        'modules', jsonb_build_array(jsonb_build_object(
          'id', 'module', 'title', 'Module',
          'lessons', jsonb_build_array(
            jsonb_build_object('id', 'l1', 'title', 'Lesson 1', 'type', 'markdown', 'body', lesson_text),
            jsonb_build_object('id', 'l2', 'title', 'Lesson 2', 'type', 'url', 'url', 'https://backstage.io/docs'),
            jsonb_build_object('id', 'l3', 'title', 'Lesson 3', 'type', 'template', 'templateRef', 'template:default/nodejs-service')))))::text,
      lesson_text, 'user:default/bench-author', now(), now()
    FROM (
      SELECT
        'bench-course-' || lpad(i::text, 5, '0') AS id,
        initcap(${pick('i * 3 + 1')}) || ' and ' || ${pick('i * 3 + 2')}
          || ' ' || i AS title,
        'Learn ' || ${pick('i * 5 + 3')} || ' with ' || ${pick('i * 5 + 4')}
          || ' on the platform.' AS summary,
        'category-' || (i % ${CATEGORIES}) AS category,
        (ARRAY['beginner', 'intermediate', 'advanced'])[1 + i % 3] AS level,
        'group:default/bench-team-' || (i % 50) AS owner,
        30 + i % 90 AS minutes,
        '["tag-' || (i % ${TAGS}) || '", "tag-' || ((i * 7 + 1) % ${TAGS}) || '"]' AS tags,
        (SELECT string_agg(${pick('i * 1000 + k')}, ' ')
           FROM generate_series(1, ${WORDS_PER_COURSE}) AS k) AS lesson_text
      FROM generate_series(0, ${COURSES - 1}) AS i
    ) AS generated
    `,
    // One binding of the vocabulary per pick() above.
    Array(5).fill(VOCABULARY),
  );
  await db.raw(`
    INSERT INTO course_tags (course_id, tag)
    SELECT DISTINCT c.id, t.tag
    FROM courses c, jsonb_array_elements_text(c.tags::jsonb) AS t(tag)`);
  log(`loaded ${COURSES.toLocaleString('en')} courses`);

  const generated = `
    SELECT
      'bench-course-' || lpad(((u * 37 + k * 1009) % ${COURSES})::text, 5, '0') AS course_id,
      'user:default/bench-user-' || u AS user_ref,
      now() - (k || ' days')::interval AS enrolled_at,
      (u + k) % 4 AS done
    FROM generate_series(0, ${USERS - 1}) AS u,
         generate_series(0, ${ENROLLMENTS_PER_USER - 1}) AS k`;
  await db.raw(`
    INSERT INTO course_enrollments (course_id, user_ref, enrolled_at, completed_at)
    SELECT course_id, user_ref, enrolled_at,
      CASE WHEN done = 3 THEN enrolled_at + interval '2 days' END
    FROM (${generated}) AS generated`);
  await db.raw(`
    INSERT INTO course_lesson_progress (user_ref, course_id, lesson_id, completed_at)
    SELECT user_ref, course_id, 'l' || l, enrolled_at + interval '1 day'
    FROM (${generated}) AS generated, generate_series(1, 3) AS l
    WHERE l <= done`);
  const {
    rows: [{ enrollments, progress }],
  } = await db.raw(`
    SELECT (SELECT count(*) FROM course_enrollments) AS enrollments,
           (SELECT count(*) FROM course_lesson_progress) AS progress`);
  log(`loaded ${enrollments} enrolments, ${progress} lessons done`);
  await db.raw('ANALYZE');
}

async function startBackend(db: Knex) {
  const { server } = await startTestBackend({
    features: [
      coursesPlugin,
      createServiceFactory({
        service: coreServices.database,
        deps: {},
        factory: () => ({ getClient: async () => db }),
      }),
      mockServices.rootConfig.factory({ data: {} }),
      catalogServiceMock.factory({ entities: [] }),
      ...quietServices(),
    ],
  });
  return server;
}

type Get = (path: string, userRef?: string) => Promise<any>;

function client(server: Server): Get {
  const base = backendUrl(server, '/api/courses');
  return (path, userRef = 'user:default/bench-user-0') =>
    fetchJson(base, path, {
      headers: { Authorization: mockCredentials.user.header(userRef) },
    });
}

async function main() {
  const admin = connection('postgres', 1);
  await recreateDatabase(admin, DATABASE);
  const db = connection(DATABASE, 10);
  let server: Server | undefined;
  const benchStarted = performance.now();
  try {
    await createCourseStores({
      database: { getClient: async () => db },
    });
    const loadStarted = performance.now();
    await loadData(db);
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const {
      rows: [{ size }],
    } = await db.raw(
      "select pg_size_pretty(pg_total_relation_size('courses')) as size",
    );

    server = await startBackend(db);
    const get = client(server);

    const first = await get('/courses');
    if (first.totalCount !== COURSES || first.items.length !== 20) {
      throw new Error(`Unexpected first page: ${JSON.stringify(first)}`);
    }

    const list = await timeRuns('list, first page', 200, 20, () =>
      get('/courses'),
    );
    const facet = await timeRuns('list, category facet', 200, 20, i =>
      get(`/courses?category=category-${i % CATEGORIES}`),
    );
    const searches = ['kubernetes', 'argocd', 'deploy', 'rollback', 'helm'];
    const search = await timeRuns('search, one word', 200, 20, i =>
      get(`/courses?search=${searches[i % searches.length]}`),
    );
    const pairs = ['argocd rollback', 'kubernetes helm', 'deploy service'];
    const searchTwo = await timeRuns('search, two words', 200, 20, i =>
      get(`/courses?search=${encodeURIComponent(pairs[i % pairs.length])}`),
    );
    const sample = (await get('/courses?search=kubernetes')) as {
      totalCount: number;
    };
    log(`"kubernetes" matches ${sample.totalCount} courses`);

    // Keyset paging: follow nextCursor through the whole catalog, 100 a page.
    let cursor: string | undefined;
    const paging = await timeRuns('paging with cursor', 200, 0, async () => {
      const page = await get(
        `/courses?limit=100${
          cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
        }`,
      );
      cursor = page.nextCursor;
    });
    const enrollments = await timeRuns('/me/enrollments', 200, 20, i =>
      get('/me/enrollments', `user:default/bench-user-${(i * 97) % USERS}`),
    );

    const rows = [
      [
        'data set: courses (with tsvector + GIN), tags, enrolments and progress, bulk-loaded in SQL',
        `${COURSES.toLocaleString('en')} courses (${size}), ${(
          USERS * ENROLLMENTS_PER_USER
        ).toLocaleString('en')} enrolments, loaded in ${loadSeconds.toFixed(
          0,
        )} s`,
        '-',
      ],
      [
        `GET /courses (first page of 20 by title, totalCount), ${list.runs} runs`,
        formatTiming(list),
        'p95 <= 50 ms',
      ],
      [
        `GET /courses?category= (one of ${CATEGORIES}), ${facet.runs} runs`,
        formatTiming(facet),
        'p95 <= 50 ms',
      ],
      [
        `GET /courses?search= (one word, ~${sample.totalCount} matches ranked), ${search.runs} runs`,
        formatTiming(search),
        'p95 <= 50 ms',
      ],
      [
        `GET /courses?search= (two words), ${searchTwo.runs} runs`,
        formatTiming(searchTwo),
        'p95 <= 50 ms',
      ],
      [
        `GET /courses?limit=100&cursor= (keyset paging through the catalog), ${paging.runs} pages`,
        formatTiming(paging),
        'p95 <= 50 ms',
      ],
      [
        `GET /me/enrollments (10 enrolments), ${enrollments.runs} runs`,
        formatTiming(enrollments),
        'p95 <= 50 ms',
      ],
    ];
    printTable(rows);
    log(`done in ${secondsSince(benchStarted)} s`);
  } finally {
    if (server) {
      await closeServer(server);
    }
    await db.destroy();
    if (!keepDatabases()) {
      await dropDatabase(admin, DATABASE);
    }
    await admin.destroy();
  }
}

runBenchmark(main);
