import {
  createDemoWorld,
  DemoWorld,
  RunningDouble,
  startArgoCdDouble,
} from '@internal/local-doubles';
import { createServer, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  ArgoCdAuthenticationError,
  ArgoCdClient,
  ArgoCdRequestError,
} from './ArgoCdClient';

const USERNAME = 'admin';
const PASSWORD = 'test-password';

describe('ArgoCdClient', () => {
  let world: DemoWorld;
  let argocd: RunningDouble;

  const startDouble = () =>
    startArgoCdDouble({
      port: 0,
      world,
      username: USERNAME,
      password: PASSWORD,
    });

  beforeEach(async () => {
    world = createDemoWorld();
    argocd = await startDouble();
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    world.close();
    await argocd.close();
  });

  const clientOf = (
    credentials: ConstructorParameters<
      typeof ArgoCdClient
    >[0]['credentials'] = { username: USERNAME, password: PASSWORD },
    url = argocd.url,
  ) => new ArgoCdClient({ name: 'test', url, credentials });

  it('logs in and reads an application', async () => {
    const application = await clientOf().getApplication('course-service');

    expect(application).toMatchObject({
      metadata: { name: 'course-service', namespace: 'argocd' },
      spec: { project: 'learning', destination: { namespace: 'learning' } },
      status: { history: expect.any(Array) },
    });
  });

  it('answers undefined for an application the instance does not have', async () => {
    expect(await clientOf().getApplication('no-such-app')).toBeUndefined();
  });

  it('lists every application of the instance', async () => {
    const applications = await clientOf().listApplications();

    expect(applications.map(app => app.metadata.name)).toEqual(
      expect.arrayContaining(['course-service', 'jobs-api']),
    );
    expect(applications.length).toBeGreaterThan(2);
  });

  it('syncs an application to a revision', async () => {
    const client = clientOf();
    const revision = 'a'.repeat(40);

    await client.syncApplication('course-service', revision);

    const application = await client.getApplication('course-service');
    expect(application?.status?.operationState?.operation?.sync).toMatchObject({
      revision,
    });
  });

  it('deletes an application once, and reports a second delete as no application', async () => {
    const client = clientOf();

    expect(await client.deleteApplication('jobs-api')).toBe(true);
    expect(await client.getApplication('jobs-api')).toBeUndefined();
    expect(await client.deleteApplication('jobs-api')).toBe(false);
  });

  it('logs in again once the instance revokes its session', async () => {
    const fetchSpy = jest.spyOn(globalThis, 'fetch');
    const client = clientOf();
    await client.getApplication('course-service');
    const [, init] = fetchSpy.mock.calls.find(([url]) =>
      String(url).endsWith('/applications/course-service'),
    )!;
    const revoked = await fetch(`${argocd.url}/api/v1/session`, {
      method: 'DELETE',
      headers: (init as RequestInit).headers,
    });
    expect(revoked.status).toBe(200);

    expect(await client.getApplication('jobs-api')).toMatchObject({
      metadata: { name: 'jobs-api' },
    });
    const logins = fetchSpy.mock.calls.filter(([url]) =>
      String(url).endsWith('/api/v1/session'),
    );
    // Two logins by the client, plus the revocation above.
    expect(logins).toHaveLength(3);
  });

  it('refuses to go on with a wrong password, naming the instance', async () => {
    const client = clientOf({ username: USERNAME, password: 'wrong' });

    const failure = client.getApplication('course-service');

    await expect(failure).rejects.toThrow(ArgoCdAuthenticationError);
    await expect(failure).rejects.toThrow(
      /ArgoCD instance "test" answered 401 .* when logging in as "admin": Invalid username or password/,
    );
  });

  it('refuses to go on with a token the instance does not accept', async () => {
    await expect(
      clientOf({ token: 'not-a-jwt' }).getApplication('course-service'),
    ).rejects.toThrow(ArgoCdAuthenticationError);
  });

  it('names the instance and application when the instance cannot be reached', async () => {
    const url = argocd.url;
    await argocd.close();
    argocd = await startDouble();

    await expect(
      clientOf({ token: 't' }, url).getApplication('course-service'),
    ).rejects.toThrow(
      new RegExp(
        `ArgoCD instance "test" \\(${url}\\) could not be reached when reading application "course-service"`,
      ),
    );
  });

  describe('against a stand-in server', () => {
    let server: Server;
    let respond: (res: ServerResponse) => void;

    beforeEach(async () => {
      server = createServer((_req, res) => respond(res));
      await new Promise<void>(resolve =>
        server.listen(0, '127.0.0.1', resolve),
      );
    });

    afterEach(async () => {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    });

    const standInClient = () =>
      new ArgoCdClient(
        {
          name: 'test',
          url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          credentials: { token: 't' },
        },
        { timeoutMs: 100 },
      );

    it("takes ArgoCD's permission denied for an app it hides as no app", async () => {
      respond = res =>
        res
          .writeHead(403, { 'Content-Type': 'application/json' })
          .end(
            '{"error":"permission denied","code":7,"message":"permission denied"}',
          );

      expect(
        await standInClient().getApplication('course-service'),
      ).toBeUndefined();
    });

    it("names the instance and keeps ArgoCD's message on a server error", async () => {
      respond = res =>
        res
          .writeHead(500, { 'Content-Type': 'application/json' })
          .end('{"error":"boom","code":2,"message":"boom"}');

      await expect(
        standInClient().getApplication('course-service'),
      ).rejects.toThrow(
        'ArgoCD instance "test" answered 500 Internal Server Error when reading application "course-service": boom',
      );
    });

    it('gives up after its timeout', async () => {
      respond = () => {};

      await expect(
        standInClient().getApplication('course-service'),
      ).rejects.toThrow(ArgoCdRequestError);
    });
  });
});
