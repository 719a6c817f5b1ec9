import {
  decodeErrors,
  roadieCodecs,
} from '../__testUtils__/roadieArgoCdCodecs';
import {
  getJson,
  loginToArgoCd,
  sendJson,
  waitFor,
} from '../__testUtils__/http';
import { DEMO_APPLICATIONS } from '../demoPlatform';
import { RunningDouble } from '../http/listen';
import { startKubernetesDouble } from '../kubernetes/startKubernetesDouble';
import { createDemoWorld, DemoWorld } from '../world/createDemoWorld';
import { startArgoCdDouble } from './startArgoCdDouble';

const PASSWORD = 'test-password';
const NEW_REVISION = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

describe('startArgoCdDouble', () => {
  let world: DemoWorld;
  let argocd: RunningDouble;
  let headers: Record<string, string>;

  beforeEach(async () => {
    world = createDemoWorld({ syncDurationMs: 100 });
    argocd = await startArgoCdDouble({
      port: 0,
      world,
      username: 'admin',
      password: PASSWORD,
    });
    headers = await loginToArgoCd(argocd.url, 'admin', PASSWORD);
  });

  afterEach(async () => {
    world.close();
    await argocd.close();
  });

  const api = (path: string) => `${argocd.url}/api/v1${path}`;
  const getApp = async (name: string) =>
    (await getJson(api(`/applications/${name}`), headers)).body;

  describe('sessions', () => {
    it('issues a JWT for the configured account, also as the argocd.token cookie', async () => {
      const response = await fetch(api('/session'), {
        method: 'POST',
        body: JSON.stringify({ username: 'admin', password: PASSWORD }),
        headers: { 'Content-Type': 'application/json' },
      });
      expect(response.status).toBe(200);
      const { token } = await response.json();
      expect(token.split('.')).toHaveLength(3);
      expect(response.headers.get('set-cookie')).toContain(
        `argocd.token=${token}`,
      );

      const viaCookie = await getJson(api('/applications/jobs-api'), {
        Cookie: `argocd.token=${token}`,
      });
      expect(viaCookie.status).toBe(200);
      expect(
        (
          await getJson(api('/session/userinfo'), {
            Authorization: `Bearer ${token}`,
          })
        ).body,
      ).toEqual({
        loggedIn: true,
        username: 'admin',
        iss: 'argocd',
      });
    });

    it.each([
      ['a wrong password', { username: 'admin', password: 'nope' }],
      ['an unknown user', { username: 'root', password: PASSWORD }],
      ['no credentials', {}],
    ])("refuses %s with ArgoCD's 401 error", async (_case, credentials) => {
      expect(await sendJson('POST', api('/session'), credentials)).toEqual({
        status: 401,
        body: {
          error: 'Invalid username or password',
          code: 16,
          message: 'Invalid username or password',
        },
      });
    });

    it.each([
      ['no token', {}, 'no session information'],
      [
        'a malformed token',
        { Authorization: 'Bearer not-a-jwt' },
        'invalid session: token contains an invalid number of segments',
      ],
      [
        'a token signed elsewhere',
        {
          Authorization:
            'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbjpsb2dpbiJ9.c2lnbmF0dXJl',
        },
        'invalid session: token signature is invalid: signature is invalid',
      ],
    ])(
      'answers a request with %s with 401',
      async (_case, requestHeaders, message) => {
        for (const path of [
          '/applications',
          '/applications/jobs-api',
          '/projects',
        ]) {
          expect(await getJson(api(path), requestHeaders)).toEqual({
            status: 401,
            body: { error: message, code: 16, message },
          });
        }
        expect(
          await sendJson(
            'POST',
            api('/applications/jobs-api/sync'),
            {},
            requestHeaders,
          ),
        ).toMatchObject({ status: 401 });
      },
    );

    it('revokes the token on logout', async () => {
      expect(
        (await sendJson('DELETE', api('/session'), undefined, headers)).status,
      ).toBe(200);
      expect(await getJson(api('/applications'), headers)).toMatchObject({
        status: 401,
        body: {
          code: 16,
          message: 'invalid session: token is revoked, please re-login',
        },
      });
    });

    it('answers its health check without a session', async () => {
      const res = await fetch(`${argocd.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('ok');
    });

    it('serves its version without a session', async () => {
      expect((await getJson(`${argocd.url}/api/version`)).body.Version).toMatch(
        /^v2\.\d+\.\d+\+local-double$/,
      );
    });
  });

  describe('applications', () => {
    it('answers every application in the shape the Roadie frontend decodes', async () => {
      for (const application of DEMO_APPLICATIONS) {
        const { name, service } = application;
        const app = await getApp(name);
        expect([
          name,
          decodeErrors(roadieCodecs.argoCDAppDetails, app),
        ]).toEqual([name, []]);
        expect(app.metadata).toMatchObject({ name, namespace: 'argocd' });
        expect(app.spec).toMatchObject({
          project: application.project,
          source: {
            repoURL: 'https://github.com/acme-platform/gitops',
            path: `apps/${service.name}/overlays/${application.environment}`,
            targetRevision: 'main',
          },
          destination: {
            server: 'https://kubernetes.default.svc',
            namespace: application.namespace,
          },
        });
        expect(app.status.sync.revision).toMatch(/^[0-9a-f]{40}$/);
        expect(app.status.history.length).toBeGreaterThanOrEqual(3);
        for (const entry of app.status.history) {
          expect(decodeErrors(roadieCodecs.argoCDAppHistory, entry)).toEqual(
            [],
          );
        }
        expect(app.status.summary.images).toEqual([
          expect.stringMatching(new RegExp(`^${service.image}:[0-9a-f]{7}$`)),
        ]);
        expect(app.status.operationState).toMatchObject({
          phase: 'Succeeded',
          syncResult: { revision: expect.any(String) },
        });
      }
    });

    it('answers the list in the shape the Roadie frontend decodes', async () => {
      const { status, body } = await getJson(api('/applications'), headers);
      expect(status).toBe(200);
      expect(decodeErrors(roadieCodecs.argoCDAppList, body)).toEqual([]);
      expect(body.metadata.resourceVersion).toMatch(/^\d+$/);
      expect(body.items.map((a: any) => a.metadata.name)).toEqual(
        DEMO_APPLICATIONS.map(a => a.name).sort(),
      );
    });

    it('decodes nothing broken: the codec check can fail', async () => {
      const app = await getApp('jobs-api');
      delete app.status.sync.status;
      expect(decodeErrors(roadieCodecs.argoCDAppDetails, app)).toEqual([
        'status.sync.status: undefined',
      ]);
    });

    it('shows notification-service Degraded and at least one app OutOfSync', async () => {
      expect((await getApp('notification-service')).status.health.status).toBe(
        'Degraded',
      );
      const { body } = await getJson(api('/applications'), headers);
      expect(
        body.items.filter((a: any) => a.status.sync.status === 'OutOfSync')
          .length,
      ).toBeGreaterThan(0);
    });

    it.each([
      [
        'selector=backstage-name%3Dcourse-service',
        [
          'course-service',
          'course-service-development',
          'course-service-staging',
        ],
      ],
      [
        'selector=backstage.io%2Fkubernetes-id%20in%20(jobs-api%2Cjobs-worker)',
        [
          'jobs-api',
          'jobs-api-development',
          'jobs-api-staging',
          'jobs-worker',
          'jobs-worker-development',
          'jobs-worker-staging',
        ],
      ],
      ['projects=jobs', ['jobs-api', 'jobs-worker']],
      [
        'projects=default&selector=backstage-name%3Duser-service',
        ['user-service-development', 'user-service-staging'],
      ],
      [
        'project=platform',
        ['developer-portal', 'infrastructure-controller', 'pipeline-engine'],
      ],
      [
        'projects=jobs&projects=platform&selector=backstage-name%3Djobs-api',
        ['jobs-api'],
      ],
      ['name=user-service', ['user-service']],
      ['selector=backstage-name%3Dnobody', []],
    ])('filters the list by %s', async (query, expected) => {
      const { body } = await getJson(api(`/applications?${query}`), headers);
      expect(body.items.map((a: any) => a.metadata.name)).toEqual(expected);
      expect(decodeErrors(roadieCodecs.argoCDAppList, body)).toEqual([]);
    });

    it('answers an unparsable selector with gRPC Unknown', async () => {
      const { status, body } = await getJson(
        api('/applications?selector=a%3Db%3Dc'),
        headers,
      );
      expect(status).toBe(500);
      expect(body).toMatchObject({
        code: 2,
        error: expect.stringMatching(/^error parsing the selector: /),
      });
    });

    it.each([
      ['GET', '/applications/ghost'],
      ['GET', '/applications/ghost/revisions/abc/metadata'],
      ['POST', '/applications/ghost/sync'],
      ['DELETE', '/applications/ghost'],
      ['DELETE', '/applications/ghost/operation'],
      ['GET', '/applications/jobs-api?project=learning'],
    ])("answers %s %s with ArgoCD's not-found error", async (method, path) => {
      const name = path.split('/')[2].split('?')[0];
      const message = `applications.argoproj.io "${name}" not found`;
      const response =
        method === 'GET'
          ? await getJson(api(path), headers)
          : await sendJson(method as 'POST' | 'DELETE', api(path), {}, headers);
      expect(response).toEqual({
        status: 404,
        body: { error: message, code: 5, message },
      });
    });

    it('serves the metadata of every deployed revision', async () => {
      const app = await getApp('course-service');
      for (const { revision } of app.status.history) {
        const { status, body } = await getJson(
          api(`/applications/course-service/revisions/${revision}/metadata`),
          headers,
        );
        expect(status).toBe(200);
        expect(
          decodeErrors(roadieCodecs.argoCDAppDeployRevisionDetails, body),
        ).toEqual([]);
        const { tags, ...fields } = body;
        expect(fields).toEqual({
          author: expect.stringMatching(/^.+ <.+@.+>$/),
          date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
          message: expect.any(String),
        });
        // ArgoCD omits empty tags rather than sending [].
        expect(tags === undefined || tags.length > 0).toBe(true);
        expect(Date.parse(body.date)).toBeLessThan(
          Date.parse(
            app.status.history.find((h: any) => h.revision === revision)
              .deployStartedAt,
          ),
        );
      }
    });

    it('answers the metadata of a revision that is not a commit sha with gRPC Unknown', async () => {
      const { status, body } = await getJson(
        api('/applications/course-service/revisions/not-a-sha/metadata'),
        headers,
      );
      expect(status).toBe(500);
      expect(body.code).toBe(2);
    });

    it('refreshes on ?refresh=normal', async () => {
      const before = (await getApp('jobs-api')).status.reconciledAt;
      await new Promise(resolve => setTimeout(resolve, 1100));
      const { body } = await getJson(
        api('/applications/jobs-api?refresh=normal'),
        headers,
      );
      expect(Date.parse(body.status.reconciledAt)).toBeGreaterThan(
        Date.parse(before),
      );
    });
  });

  describe('sync', () => {
    it('runs an operation that ends in a new revision and history entry', async () => {
      const before = await getApp('jobs-api');
      const lastId = before.status.history[before.status.history.length - 1].id;

      const started = await sendJson(
        'POST',
        api('/applications/jobs-api/sync'),
        { revision: NEW_REVISION, prune: false, dryRun: false },
        headers,
      );
      expect(started.status).toBe(200);
      expect(decodeErrors(roadieCodecs.argoCDAppDetails, started.body)).toEqual(
        [],
      );
      expect(started.body.operation.sync.revision).toBe(NEW_REVISION);
      expect(started.body.status.operationState.phase).toBe('Running');

      const again = await sendJson(
        'POST',
        api('/applications/jobs-api/sync'),
        {},
        headers,
      );
      expect(again).toEqual({
        status: 400,
        body: {
          error: 'another operation is already in progress',
          code: 9,
          message: 'another operation is already in progress',
        },
      });

      const synced = await waitFor(async () => {
        const app = await getApp('jobs-api');
        return app.status.operationState.phase === 'Succeeded'
          ? app
          : undefined;
      });
      expect(synced.status.sync).toMatchObject({
        status: 'Synced',
        revision: NEW_REVISION,
      });
      expect(
        synced.status.history[synced.status.history.length - 1],
      ).toMatchObject({ id: lastId + 1, revision: NEW_REVISION });
      expect(synced.status.operationState.finishedAt).toEqual(
        expect.any(String),
      );
      expect(decodeErrors(roadieCodecs.argoCDAppDetails, synced)).toEqual([]);
      const metadata = await getJson(
        api(`/applications/jobs-api/revisions/${NEW_REVISION}/metadata`),
        headers,
      );
      expect(
        decodeErrors(
          roadieCodecs.argoCDAppDeployRevisionDetails,
          metadata.body,
        ),
      ).toEqual([]);
    });

    it("syncs a service's staging application, leaving its production one alone", async () => {
      const production = await getApp('user-service');

      const started = await sendJson(
        'POST',
        api('/applications/user-service-staging/sync'),
        { revision: NEW_REVISION },
        headers,
      );
      expect(started.status).toBe(200);
      expect(started.body.status.health.status).toBe('Progressing');

      const synced = await waitFor(async () => {
        const app = await getApp('user-service-staging');
        return app.status.operationState.phase === 'Succeeded'
          ? app
          : undefined;
      });
      expect(decodeErrors(roadieCodecs.argoCDAppDetails, synced)).toEqual([]);
      expect(synced.status).toMatchObject({
        sync: { status: 'Synced', revision: NEW_REVISION },
        health: { status: 'Healthy' },
        summary: {
          images: [
            `ghcr.io/acme-platform/user-service:${NEW_REVISION.slice(0, 7)}`,
          ],
        },
      });
      const after = await getApp('user-service');
      expect(after.status.history).toEqual(production.status.history);
      expect(after.status.sync).toEqual(production.status.sync);
    });

    it('answers a revision git cannot resolve with gRPC Unknown', async () => {
      const { status, body } = await sendJson(
        'POST',
        api('/applications/jobs-api/sync'),
        { revision: 'no-such-branch' },
        headers,
      );
      expect(status).toBe(500);
      expect(body).toMatchObject({
        code: 2,
        message: expect.stringContaining("unable to resolve 'no-such-branch'"),
      });
      expect((await getApp('jobs-api')).status.operationState.phase).toBe(
        'Succeeded',
      );
    });

    it('rejects a mistyped body field', async () => {
      const { status, body } = await sendJson(
        'POST',
        api('/applications/jobs-api/sync'),
        { revision: 42 },
        headers,
      );
      expect(status).toBe(400);
      expect(body.code).toBe(3);
    });

    it('terminates a running operation, and refuses when none runs', async () => {
      const none = await sendJson(
        'DELETE',
        api('/applications/jobs-api/operation'),
        undefined,
        headers,
      );
      expect(none).toEqual({
        status: 400,
        body: {
          error: 'Unable to terminate operation. No operation is in progress',
          code: 3,
          message: 'Unable to terminate operation. No operation is in progress',
        },
      });
      await sendJson(
        'POST',
        api('/applications/jobs-api/sync'),
        { revision: NEW_REVISION },
        headers,
      );
      expect(
        await sendJson(
          'DELETE',
          api('/applications/jobs-api/operation'),
          undefined,
          headers,
        ),
      ).toEqual({ status: 200, body: {} });
      expect((await getApp('jobs-api')).status.operationState).toMatchObject({
        phase: 'Failed',
        message: 'Operation terminated',
      });
    });

    it('rolls the pods out in the Kubernetes double that shares the world', async () => {
      const kubernetes = await startKubernetesDouble({
        port: 0,
        world,
        token: 't',
      });
      const podNames = async () =>
        (
          await getJson(
            `${kubernetes.url}/api/v1/namespaces/learning/pods?labelSelector=app%3Dcourse-service`,
            { Authorization: 'Bearer t' },
          )
        ).body.items.map(
          (p: any) =>
            `${p.metadata.name} ${p.status.phase} ${p.spec.containers[0].image}`,
        );
      const before = await podNames();
      await sendJson(
        'POST',
        api('/applications/course-service/sync'),
        { revision: NEW_REVISION },
        headers,
      );
      const after = await waitFor(async () => {
        const names = await podNames();
        return names.length === 3 &&
          names.every((n: string) => n.includes(' Running ')) &&
          !names.some((n: string) => before.includes(n))
          ? names
          : undefined;
      });
      for (const pod of after)
        expect(pod).toMatch(new RegExp(`:${NEW_REVISION.slice(0, 7)}$`));
      await kubernetes.close();
    });
  });

  describe('deletion', () => {
    it('deletes an application, which then reads as not found', async () => {
      expect(
        await sendJson(
          'DELETE',
          api('/applications/jobs-worker?cascade=true'),
          undefined,
          headers,
        ),
      ).toEqual({ status: 200, body: {} });
      expect(
        (await getJson(api('/applications/jobs-worker'), headers)).status,
      ).toBe(404);
      expect(
        world.listKubernetesObjects('Deployment').map(d => d.metadata?.name),
      ).not.toContain('jobs-worker');
    });
  });

  describe('projects', () => {
    it('lists one project per domain plus default', async () => {
      const { body } = await getJson(api('/projects'), headers);
      expect(body.items.map((p: any) => p.metadata.name)).toEqual([
        'default',
        'jobs',
        'learning',
        'platform',
      ]);
      expect(
        (await getJson(api('/projects/jobs'), headers)).body.spec.destinations,
      ).toEqual([
        { server: 'https://kubernetes.default.svc', namespace: 'jobs' },
      ]);
    });

    it('refuses to delete a project its applications use, and 404s an unknown one', async () => {
      expect(
        await sendJson('DELETE', api('/projects/jobs'), undefined, headers),
      ).toMatchObject({
        status: 400,
        body: { code: 3, message: 'project is referenced by 2 applications' },
      });
      expect(
        await sendJson('DELETE', api('/projects/ghost'), undefined, headers),
      ).toMatchObject({
        status: 404,
        body: { code: 5, message: 'appprojects.argoproj.io "ghost" not found' },
      });
    });
  });

  it('answers unknown API paths like grpc-gateway', async () => {
    expect(await getJson(api('/clusters-that-do-not-exist'), headers)).toEqual({
      status: 404,
      body: { error: 'Not Found', code: 5, message: 'Not Found' },
    });
  });
});
