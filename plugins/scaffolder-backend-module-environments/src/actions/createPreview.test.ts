import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Environment } from '@internal/plugin-environments-common';
import { createActionContext, INITIATOR } from '../__testUtils__/actionContext';
import {
  errorBody,
  FakePluginApi,
  RecordedRequest,
  startFakePluginApi,
} from '@internal/portal-node/testUtils';
import { createPreviewEnvironmentAction } from './createPreview';

const EXPIRES_AT = '2026-11-25T10:00:00.000Z';

/** What the environments API answers a valid create with. */
function created(request: RecordedRequest): Environment {
  const body = request.body as {
    name: string;
    service: string;
    owner?: string;
    title?: string;
  };
  return {
    name: body.name,
    title: body.title,
    tier: 'preview',
    owner: body.owner ?? 'group:default/learning-team',
    service: body.service,
    status: 'active',
    expiresAt: EXPIRES_AT,
    locked: false,
    origin: 'preview',
    createdBy: INITIATOR,
    createdAt: '2026-11-22T10:00:00.000Z',
  };
}

describe('environments:create-preview', () => {
  let api: FakePluginApi;

  beforeEach(async () => {
    api = await startFakePluginApi('environments', request => ({
      status: 201,
      body: created(request),
    }));
  });

  afterEach(async () => {
    await api.close();
  });

  const action = (auth = mockServices.auth()) =>
    createPreviewEnvironmentAction({
      config: mockServices.rootConfig({
        data: { app: { baseUrl: 'https://portal.example.com' } },
      }),
      discovery: mockServices.discovery.mock({
        getBaseUrl: async () => api.baseUrl,
      }),
      auth,
    });

  it('creates the preview as the user who runs the template', async () => {
    const createPreview = action();
    const { ctx, outputs, logs } = createActionContext(createPreview, {
      name: 'preview-course-service-a1b2c3',
      service: 'component:default/course-service',
      ttl: 'P7D',
    });

    await createPreview.handler(ctx);

    expect(api.requests).toHaveLength(1);
    const [request] = api.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: '/environments',
      body: {
        name: 'preview-course-service-a1b2c3',
        tier: 'preview',
        ttl: 'P7D',
        service: 'component:default/course-service',
        title: 'Preview of course-service',
      },
    });
    expect(request.headers['content-type']).toBe('application/json');
    // A plugin token on behalf of the initiator, not of the scaffolder, so
    // that the environments plugin's permission check applies to the user.
    expect(request.headers.authorization).toBe(
      mockCredentials.service.header({
        onBehalfOf: mockCredentials.user(INITIATOR),
        targetPluginId: 'environments',
      }),
    );
    expect(outputs).toEqual({
      name: 'preview-course-service-a1b2c3',
      expiresAt: EXPIRES_AT,
      url: 'https://portal.example.com/environments/preview-course-service-a1b2c3',
    });
    expect(logs.join('\n')).toContain(
      'Created preview environment preview-course-service-a1b2c3 of component:default/course-service owned by group:default/learning-team',
    );
  });

  it('lives three days unless told otherwise, and takes a given title', async () => {
    const createPreview = action();
    const { ctx } = createActionContext(createPreview, {
      name: 'preview-jobs-api-pr-7',
      service: 'jobs-api',
      owner: 'jobs-team',
      title: 'Jobs API PR 7',
    });

    await createPreview.handler(ctx);

    expect(api.requests[0].body).toEqual({
      name: 'preview-jobs-api-pr-7',
      tier: 'preview',
      ttl: 'PT72H',
      service: 'jobs-api',
      owner: 'jobs-team',
      title: 'Jobs API PR 7',
    });
  });

  it('calls nothing in a dry run and answers plausible outputs', async () => {
    const createPreview = action();
    const { ctx, outputs } = createActionContext(
      createPreview,
      {
        name: 'preview-course-service-a1b2c3',
        service: 'course-service',
        ttl: 'PT24H',
      },
      { isDryRun: true },
    );
    const before = Date.now();

    await createPreview.handler(ctx);

    expect(api.requests).toEqual([]);
    expect(outputs).toEqual({
      name: 'preview-course-service-a1b2c3',
      expiresAt: expect.any(String),
      url: 'https://portal.example.com/environments/preview-course-service-a1b2c3',
    });
    const expiresIn = Date.parse(outputs.expiresAt!) - before;
    const day = 24 * 60 * 60 * 1000;
    expect(expiresIn).toBeGreaterThanOrEqual(day - 1000);
    expect(expiresIn).toBeLessThanOrEqual(day + 60_000);
  });

  it.each([
    ['not a duration', '72 hours'],
    ['shorter than an hour', 'PT30M'],
    ['longer than 30 days', 'P60D'],
  ])('refuses a ttl that is %s, also in a dry run', async (_, ttl) => {
    const createPreview = action();
    for (const isDryRun of [false, true]) {
      const { ctx } = createActionContext(
        createPreview,
        { name: 'preview-x', service: 'course-service', ttl },
        { isDryRun },
      );
      await expect(createPreview.handler(ctx)).rejects.toThrow(
        `Invalid ttl ${ttl}`,
      );
    }
    expect(api.requests).toEqual([]);
  });

  it("surfaces the API's error message", async () => {
    api.respondWith(() => ({
      status: 409,
      body: errorBody(
        409,
        'ConflictError',
        'An environment named preview-x already exists',
      ),
    }));
    const createPreview = action();
    const { ctx, outputs } = createActionContext(createPreview, {
      name: 'preview-x',
      service: 'course-service',
    });

    await expect(createPreview.handler(ctx)).rejects.toThrow(
      'Could not create preview environment preview-x: An environment named preview-x already exists (HTTP 409)',
    );
    expect(outputs).toEqual({});
  });

  it("is refused for a user who does not own the service: the API decides as the template's user", async () => {
    const OWNER = 'user:default/lena';
    const NON_OWNER = 'user:default/paul';
    // The environments backend's answer: only the service's owner may.
    api.respondWith(request =>
      request.headers.authorization ===
      mockCredentials.service.header({
        onBehalfOf: mockCredentials.user(OWNER),
        targetPluginId: 'environments',
      })
        ? { status: 201, body: created(request) }
        : {
            status: 403,
            body: errorBody(
              403,
              'NotAllowedError',
              'service: you may not create previews of component:default/course-service',
            ),
          },
    );
    const auth = mockServices.auth();
    const ownCredentials = jest.spyOn(auth, 'getOwnServiceCredentials');
    const createPreview = action(auth);
    const input = { name: 'preview-x', service: 'course-service' };
    const asNonOwner = createActionContext(createPreview, input, {
      credentials: mockCredentials.user(NON_OWNER),
    });
    const asOwner = createActionContext(createPreview, input, {
      credentials: mockCredentials.user(OWNER),
    });

    await expect(createPreview.handler(asNonOwner.ctx)).rejects.toThrow(
      'Could not create preview environment preview-x: service: you may not create previews of component:default/course-service (HTTP 403)',
    );
    await createPreview.handler(asOwner.ctx);

    expect(asNonOwner.outputs).toEqual({});
    expect(asOwner.outputs).toMatchObject({ name: 'preview-x' });
    // Never the scaffolder's own identity, which policies do not apply to.
    expect(ownCredentials).not.toHaveBeenCalled();
  });

  it('does not create the preview again when a resumed task already did', async () => {
    const createPreview = action();
    const { ctx, outputs } = createActionContext(
      createPreview,
      { name: 'preview-x', service: 'course-service' },
      {
        checkpoints: {
          'create-preview.preview-x': {
            name: 'preview-x',
            expiresAt: EXPIRES_AT,
          },
        },
      },
    );

    await createPreview.handler(ctx);

    expect(api.requests).toEqual([]);
    expect(outputs).toMatchObject({ name: 'preview-x', expiresAt: EXPIRES_AT });
  });
});
