import { mockServices } from '@backstage/backend-test-utils';
import { CourseList, CourseSummary } from '@internal/plugin-courses-common';
import { CourseCollatorFactory } from './CourseCollatorFactory';

function summary(id: string): CourseSummary {
  return {
    id,
    title: `Title of ${id}`,
    summary: `Summary of ${id}`,
    category: 'delivery',
    level: 'beginner',
    tags: ['argocd'],
    estimatedMinutes: 20,
    owner: 'group:default/platform-team',
    prerequisites: [],
    source: 'api',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    moduleCount: 1,
    lessonCount: 2,
  };
}

async function collect(factory: CourseCollatorFactory) {
  const documents = [];
  for await (const document of await factory.getCollator()) {
    documents.push(document);
  }
  return documents;
}

describe('CourseCollatorFactory', () => {
  it('pages through every course and indexes each as a course document', async () => {
    const pages: Record<string, CourseList> = {
      first: {
        items: [summary('a'), summary('b')],
        nextCursor: 'c1',
        totalCount: 3,
      },
      c1: { items: [summary('c')], totalCount: 3 },
    };
    const listCourses = jest.fn(
      async ({ cursor }: { cursor?: string }) => pages[cursor ?? 'first'],
    );
    const factory = new CourseCollatorFactory({ listCourses });

    const documents = await collect(factory);

    expect(factory.type).toBe('course');
    expect(listCourses.mock.calls.map(([q]) => q)).toEqual([
      { limit: 100, cursor: undefined },
      { limit: 100, cursor: 'c1' },
    ]);
    expect(documents.map(d => d.location)).toEqual([
      '/learn/courses/a',
      '/learn/courses/b',
      '/learn/courses/c',
    ]);
    expect(documents[0]).toEqual({
      title: 'Title of a',
      text: 'Summary of a',
      location: '/learn/courses/a',
      category: 'delivery',
      level: 'beginner',
      tags: ['argocd'],
    });
  });

  it('calls the courses API with a plugin token', async () => {
    const fetch = jest.spyOn(globalThis, 'fetch').mockResolvedValue(
      new Response(JSON.stringify({ items: [], totalCount: 0 }), {
        headers: { 'Content-Type': 'application/json' },
      }),
    );
    const factory = CourseCollatorFactory.fromServices({
      discovery: mockServices.discovery(),
      auth: mockServices.auth({ pluginId: 'search' }),
    });

    expect(await collect(factory)).toEqual([]);
    const [url, init] = fetch.mock.calls[0];
    expect(String(url)).toMatch(/\/api\/courses\/courses\?limit=100$/);
    expect((init?.headers as Record<string, string>).Authorization).toMatch(
      /^Bearer /,
    );
    fetch.mockRestore();
  });
});
