import {
  Course,
  COURSE_LEVELS,
  CourseDocument,
  Enrollment,
  TeamCompletion,
} from '@internal/plugin-courses-common';
import { createOpenApiContract } from '@internal/portal-react/testUtils';
import { http, HttpResponse } from 'msw';
import { SetupServer } from 'msw/node';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import {
  COURSES_API_URL,
  courses as defaultCourses,
  errorBody,
  summaryOf,
} from './fixtures';

const API_PATH = '/api/courses';

/** The backend's spec, read from its package so that it is never a copy. */
const SPEC_PATH = resolve(
  __dirname,
  '../../../courses-backend/src/schema/openapi.yaml',
);

/**
 * Every request the frontend sends to the courses backend, and every answer
 * it gets (from this fake or a test's own handlers), must keep the spec.
 */
const contract = createOpenApiContract(parse(readFileSync(SPEC_PATH, 'utf8')));

const violations: string[] = [];
const pendingChecks: Promise<void>[] = [];

/** What this test's requests and responses broke of the spec; forgets them. */
export async function takeSpecViolations(): Promise<string[]> {
  await Promise.all(pendingChecks.splice(0));
  return violations.splice(0);
}

// A request or response that breaks the spec fails the test it was made in.
afterEach(async () => {
  const found = await takeSpecViolations();
  if (found.length) {
    throw new Error(
      `The courses API was used against its spec (${SPEC_PATH}):\n${found.join(
        '\n',
      )}`,
    );
  }
});

/** A message's JSON body; undefined without one. */
async function jsonBodyOf(message: Request | Response): Promise<unknown> {
  const text = await message.clone().text();
  return text ? JSON.parse(text) : undefined;
}

/** Checks one side of an exchange, once its body is read. */
function check(run: () => Promise<string[]>) {
  pendingChecks.push(
    run().then(
      found => {
        violations.push(...found);
      },
      error => {
        violations.push(`could not be checked: ${error}`);
      },
    ),
  );
}

/** A request the fake backend received. */
export interface ReceivedRequest {
  method: string;
  /** The path below /api/courses, e.g. `/courses`. */
  path: string;
  params: URLSearchParams;
  body?: any;
}

export interface FakeBackendData {
  courses?: Course[];
  /** The signed-in user's enrolments. */
  enrollments?: Enrollment[];
  team?: TeamCompletion;
}

function lessonIdsOf(course: Course): string[] {
  return course.modules.flatMap(m => m.lessons.map(l => l.id));
}

function matches(course: Course, params: URLSearchParams): boolean {
  const search = params.get('search')?.toLocaleLowerCase('en-US');
  return (
    (!params.get('category') || course.category === params.get('category')) &&
    (!params.get('level') || course.level === params.get('level')) &&
    (!params.get('tag') || course.tags.includes(params.get('tag')!)) &&
    (!search ||
      JSON.stringify(course).toLocaleLowerCase('en-US').includes(search))
  );
}

/**
 * A small courses backend in memory: the catalog (filtered, with offset
 * cursors), courses by id, which authoring changes, and the signed-in
 * user's enrolments, which enrolling and progress change as the real
 * backend would. Every request is recorded, and checked against the
 * backend's OpenAPI spec with its response. Tests override endpoints with
 * `server.use`.
 */
export function serveBackend(
  server: SetupServer,
  data: FakeBackendData = {},
): ReceivedRequest[] {
  // Copied, so that authoring in one test leaves the fixtures alone.
  const courses = [...(data.courses ?? defaultCourses)];
  const enrollments = new Map(
    (data.enrollments ?? []).map(e => [e.courseId, { ...e }]),
  );
  const received: ReceivedRequest[] = [];
  server.events.removeAllListeners();
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    if (!url.pathname.startsWith(API_PATH)) {
      return;
    }
    const entry: ReceivedRequest = {
      method: request.method,
      path: url.pathname.slice(API_PATH.length),
      params: url.searchParams,
    };
    received.push(entry);
    check(async () => {
      const body = request.body ? await jsonBodyOf(request) : undefined;
      if (body !== undefined) {
        entry.body = body;
      }
      return contract.checkRequest({
        method: entry.method,
        path: entry.path,
        query: url.searchParams,
        body,
      });
    });
  });
  server.events.on('response:mocked', ({ request, response }) => {
    const url = new URL(request.url);
    if (!url.pathname.startsWith(API_PATH)) {
      return;
    }
    check(async () =>
      contract.checkResponse({
        method: request.method,
        path: url.pathname.slice(API_PATH.length),
        status: response.status,
        body: await jsonBodyOf(response),
      }),
    );
  });

  const courseOr404 = (id: string) => {
    const course = courses.find(c => c.id === id);
    return course
      ? { course }
      : {
          response: HttpResponse.json(
            errorBody('NotFoundError', `No course "${id}"`, 404),
            { status: 404 },
          ),
        };
  };

  const enroll = (course: Course): Enrollment => {
    const existing = enrollments.get(course.id);
    if (existing) {
      return existing;
    }
    const enrollment: Enrollment = {
      courseId: course.id,
      courseTitle: course.title,
      enrolledAt: '2025-11-10T09:00:00.000Z',
      progress: 0,
      completedLessonIds: [],
    };
    enrollments.set(course.id, enrollment);
    return enrollment;
  };

  const authored = (document: CourseDocument): Course => ({
    ...document,
    source: 'api',
    updatedBy: 'user:default/guest',
    createdAt: '2025-11-10T09:00:00.000Z',
    updatedAt: '2025-11-10T09:00:00.000Z',
  });

  server.use(
    http.get(`${COURSES_API_URL}/courses`, ({ request }) => {
      const params = new URL(request.url).searchParams;
      const found = courses.filter(course => matches(course, params));
      const limit = Number(params.get('limit') ?? 20);
      const offset = Number(params.get('cursor') ?? 0);
      const next = offset + limit;
      return HttpResponse.json({
        items: found.slice(offset, next).map(summaryOf),
        totalCount: found.length,
        ...(next < found.length && { nextCursor: String(next) }),
      });
    }),
    http.get(`${COURSES_API_URL}/facets`, () => {
      const counted = (values: string[]) =>
        [...new Set(values)].sort().map(value => ({
          value,
          count: values.filter(v => v === value).length,
        }));
      return HttpResponse.json({
        categories: counted(courses.map(course => course.category)),
        levels: COURSE_LEVELS.map(value => ({
          value,
          count: courses.filter(course => course.level === value).length,
        })).filter(level => level.count > 0),
        tags: counted(courses.flatMap(course => course.tags)),
      });
    }),
    http.get(`${COURSES_API_URL}/courses/:id`, ({ params }) => {
      const { course, response } = courseOr404(params.id as string);
      return response ?? HttpResponse.json(course);
    }),
    http.post(`${COURSES_API_URL}/courses`, async ({ request }) => {
      const course = authored((await request.json()) as CourseDocument);
      courses.push(course);
      return HttpResponse.json(course, { status: 201 });
    }),
    http.put(`${COURSES_API_URL}/courses/:id`, async ({ params, request }) => {
      const { course, response } = courseOr404(params.id as string);
      if (response) {
        return response;
      }
      const replaced = authored((await request.json()) as CourseDocument);
      courses[courses.indexOf(course)] = replaced;
      return HttpResponse.json(replaced);
    }),
    http.delete(`${COURSES_API_URL}/courses/:id`, ({ params }) => {
      const { course, response } = courseOr404(params.id as string);
      if (response) {
        return response;
      }
      courses.splice(courses.indexOf(course), 1);
      enrollments.delete(course.id);
      return new HttpResponse(null, { status: 204 });
    }),
    http.post(`${COURSES_API_URL}/courses/:id/enrollment`, ({ params }) => {
      const { course, response } = courseOr404(params.id as string);
      return response ?? HttpResponse.json(enroll(course));
    }),
    http.delete(`${COURSES_API_URL}/courses/:id/enrollment`, ({ params }) => {
      enrollments.delete(params.id as string);
      return new HttpResponse(null, { status: 204 });
    }),
    http.post(
      `${COURSES_API_URL}/courses/:id/progress`,
      async ({ params, request }) => {
        const { course, response } = courseOr404(params.id as string);
        if (response) {
          return response;
        }
        const { lessonId, completed } = (await request.json()) as {
          lessonId: string;
          completed: boolean;
        };
        const enrollment = enroll(course);
        const done = new Set(enrollment.completedLessonIds);
        if (completed) {
          done.add(lessonId);
        } else {
          done.delete(lessonId);
        }
        const all = lessonIdsOf(course);
        enrollment.completedLessonIds = all.filter(id => done.has(id));
        enrollment.progress = enrollment.completedLessonIds.length / all.length;
        if (enrollment.progress === 1) {
          enrollment.completedAt = '2025-11-10T10:00:00.000Z';
        } else {
          delete enrollment.completedAt;
        }
        return HttpResponse.json(enrollment);
      },
    ),
    http.get(`${COURSES_API_URL}/me/enrollments`, () =>
      HttpResponse.json({ items: [...enrollments.values()] }),
    ),
    http.get(`${COURSES_API_URL}/courses/:id/teams/:groupRef`, ({ params }) =>
      data.team
        ? HttpResponse.json({ ...data.team, groupRef: params.groupRef })
        : HttpResponse.json(
            errorBody('NotFoundError', `No group ${params.groupRef}`, 404),
            { status: 404 },
          ),
    ),
  );
  return received;
}

/** The requests of one method and path, oldest first. */
export function requestsTo(
  received: ReceivedRequest[],
  method: string,
  path: string,
): ReceivedRequest[] {
  return received.filter(r => r.method === method && r.path === path);
}
