import { EnvironmentsClient } from './EnvironmentsClient';

function setUp(response: () => Response) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) =>
    response(),
  );
  const client = new EnvironmentsClient({
    discoveryApi: {
      getBaseUrl: async () => 'http://backstage/api/environments',
    },
    fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
  });
  return { client, fetch };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

describe('EnvironmentsClient', () => {
  it('gets with encoded query parameters, leaving out empty ones', async () => {
    const { client, fetch } = setUp(() => json({ environments: [], rows: [] }));

    await client.getMatrix({ owner: 'group:default/team a' });
    await client.getAudit({ environment: undefined, limit: 10 });

    expect(fetch.mock.calls.map(([url]) => url)).toEqual([
      'http://backstage/api/environments/matrix?owner=group%3Adefault%2Fteam+a',
      'http://backstage/api/environments/audit?limit=10',
    ]);
  });

  it('puts a config entry with a JSON body to an encoded path', async () => {
    const { client, fetch } = setUp(() => json({ key: 'K' }));

    await client.putConfigEntry('pr-1', 'a.b', { value: 'v', secret: true });

    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(
      'http://backstage/api/environments/environments/pr-1/config/a.b',
    );
    expect(init).toMatchObject({
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ value: 'v', secret: true }),
    });
  });

  it('resolves deletions answered with 204 to undefined', async () => {
    const { client, fetch } = setUp(() => new Response(null, { status: 204 }));

    await expect(client.deleteLock('l/1')).resolves.toBeUndefined();
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backstage/api/environments/locks/l%2F1',
    );
    expect(fetch.mock.calls[0][1]).toMatchObject({ method: 'DELETE' });
  });

  it('posts a promotion with its override', async () => {
    const { client, fetch } = setUp(() => json({ id: 'p-1' }, 201));

    await client.promote({
      entityRef: 'component:default/a',
      version: '1',
      toEnvironment: 'production',
      override: { reason: 'Hotfix for incident 42' },
    });

    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('http://backstage/api/environments/promotions');
    expect(init).toMatchObject({ method: 'POST' });
    expect(JSON.parse(init!.body as string)).toEqual({
      entityRef: 'component:default/a',
      version: '1',
      toEnvironment: 'production',
      override: { reason: 'Hotfix for incident 42' },
    });
  });

  it("throws the server's error", async () => {
    const { client } = setUp(() =>
      json(
        {
          error: {
            name: 'ConflictError',
            message: 'toEnvironment: production is locked: Incident',
          },
          response: { statusCode: 409 },
        },
        409,
      ),
    );

    const error = await client
      .promote({
        entityRef: 'component:default/a',
        version: '1',
        toEnvironment: 'production',
      })
      .catch(e => e);

    expect(error).toMatchObject({ name: 'ResponseError', statusCode: 409 });
    expect(error.cause.message).toBe(
      'toEnvironment: production is locked: Incident',
    );
  });
});
