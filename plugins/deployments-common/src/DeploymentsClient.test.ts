import { DeploymentsClient } from './DeploymentsClient';

function clientRecordingUrls() {
  const urls: string[] = [];
  const client = new DeploymentsClient({
    discoveryApi: {
      getBaseUrl: async pluginId => `http://backend/api/${pluginId}`,
    },
    fetchApi: {
      fetch: (async (url: string) => {
        urls.push(url);
        return new Response(JSON.stringify({ items: [] }), {
          headers: { 'Content-Type': 'application/json' },
        });
      }) as typeof fetch,
    },
  });
  return { client, urls };
}

describe('DeploymentsClient', () => {
  it('asks for trusted deployments only when told to', async () => {
    const { client, urls } = clientRecordingUrls();

    await client.listDeployments({
      entityRef: 'component:default/course-service',
      environment: 'staging',
      status: 'succeeded',
      trusted: true,
    });
    await client.listDeployments({ trusted: false });
    await client.listDeployments();

    expect(urls.map(url => new URL(url).searchParams.get('trusted'))).toEqual([
      'true',
      'false',
      null,
    ]);
    expect(new URL(urls[0]).pathname).toBe('/api/deployments/deployments');
  });
});
