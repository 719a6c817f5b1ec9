import { ResponseError } from '@backstage/errors';
import { PluginRequester } from './PluginRequester';

type Call = { url: string; init: RequestInit };

function requesterAnswering(response: () => Response) {
  const calls: Call[] = [];
  const requester = new PluginRequester('things', {
    discoveryApi: {
      getBaseUrl: async pluginId => `http://backend/api/${pluginId}`,
    },
    fetchApi: {
      fetch: (async (url: string, init: RequestInit) => {
        calls.push({ url, init });
        return response();
      }) as typeof fetch,
    },
  });
  return { requester, calls };
}

describe('PluginRequester', () => {
  it('asks the plugin its id names, leaving empty query values out', async () => {
    const { requester, calls } = requesterAnswering(() =>
      Response.json({ items: [1] }),
    );

    const body = await requester.request('GET', '/things', {
      query: { q: 'a b', owner: undefined, team: null, tag: '', limit: 5 },
    });

    expect(body).toEqual({ items: [1] });
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('http://backend/api/things/things?q=a+b&limit=5');
    expect(calls[0].init.method).toBe('GET');
    expect(calls[0].init.body).toBeUndefined();
  });

  it('sends bodies as JSON and passes the abort signal on', async () => {
    const { requester, calls } = requesterAnswering(() =>
      Response.json({ id: 't1' }, { status: 201 }),
    );
    const controller = new AbortController();

    await requester.request('POST', '/things', {
      body: { name: 'thing' },
      signal: controller.signal,
    });

    expect(calls[0].init.headers).toEqual({
      'Content-Type': 'application/json',
    });
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ name: 'thing' });
    expect(calls[0].init.signal).toBe(controller.signal);
  });

  it('answers a 204 with nothing', async () => {
    const { requester } = requesterAnswering(
      () => new Response(null, { status: 204 }),
    );

    await expect(
      requester.request('DELETE', '/things/t1'),
    ).resolves.toBeUndefined();
  });

  it("throws a ResponseError carrying the backend's error", async () => {
    const { requester } = requesterAnswering(() =>
      Response.json(
        {
          error: { name: 'InputError', message: 'name is required' },
          request: { method: 'POST', url: '/things' },
          response: { statusCode: 400 },
        },
        { status: 400, statusText: 'Bad Request' },
      ),
    );

    const error = (await requester
      .request('POST', '/things', { body: {} })
      .catch(e => e)) as ResponseError;

    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(400);
    expect(error.body.error.message).toBe('name is required');
  });
});
