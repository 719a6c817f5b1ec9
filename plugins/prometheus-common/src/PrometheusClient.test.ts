import { PrometheusClient } from './PrometheusClient';

function setUp(response: () => Response) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) =>
    response(),
  );
  const client = new PrometheusClient({
    discoveryApi: {
      getBaseUrl: async pluginId => `http://backstage/api/${pluginId}`,
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

describe('PrometheusClient', () => {
  it('gets signals and alerts with encoded query parameters', async () => {
    const { client, fetch } = setUp(() => json({ signals: [], alerts: [] }));

    await client.getSignals({
      entityRef: 'component:default/course-service',
      range: '6h',
    });
    await client.getSignals({ entityRef: 'component:default/a b' });
    await client.getAlerts({ entityRef: 'component:default/course-service' });
    await client.listInstances();
    await client.getSummary();

    expect(fetch.mock.calls.map(([url]) => url)).toEqual([
      'http://backstage/api/prometheus/signals?entityRef=component%3Adefault%2Fcourse-service&range=6h',
      'http://backstage/api/prometheus/signals?entityRef=component%3Adefault%2Fa+b',
      'http://backstage/api/prometheus/alerts?entityRef=component%3Adefault%2Fcourse-service',
      'http://backstage/api/prometheus/instances',
      'http://backstage/api/prometheus/summary',
    ]);
    expect(fetch.mock.calls[0][1]).toEqual({ method: 'GET' });
  });

  it('posts a raw query as JSON and passes the abort signal', async () => {
    const { client, fetch } = setUp(() =>
      json({ instance: 'local', resultType: 'vector', series: [] }),
    );
    const controller = new AbortController();

    const result = await client.query(
      { query: 'up', instance: 'local' },
      { signal: controller.signal },
    );

    expect(result.resultType).toBe('vector');
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('http://backstage/api/prometheus/query');
    expect(init).toMatchObject({
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: 'up', instance: 'local' }),
      signal: controller.signal,
    });
  });

  it("throws the server's error, with its status and message", async () => {
    const { client } = setUp(() =>
      json(
        {
          error: {
            name: 'ServiceUnavailableError',
            message: 'Prometheus instance local did not answer within 5000 ms',
          },
          response: { statusCode: 503 },
        },
        503,
      ),
    );

    const error = await client
      .getSignals({ entityRef: 'component:default/a' })
      .catch(e => e);

    expect(error.name).toBe('ResponseError');
    expect(error.statusCode).toBe(503);
    expect(error.body.error.message).toBe(
      'Prometheus instance local did not answer within 5000 ms',
    );
  });
});
