import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { createBackend } from '@backstage/backend-defaults';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  createDemoWorld,
  DemoWorld,
  RunningDouble,
  startArgoCdDouble,
} from '@internal/local-doubles';
import argoCdBackendPlugin from '@roadiehq/backstage-plugin-argo-cd-backend';
import { freePort } from '../testing/startPortalBackend';
import { ARGOCD_READ_ONLY_MESSAGE } from './readOnlyArgoCd';
import { portalRootHttpRouterServiceFactory } from './rootHttpRouter';

/**
 * The portal's root HTTP router (the factory index.ts adds, with its real
 * configure hook) on Backstage's own backend, in front of the real Roadie
 * ArgoCD backend, which talks to the ArgoCD double, and of a plugin whose
 * routes fail the way calls to other services fail. Auth is mocked: the
 * router's rules do not depend on who calls. (startTestBackend cannot run a
 * root HTTP router of one's own: it reads its own server when it starts.)
 */

const ARGOCD_PASSWORD = 'test-argocd-password';
const INSTANCE = 'local-double';
const APP = 'course-service';

const asUser = {
  Authorization: mockCredentials.user.header('user:default/jane.doe'),
};
const asService = { Authorization: mockCredentials.service.header() };

/** Errors as calls to other services raise them, thrown by a plugin's route. */
const upstreamFailures: Record<string, () => Error> = {
  // A fetch that never connected: the cause names the internal address.
  '/unreachable': () =>
    Object.assign(new Error('Prometheus is unreachable'), {
      name: 'ServiceUnavailableError',
      cause: Object.assign(new Error('connect ECONNREFUSED 10.20.30.40:9090'), {
        code: 'ECONNREFUSED',
        address: '10.20.30.40',
        port: 9090,
      }),
    }),
  // Like @backstage/errors' ResponseError: the other service's whole answer.
  '/upstream-response': () =>
    Object.assign(new Error('Request failed with 500 Internal Server Error'), {
      name: 'ResponseError',
      statusCode: 502,
      response: {
        status: 500,
        url: 'http://catalog.internal:7007/api/catalog/entities',
      },
      body: {
        error: {
          name: 'DatabaseError',
          message: 'relation "final_entities" does not exist',
          stack: 'DatabaseError: relation ...\n    at Parser.parseErrorMessage',
        },
      },
    }),
  // Stacks nested outside the cause chain.
  '/nested': () =>
    Object.assign(new Error('Two of three calls failed'), {
      name: 'InputError',
      errors: [new Error('first'), new Error('second')],
    }),
};

const failingPlugin = createBackendPlugin({
  pluginId: 'failing',
  register(env) {
    env.registerInit({
      deps: { http: coreServices.httpRouter },
      async init({ http }) {
        http.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
        http.use((req, _res, next) => {
          const failure = upstreamFailures[req.path];
          next(failure ? failure() : undefined);
        });
      },
    });
  },
});

/** Every key anywhere in a JSON value. */
function keysDeep(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.flatMap(keysDeep);
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [
      key,
      ...keysDeep(item),
    ]);
  }
  return [];
}

describe("the portal's root HTTP router", () => {
  let world: DemoWorld;
  let argocd: RunningDouble;
  let baseUrl: string;
  let backend: ReturnType<typeof createBackend>;

  beforeAll(async () => {
    world = createDemoWorld({ syncDurationMs: 100 });
    argocd = await startArgoCdDouble({
      port: 0,
      world,
      username: 'admin',
      password: ARGOCD_PASSWORD,
    });
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    backend = createBackend();
    backend.add(portalRootHttpRouterServiceFactory);
    backend.add(
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl, listen: { host: '127.0.0.1', port } },
          argocd: {
            username: 'admin',
            password: ARGOCD_PASSWORD,
            waitCycles: 1,
            appLocatorMethods: [
              {
                type: 'config',
                instances: [{ name: INSTANCE, url: argocd.url }],
              },
            ],
          },
        },
      }),
    );
    backend.add(mockServices.rootLogger.factory());
    backend.add(mockServices.auth.factory());
    // Without a token, a caller is nobody (the mock's default is a user).
    backend.add(
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    );
    backend.add(argoCdBackendPlugin);
    backend.add(failingPlugin);
    await backend.start();
  });

  afterAll(async () => {
    await backend?.stop();
    world?.close();
    await argocd?.close();
  });

  const request = (
    method: string,
    path: string,
    headers: Record<string, string> = {},
    body?: unknown,
  ) =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...headers,
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  describe('in front of the Roadie ArgoCD backend', () => {
    // Each row with its body, even an absent one: jest passes `done` to a
    // test function with more parameters than its row has values.
    const writes: Array<[string, string, unknown]> = [
      [
        'POST',
        '/api/argocd/createArgo',
        {
          clusterName: INSTANCE,
          namespace: 'default',
          projectName: 'intruder',
          appName: 'intruder',
          sourceRepo: 'https://example.com/repo.git',
          sourcePath: '.',
        },
      ],
      [
        'PUT',
        `/api/argocd/updateArgo/${APP}`,
        { clusterName: INSTANCE, appName: APP, projectName: 'learning' },
      ],
      ['POST', '/api/argocd/sync', { appSelector: `app=${APP}` }],
      [
        'DELETE',
        `/api/argocd/argoInstance/${INSTANCE}/applications/${APP}`,
        undefined,
      ],
      [
        'DELETE',
        `/api/argocd/argoInstance/${INSTANCE}/applications/${APP}/operation`,
        undefined,
      ],
      // Express matches paths case-insensitively: so does the block.
      [
        'DELETE',
        `/API/ArgoCD/argoInstance/${INSTANCE}/applications/${APP}`,
        undefined,
      ],
      ['PATCH', `/api/argocd/argoInstance/${INSTANCE}/applications/${APP}`, {}],
    ];

    it.each(writes)(
      'refuses %s %s to a signed-in user, a service and anonymous callers',
      async (method, path, body) => {
        const applicationsBefore = JSON.stringify(world.listApplications());
        const projectsBefore = JSON.stringify(world.listProjects());
        for (const headers of [asUser, asService, {}]) {
          const response = await request(method, path, headers, body);
          expect(response.status).toBe(403);
          expect(await response.json()).toEqual({
            error: {
              name: 'NotAllowedError',
              message: ARGOCD_READ_ONLY_MESSAGE,
            },
            request: { method, url: path },
            response: { statusCode: 403 },
          });
        }
        // Nothing reached ArgoCD: no application or project changed.
        expect(JSON.stringify(world.listApplications())).toBe(
          applicationsBefore,
        );
        expect(JSON.stringify(world.listProjects())).toBe(projectsBefore);
      },
    );

    it('keeps the application a user tried to delete, and still reads it', async () => {
      const deleted = await request(
        'DELETE',
        `/api/argocd/argoInstance/${INSTANCE}/applications/${APP}`,
        asUser,
      );
      expect(deleted.status).toBe(403);
      expect(world.getApplication(APP)).toBeDefined();

      const read = await request(
        'GET',
        `/api/argocd/argoInstance/${INSTANCE}/applications/${APP}`,
        asUser,
      );
      expect(read.status).toBe(200);
      expect((await read.json()).metadata.name).toBe(APP);

      const found = await request(
        'GET',
        `/api/argocd/find/name/${APP}`,
        asUser,
      );
      expect(found.status).toBe(200);
      expect(await found.json()).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: INSTANCE, appName: [APP] }),
        ]),
      );
    });

    it('still asks reads for credentials', async () => {
      const anonymous = await request(
        'GET',
        `/api/argocd/argoInstance/${INSTANCE}/applications/${APP}`,
      );
      expect(anonymous.status).toBe(401);
    });
  });

  describe('error responses outside development', () => {
    it.each([
      ['/unreachable', 503, 'ServiceUnavailableError'],
      ['/upstream-response', 502, 'ResponseError'],
      ['/nested', 400, 'InputError'],
    ])(
      'answer %s with only the name and message of the error',
      async (path, statusCode, name) => {
        const response = await request('GET', `/api/failing${path}`);
        expect(response.status).toBe(statusCode);
        const body = await response.json();
        expect(body).toEqual({
          error: { name, message: upstreamFailures[path]().message },
          // Backstage reports the URL below the plugin's mount point.
          request: { method: 'GET', url: path },
          response: { statusCode },
        });
        const keys = keysDeep(body);
        for (const leaked of ['stack', 'cause', 'body', 'errors', 'code']) {
          expect(keys).not.toContain(leaked);
        }
        expect(JSON.stringify(body)).not.toContain('10.20.30.40');
      },
    );

    it('leave other responses alone', async () => {
      const missing = await request('GET', '/api/failing/nothing-here');
      expect(missing.status).toBe(404);
      const health = await request('GET', '/.backstage/health/v1/liveness');
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
    });
  });
});
