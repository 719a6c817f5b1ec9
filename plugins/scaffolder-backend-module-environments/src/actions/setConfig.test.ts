import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigEntry } from '@internal/plugin-environments-common';
import { createActionContext, INITIATOR } from '../__testUtils__/actionContext';
import {
  errorBody,
  FakePluginApi,
  RecordedRequest,
  startFakePluginApi,
} from '@internal/portal-node/testUtils';
import { createSetEnvironmentConfigAction } from './setConfig';

const SECRET = 's3cr3t-Pa55w0rd';
const PLAIN = 'postgres://db.preview.internal:5432/courses';

/** What the environments API answers a valid PUT with: the masked entry. */
function stored(request: RecordedRequest): ConfigEntry {
  const key = decodeURIComponent(request.path.split('/').pop()!);
  const body = request.body as { value: string; secret?: boolean };
  return {
    key,
    value: body.secret ? '••••••' : body.value,
    secret: body.secret ?? false,
    updatedAt: '2026-11-22T10:00:00.000Z',
    updatedBy: INITIATOR,
  };
}

describe('environments:set-config', () => {
  let api: FakePluginApi;

  beforeEach(async () => {
    api = await startFakePluginApi('environments', request => ({
      status: 200,
      body: stored(request),
    }));
  });

  afterEach(async () => {
    await api.close();
  });

  const action = (auth = mockServices.auth()) =>
    createSetEnvironmentConfigAction({
      discovery: mockServices.discovery.mock({
        getBaseUrl: async () => api.baseUrl,
      }),
      auth,
    });

  const entries = [
    { key: 'DATABASE_URL', value: PLAIN },
    { key: 'DATABASE_PASSWORD', value: SECRET, secret: true },
  ];

  it('puts every entry as the user who runs the template', async () => {
    const setConfig = action();
    const { ctx, outputs } = createActionContext(setConfig, {
      environment: 'preview-course-service-a1b2c3',
      entries,
    });

    await setConfig.handler(ctx);

    expect(
      api.requests.map(({ method, path, body }) => ({ method, path, body })),
    ).toEqual([
      {
        method: 'PUT',
        path: '/environments/preview-course-service-a1b2c3/config/DATABASE_URL',
        body: { value: PLAIN, secret: false },
      },
      {
        method: 'PUT',
        path: '/environments/preview-course-service-a1b2c3/config/DATABASE_PASSWORD',
        body: { value: SECRET, secret: true },
      },
    ]);
    for (const request of api.requests) {
      expect(request.headers.authorization).toBe(
        mockCredentials.service.header({
          onBehalfOf: mockCredentials.user(INITIATOR),
          targetPluginId: 'environments',
        }),
      );
      expect(request.headers['content-type']).toBe('application/json');
    }
    expect(outputs).toEqual({ keys: ['DATABASE_URL', 'DATABASE_PASSWORD'] });
  });

  it('logs keys, never values', async () => {
    const setConfig = action();
    const { ctx, logs } = createActionContext(setConfig, {
      environment: 'preview-x',
      entries,
    });

    await setConfig.handler(ctx);

    const log = logs.join('\n');
    expect(log).toContain('Set DATABASE_URL of preview-x');
    expect(log).toContain('Set DATABASE_PASSWORD (secret) of preview-x');
    expect(log).not.toContain(SECRET);
    expect(log).not.toContain(PLAIN);
  });

  it('calls nothing in a dry run, and logs no values', async () => {
    const setConfig = action();
    const { ctx, outputs, logs } = createActionContext(
      setConfig,
      { environment: 'preview-x', entries },
      { isDryRun: true },
    );

    await setConfig.handler(ctx);

    expect(api.requests).toEqual([]);
    expect(outputs).toEqual({ keys: ['DATABASE_URL', 'DATABASE_PASSWORD'] });
    const log = logs.join('\n');
    expect(log).toContain('would set DATABASE_PASSWORD (secret) of preview-x');
    expect(log).not.toContain(SECRET);
  });

  it("stops at the first failure with the API's message, and no secret in it", async () => {
    api.respondWith(request =>
      request.path.endsWith('/DATABASE_PASSWORD')
        ? {
            status: 400,
            body: errorBody(
              400,
              'InputError',
              'environments.secretsKey is not configured; secret values cannot be stored',
            ),
          }
        : { status: 200, body: stored(request) },
    );
    const setConfig = action();
    const { ctx, outputs, logs } = createActionContext(setConfig, {
      environment: 'preview-x',
      entries: [...entries, { key: 'LOG_LEVEL', value: 'debug' }],
    });

    const failure = await setConfig.handler(ctx).then(
      () => undefined,
      (error: Error) => error,
    );

    expect(failure?.message).toBe(
      'Could not set DATABASE_PASSWORD (secret) of preview-x: environments.secretsKey is not configured; secret values cannot be stored (HTTP 400)',
    );
    expect(api.requests.map(request => request.path)).toEqual([
      '/environments/preview-x/config/DATABASE_URL',
      '/environments/preview-x/config/DATABASE_PASSWORD',
    ]);
    expect(outputs).toEqual({});
    expect(logs.join('\n')).not.toContain(SECRET);
  });

  it("is refused for a user who may not change the environment's config", async () => {
    // The environments backend's answer for a user of another team.
    api.respondWith(() => ({
      status: 403,
      body: errorBody(
        403,
        'NotAllowedError',
        'name: you may not change the config of preview-x',
      ),
    }));
    const auth = mockServices.auth();
    const ownCredentials = jest.spyOn(auth, 'getOwnServiceCredentials');
    const setConfig = action(auth);
    const { ctx, outputs } = createActionContext(
      setConfig,
      { environment: 'preview-x', entries },
      { credentials: mockCredentials.user('user:default/paul') },
    );

    await expect(setConfig.handler(ctx)).rejects.toThrow(
      'Could not set DATABASE_URL of preview-x: name: you may not change the config of preview-x (HTTP 403)',
    );
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0].headers.authorization).toBe(
      mockCredentials.service.header({
        onBehalfOf: mockCredentials.user('user:default/paul'),
        targetPluginId: 'environments',
      }),
    );
    expect(outputs).toEqual({});
    // Never the scaffolder's own identity, which policies do not apply to.
    expect(ownCredentials).not.toHaveBeenCalled();
  });

  it('sets nothing when given no entries', async () => {
    const setConfig = action();
    const { ctx, outputs } = createActionContext(setConfig, {
      environment: 'preview-x',
      entries: [],
    });

    await setConfig.handler(ctx);

    expect(api.requests).toEqual([]);
    expect(outputs).toEqual({ keys: [] });
  });
});
