import { UrlReaderService } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createCourseStores } from '../database/createCourseStores';
import { courseDocument } from '../testUtils';
import { CourseLocation } from './locations';
import { CourseLocationRefresher } from './CourseLocationRefresher';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const A = 'https://git.example.com/a.yaml';
const B = 'https://git.example.com/b.yaml';

/** A UrlReader serving files from a map; a missing file is a 404. */
function urlReaderOf(files: Map<string, string>): UrlReaderService {
  return {
    readUrl: async url => {
      const content = files.get(url);
      if (content === undefined) {
        throw new NotFoundError(`${url} not found`);
      }
      return { buffer: async () => Buffer.from(content, 'utf8') } as any;
    },
    readTree: async () => {
      throw new Error('course locations are single files');
    },
    search: async () => {
      throw new Error('course locations are single files');
    },
  };
}

async function setUp(locations: CourseLocation[]) {
  const knex = await databases.init('SQLITE_3');
  const { courseCatalog: store } = await createCourseStores({
    database: mockServices.database({ knex }),
  });
  const files = new Map<string, string>();
  const refresher = new CourseLocationRefresher({
    locations,
    store,
    urlReader: urlReaderOf(files),
    logger: mockServices.logger.mock(),
    now: () => new Date('2026-01-01T00:00:00Z'),
  });
  const ids = async () =>
    (await store.listCourses({ limit: 100 })).items.map(
      c => `${c.id}@${c.source}`,
    );
  return { store, files, refresher, ids };
}

const yamlOf = (...ids: string[]) =>
  ids.map(id => stringify(courseDocument({ id }))).join('---\n');

describe('CourseLocationRefresher', () => {
  it('ingests every location and removes courses dropped from a valid file', async () => {
    const { files, refresher, ids } = await setUp([
      { type: 'url', target: A },
      { type: 'url', target: B },
    ]);
    files.set(A, yamlOf('a1', 'a2'));
    files.set(B, yamlOf('b1'));

    await refresher.refresh();
    expect(await ids()).toEqual([
      `a1@location:${A}`,
      `a2@location:${A}`,
      `b1@location:${B}`,
    ]);

    files.set(A, yamlOf('a1'));
    await refresher.refresh();
    expect(await ids()).toEqual([`a1@location:${A}`, `b1@location:${B}`]);
  });

  it("reports a broken file and keeps its courses and everyone else's", async () => {
    const { store, files, refresher, ids } = await setUp([
      { type: 'url', target: A },
      { type: 'url', target: B },
    ]);
    files.set(A, yamlOf('a1', 'a2'));
    files.set(B, yamlOf('b1'));
    await refresher.refresh();

    files.set(A, `${yamlOf('a1')}---\nid: a2\ntitle: Half a course\n`);
    files.delete(B);
    await refresher.refresh();

    expect(await ids()).toEqual([
      `a1@location:${A}`,
      `a2@location:${A}`,
      `b1@location:${B}`,
    ]);
    const refreshes = await store.listLocationRefreshes();
    expect(refreshes).toEqual([
      {
        target: A,
        status: 'error',
        error: expect.stringContaining('document 2: summary: is required'),
        lastRefreshAt: '2026-01-01T00:00:00.000Z',
      },
      {
        target: B,
        status: 'error',
        error: `${B} not found`,
        lastRefreshAt: '2026-01-01T00:00:00.000Z',
      },
    ]);
  });

  it("refuses a course id another location provides, keeping both files' courses", async () => {
    const { store, files, refresher, ids } = await setUp([
      { type: 'url', target: A },
      { type: 'url', target: B },
    ]);
    files.set(A, yamlOf('shared'));
    files.set(B, yamlOf('b1', 'shared'));

    await refresher.refresh();

    expect(await ids()).toEqual([`shared@location:${A}`]);
    const [, b] = await store.listLocationRefreshes();
    expect(b).toMatchObject({
      status: 'error',
      error: `id: course "shared" already comes from location:${A}`,
    });
  });

  it('reports each location: pending before its first refresh, then its outcome and courses', async () => {
    const { files, refresher } = await setUp([
      { type: 'url', target: A },
      { type: 'url', target: B },
    ]);
    expect(await refresher.statuses()).toEqual([
      { target: A, status: 'pending', courseCount: 0 },
      { target: B, status: 'pending', courseCount: 0 },
    ]);

    files.set(A, yamlOf('a1', 'a2'));
    await refresher.refresh();

    expect(await refresher.statuses()).toEqual([
      {
        target: A,
        status: 'ok',
        lastRefreshAt: '2026-01-01T00:00:00.000Z',
        courseCount: 2,
      },
      {
        target: B,
        status: 'error',
        error: `${B} not found`,
        lastRefreshAt: '2026-01-01T00:00:00.000Z',
        courseCount: 0,
      },
    ]);
  });

  it('reads file locations from disk and drops courses of unconfigured locations', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'courses-'));
    const path = join(dir, 'courses.yaml');
    await writeFile(path, yamlOf('local'));
    const { store, refresher, ids } = await setUp([
      { type: 'file', target: path },
    ]);
    await store.replaceLocationCourses(`location:${A}`, [
      courseDocument({ id: 'old' }),
    ]);

    await refresher.refresh();

    expect(await ids()).toEqual([`local@location:${path}`]);
  });
});
