import { ${{ values.pascalName }}Client } from './${{ values.pascalName }}Client';

const BASE_URL = 'http://backstage/api/${{ values.name }}';

function setUp(response: () => Response) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) =>
    response(),
  );
  const getBaseUrl = jest.fn(async (_pluginId: string) => BASE_URL);
  const client = new ${{ values.pascalName }}Client({
    discoveryApi: { getBaseUrl },
    fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
  });
  return { client, fetch, getBaseUrl };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

const anItem = {
  id: 'a1',
  entityRef: 'component:default/course-service',
  title: 'Check the dashboards',
  createdBy: 'user:default/jane.doe',
  createdAt: '2026-01-10T10:00:00.000Z',
};

describe('${{ values.pascalName }}Client', () => {
  it("lists an entity's items with an encoded query", async () => {
    const { client, fetch, getBaseUrl } = setUp(() =>
      json({ items: [anItem] }),
    );

    await expect(
      client.listItems({ entityRef: anItem.entityRef, limit: 5 }),
    ).resolves.toEqual([anItem]);
    await client.listItems();

    expect(getBaseUrl).toHaveBeenCalledWith('${{ values.name }}');
    expect(fetch.mock.calls.map(([url]) => url)).toEqual([
      `${BASE_URL}/items?entityRef=component%3Adefault%2Fcourse-service&limit=5`,
      `${BASE_URL}/items`,
    ]);
  });

  it('posts a new item as JSON', async () => {
    const { client, fetch } = setUp(() => json(anItem, 201));

    await expect(
      client.createItem({ entityRef: anItem.entityRef, title: anItem.title }),
    ).resolves.toEqual(anItem);

    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${BASE_URL}/items`);
    expect(init).toMatchObject({
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        entityRef: anItem.entityRef,
        title: anItem.title,
      }),
    });
  });

  it('deletes by an encoded id and resolves a 204 to undefined', async () => {
    const { client, fetch } = setUp(() => new Response(null, { status: 204 }));

    await expect(client.deleteItem('a/1')).resolves.toBeUndefined();

    expect(fetch.mock.calls[0][0]).toBe(`${BASE_URL}/items/a%2F1`);
    expect(fetch.mock.calls[0][1]).toMatchObject({ method: 'DELETE' });
  });

  it("throws the backend's error", async () => {
    const { client } = setUp(() =>
      json(
        {
          error: { name: 'InputError', message: 'title: must not be blank' },
          request: { method: 'POST', url: '/items' },
          response: { statusCode: 400 },
        },
        400,
      ),
    );

    await expect(
      client.createItem({ entityRef: anItem.entityRef, title: ' ' }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      response: { status: 400 },
      body: { error: { message: 'title: must not be blank' } },
    });
  });
});
