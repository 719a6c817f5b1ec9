import { CoursesClient } from './CoursesClient';

function setUp(response: () => Response) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) =>
    response(),
  );
  const client = new CoursesClient({
    discoveryApi: { getBaseUrl: async () => 'http://backstage/api/courses' },
    fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
  });
  return { client, fetch };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

describe('CoursesClient', () => {
  it('lists with encoded query parameters, leaving out empty ones', async () => {
    const { client, fetch } = setUp(() => json({ items: [], totalCount: 0 }));

    await client.listCourses({ search: 'argo cd', tag: '', limit: 5 });
    await client.listCourses();

    expect(fetch.mock.calls.map(([url]) => url)).toEqual([
      'http://backstage/api/courses/courses?search=argo+cd&limit=5',
      'http://backstage/api/courses/courses',
    ]);
  });

  it('reads the facets of the whole catalog', async () => {
    const facets = {
      categories: [{ value: 'delivery', count: 3 }],
      levels: [{ value: 'beginner', count: 3 }],
      tags: [],
    };
    const { client, fetch } = setUp(() => json(facets));

    await expect(client.getFacets()).resolves.toEqual(facets);
    expect(fetch.mock.calls[0][0]).toBe('http://backstage/api/courses/facets');
  });

  it('encodes a group ref as one path segment', async () => {
    const { client, fetch } = setUp(() => json({ items: [] }));

    await client.getTeamCompletion('writing-techdocs', 'group:default/team-a');

    expect(fetch.mock.calls[0][0]).toBe(
      'http://backstage/api/courses/courses/writing-techdocs/teams/group%3Adefault%2Fteam-a',
    );
  });

  it('posts progress with a JSON body', async () => {
    const { client, fetch } = setUp(() => json({ courseId: 'c' }));

    await client.setLessonProgress('c', { lessonId: 'l1', completed: true });

    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('http://backstage/api/courses/courses/c/progress');
    expect(init).toMatchObject({
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ lessonId: 'l1', completed: true }),
    });
  });

  it('resolves requests answered with 204 to undefined', async () => {
    const { client, fetch } = setUp(() => new Response(null, { status: 204 }));

    await expect(client.unenroll('c')).resolves.toBeUndefined();
    expect(fetch.mock.calls[0][1]).toMatchObject({ method: 'DELETE' });
  });

  it("throws the server's error", async () => {
    const { client } = setUp(() =>
      json(
        {
          error: { name: 'NotFoundError', message: 'No course "nope"' },
          response: { statusCode: 404 },
        },
        404,
      ),
    );

    const error = await client.getCourse('nope').catch(e => e);

    expect(error).toMatchObject({ name: 'ResponseError', statusCode: 404 });
    expect(error.cause.message).toBe('No course "nope"');
  });
});
