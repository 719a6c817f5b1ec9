import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import {
  DEV_CI_TOKEN,
  eventually,
  PortalBackend,
  PortalDatabase,
  startPortalBackend,
} from './testing/startPortalBackend';

jest.setTimeout(240_000);

const ci = { Authorization: `Bearer ${DEV_CI_TOKEN}` };

async function getJson(backend: PortalBackend, path: string, headers = ci) {
  const res = await fetch(`${backend.baseUrl}${path}`, { headers });
  if (!res.ok) {
    throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
  }
  return res.json();
}

async function catalogEntities(backend: PortalBackend) {
  const body = await getJson(
    backend,
    '/api/catalog/entities/by-query?limit=500',
  );
  return body.items as Array<{ kind: string; metadata: any; spec?: any }>;
}

/**
 * The same checks against the real backend process on each database it
 * supports. `database` returns undefined where that database is not
 * configured here, and the suite is skipped.
 */
function describeBackendOn(
  name: string,
  database: PortalDatabase | undefined,
  prepare: () => Promise<() => Promise<void>> = async () => async () => {},
) {
  const describeIfConfigured = database ? describe : describe.skip;
  describeIfConfigured(`the portal backend on ${name}`, () => {
    let backend: PortalBackend;
    let cleanup: () => Promise<void> = async () => {};

    beforeAll(async () => {
      cleanup = await prepare();
      backend = await startPortalBackend({ database: database! });
    });

    afterAll(async () => {
      await backend?.stop();
      await cleanup();
    });

    it('is ready and rejects anonymous catalog reads', async () => {
      const readiness = await fetch(
        `${backend.baseUrl}/.backstage/health/v1/readiness`,
      );
      expect(readiness.status).toBe(200);
      const anonymous = await fetch(`${backend.baseUrl}/api/catalog/entities`);
      expect(anonymous.status).toBe(401);
    });

    it('ingests the whole demo catalog', async () => {
      const expectedKinds = [
        'Domain',
        'System',
        'Component',
        'API',
        'Resource',
        'Group',
        'User',
        'Template',
      ];
      // Ingestion is asynchronous: wait until every kind has arrived.
      const entities = await eventually(async () => {
        const items = await catalogEntities(backend);
        const kinds = new Set(items.map(e => e.kind));
        const components = items.filter(e => e.kind === 'Component');
        return expectedKinds.every(kind => kinds.has(kind)) &&
          components.length === 9
          ? items
          : undefined;
      }, 90_000);
      expect(entities.length).toBeGreaterThanOrEqual(44);
      const course = entities.find(e => e.metadata.name === 'course-service');
      expect(course?.metadata.annotations).toMatchObject({
        'argocd/app-name': 'course-service',
        'backstage.io/kubernetes-id': 'course-service',
        'prometheus.io/selector': 'app="course-service"',
      });
      const api = entities.find(e => e.metadata.name === 'courses-api');
      expect(api?.spec?.definition).toMatch(/^openapi: 3\./m);
    });

    it('signs the guest in as a member of the platform team', async () => {
      const res = await fetch(`${backend.baseUrl}/api/auth/guest/refresh`, {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      });
      expect(res.status).toBe(200);
      const session = await res.json();
      expect(session.backstageIdentity.identity).toMatchObject({
        userEntityRef: 'user:default/guest',
        ownershipEntityRefs: expect.arrayContaining([
          'group:default/platform-team',
        ]),
      });
    });
  });
}

/** Runs one statement on the server's maintenance connection. */
async function onServer(connectionString: string, sql: string) {
  const knex = knexFactory({ client: 'pg', connection: connectionString });
  try {
    await knex.raw(sql);
  } finally {
    await knex.destroy();
  }
}

describeBackendOn('SQLite', { client: 'sqlite' });

// A fresh database on the local PostgreSQL server, dropped afterwards.
const postgresUrl = process.env.PORTAL_TEST_POSTGRES_URL;
const postgresDatabase = `portal_startup_${randomBytes(4).toString('hex')}`;
describeBackendOn(
  'PostgreSQL',
  postgresUrl
    ? {
        client: 'pg',
        connectionString: postgresUrl,
        database: postgresDatabase,
      }
    : undefined,
  async () => {
    await onServer(postgresUrl!, `CREATE DATABASE "${postgresDatabase}"`);
    return () =>
      onServer(
        postgresUrl!,
        `DROP DATABASE IF EXISTS "${postgresDatabase}" WITH (FORCE)`,
      );
  },
);

describe('TechDocs for the portal itself', () => {
  let backend: PortalBackend;
  beforeAll(async () => {
    backend = await startPortalBackend({ database: { client: 'sqlite' } });
  });
  afterAll(() => backend?.stop());

  it('builds the docs with mkdocs and serves their metadata', async () => {
    const entity = '/default/component/developer-portal';
    await eventually(
      () => getJson(backend, `/api/techdocs/metadata/entity${entity}`),
      90_000,
    );
    // The sync endpoint streams build progress and ends when the site is published.
    const sync = await fetch(`${backend.baseUrl}/api/techdocs/sync${entity}`, {
      headers: { ...ci, Accept: 'text/event-stream' },
    });
    const events = await sync.text();
    expect(events).toMatch(/event: finish/);
    const metadata = await getJson(
      backend,
      `/api/techdocs/metadata/techdocs${entity}`,
    );
    expect(metadata.files).toEqual(
      expect.arrayContaining(['index.html', 'architecture/index.html']),
    );
    const page = await fetch(
      `${backend.baseUrl}/api/techdocs/static/docs${entity}/index.html`,
      { headers: ci },
    );
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Developer Portal');
  });
});
