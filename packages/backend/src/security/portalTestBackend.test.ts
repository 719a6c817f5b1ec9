/*
 * The in-process portal backend the security tests run on: real sign-in
 * tokens with the catalog's ownership claims, real authentication of
 * anonymous callers and static tokens (with production's accessRestrictions),
 * and the portal policy deciding on them. On SQLite and PostgreSQL.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  PortalTestBackend,
  startPortalTestBackend,
  TEST_USERS,
} from '../__testUtils__/portalTestBackend';

jest.setTimeout(300_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const deployment = (sourceId: string) => ({
  entityRef: 'component:default/course-service',
  environment: 'staging',
  version: '1.8.0',
  commitSha: 'abcdef1',
  status: 'succeeded',
  startedAt: '2026-01-10T10:00:00Z',
  source: 'ci',
  sourceId,
});

describe.each(databases.eachSupportedId())(
  'the portal test backend on %s',
  databaseId => {
    let backend: PortalTestBackend;

    beforeAll(async () => {
      backend = await startPortalTestBackend({ databases, databaseId });
    });

    afterAll(async () => {
      await backend?.stop();
    });

    it('signs users in with the ownership claims the catalog gives them', async () => {
      const token = await backend.tokenFor(TEST_USERS.learningTeamMember);
      const payload = JSON.parse(
        Buffer.from(token.split('.')[1], 'base64url').toString(),
      );
      expect(payload.sub).toBe(`user:default/${TEST_USERS.learningTeamMember}`);

      // What the userInfo service of every plugin reads for this token.
      const learning = await backend.ownershipOf(TEST_USERS.learningTeamMember);
      expect(learning).toEqual(
        expect.arrayContaining([
          `user:default/${TEST_USERS.learningTeamMember}`,
          'group:default/learning-team',
        ]),
      );
      expect(learning).not.toContain('group:default/platform-team');
      expect(await backend.ownershipOf(TEST_USERS.admin)).toContain(
        'group:default/platform-team',
      );
    });

    it('refuses a forged user token', async () => {
      const token = await backend.tokenFor(TEST_USERS.learningTeamMember);
      const [header, payload, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const forged = [
        header,
        Buffer.from(
          JSON.stringify({
            ...claims,
            sub: `user:default/${TEST_USERS.admin}`,
          }),
        ).toString('base64url'),
        signature,
      ].join('.');
      const res = await backend.request('GET', '/api/deployments/deployments', {
        as: { token: forged },
      });
      expect(res.status).toBe(401);
    });

    it('refuses a user the catalog does not know', async () => {
      await expect(backend.tokenFor('nobody-at-all')).rejects.toThrow(
        /Signing in nobody-at-all answered 4\d\d/,
      );
    });

    it('answers anonymous requests with 401 and stores nothing', async () => {
      for (const path of [
        '/api/catalog/entities',
        '/api/deployments/deployments',
        '/api/environments/environments',
        '/api/courses/courses',
        '/api/prometheus/instances',
      ]) {
        const res = await backend.request('GET', path, { as: 'anonymous' });
        expect({ path, status: res.status }).toEqual({ path, status: 401 });
      }
      const post = await backend.request(
        'POST',
        '/api/deployments/deployments',
        {
          as: 'anonymous',
          body: deployment('smoke-anonymous'),
        },
      );
      expect(post.status).toBe(401);
      const stored = await backend.request(
        'GET',
        '/api/deployments/deployments',
        {
          as: TEST_USERS.admin,
          query: { entityRef: 'component:default/course-service' },
        },
      );
      expect(stored.status).toBe(200);
      expect(
        stored.body.items.filter(
          (d: { sourceId: string }) => d.sourceId === 'smoke-anonymous',
        ),
      ).toEqual([]);
    });

    it('lets the CI token record deployments, and refuses it everywhere else', async () => {
      const recorded = await backend.request(
        'POST',
        '/api/deployments/deployments',
        { as: 'ci', body: deployment('smoke-ci') },
      );
      expect(recorded.status).toBe(201);
      expect(recorded.body.sourceId).toBe('smoke-ci');

      for (const path of [
        '/api/catalog/entities',
        '/api/environments/environments',
        '/api/courses/courses',
        '/api/prometheus/instances',
      ]) {
        const res = await backend.request('GET', path, { as: 'ci' });
        expect({ path, status: res.status }).toEqual({ path, status: 403 });
        expect(res.body.error.message).toMatch(
          /restricted to plugin\(s\) 'deployments'/,
        );
      }
      const lock = await backend.request('POST', '/api/environments/locks', {
        as: 'ci',
        body: { environment: 'staging', reason: 'not a CI job' },
      });
      expect(lock.status).toBe(403);

      // The argocd-notifications token is restricted the same way.
      const webhook = await backend.request('GET', '/api/catalog/entities', {
        as: 'argocd-webhook',
      });
      expect(webhook.status).toBe(403);
    });

    it('has the portal policy decide on real identities', async () => {
      // environment.lock is an admin action.
      const denied = await backend.request('POST', '/api/environments/locks', {
        as: TEST_USERS.learningTeamMember,
        body: { environment: 'staging', reason: 'smoke test' },
      });
      expect(denied.status).toBe(403);
      const before = await backend.request('GET', '/api/environments/locks', {
        as: TEST_USERS.learningTeamMember,
        query: { environment: 'staging' },
      });
      expect(before.body.items).toEqual([]);

      const allowed = await backend.request('POST', '/api/environments/locks', {
        as: TEST_USERS.admin,
        body: { environment: 'staging', reason: 'smoke test' },
      });
      expect(allowed.status).toBe(201);
      const removed = await backend.request(
        'DELETE',
        `/api/environments/locks/${allowed.body.id}`,
        { as: TEST_USERS.admin },
      );
      expect(removed.status).toBe(204);
    });

    it('is ready', async () => {
      const res = await backend.request(
        'GET',
        '/.backstage/health/v1/readiness',
        {
          as: 'anonymous',
        },
      );
      expect(res.status).toBe(200);
    });
  },
);
