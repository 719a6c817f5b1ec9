import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { serveBackend, takeSpecViolations } from './backend';
import {
  aCourse,
  aTeamCompletion,
  COURSES_API_URL,
  summaryOf,
} from './fixtures';

const server = setupServer();
registerMswTestHooks(server);

async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${COURSES_API_URL}${path}`, {
    method,
    ...(body !== undefined && {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe('the fake courses backend', () => {
  it('answers every operation of the spec as the spec says', async () => {
    serveBackend(server, { team: aTeamCompletion() });
    // A course document: a course without what the backend adds.
    const { source, updatedBy, createdAt, updatedAt, ...newCourse } = aCourse({
      id: 'incident-response',
    });

    const statuses = [
      (await call('GET', '/courses?limit=1&category=delivery')).status,
      (
        await call(
          'GET',
          '/courses?search=gitops&level=intermediate&tag=argocd',
        )
      ).status,
      (await call('GET', '/courses?limit=1&cursor=1')).status,
      (await call('GET', '/facets')).status,
      (await call('GET', '/courses/deploying-with-argocd')).status,
      (await call('GET', '/courses/no-such-course')).status,
      (await call('POST', '/courses', newCourse)).status,
      (await call('PUT', '/courses/incident-response', newCourse)).status,
      (await call('POST', '/courses/incident-response/enrollment')).status,
      (
        await call('POST', '/courses/incident-response/progress', {
          lessonId: 'what-is-gitops',
          completed: true,
        })
      ).status,
      (await call('GET', '/me/enrollments')).status,
      (await call('DELETE', '/courses/incident-response/enrollment')).status,
      (
        await call(
          'GET',
          `/courses/deploying-with-argocd/teams/${encodeURIComponent(
            'group:default/platform-team',
          )}`,
        )
      ).status,
      (await call('DELETE', '/courses/incident-response')).status,
    ];

    expect(statuses).toEqual([
      200, 200, 200, 200, 200, 404, 201, 200, 200, 200, 200, 204, 200, 204,
    ]);
    expect(await takeSpecViolations()).toEqual([]);
  });

  it('reports a response that breaks the spec, naming the field', async () => {
    serveBackend(server);
    const { lessonCount: _, ...withoutLessonCount } = summaryOf(aCourse());
    server.use(
      http.get(`${COURSES_API_URL}/courses`, () =>
        HttpResponse.json({ items: [withoutLessonCount], totalCount: 1 }),
      ),
    );

    await call('GET', '/courses');

    expect(await takeSpecViolations()).toEqual([
      'GET /courses → 200: body.items[0].lessonCount: is required',
    ]);
  });

  it('reports a request that breaks the spec, and a status it does not declare', async () => {
    serveBackend(server);
    server.use(
      http.get(`${COURSES_API_URL}/facets`, () =>
        HttpResponse.json(
          { error: { name: 'NotFoundError', message: 'Gone' } },
          { status: 404 },
        ),
      ),
    );

    await call('GET', '/courses?limit=0&sort=title');
    await call('GET', '/facets');

    expect(await takeSpecViolations()).toEqual([
      'GET /courses: query.limit: must be at least 1, not 0',
      'GET /courses: query.sort: is not in the spec',
      'GET /facets → 404: the spec declares no such status',
    ]);
  });
});
