import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient } from './client';

const jsonResponse = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

function clientWith(baseUrl: string, response: () => Response) {
  const fetchFn = vi.fn<typeof fetch>(async () => response());
  const client = createApiClient({
    baseUrl,
    origin: 'https://site.example.com',
    fetchFn,
  });
  return { client, fetchFn };
}

describe('the API client', () => {
  it('resolves a relative base URL against the site', async () => {
    const { client, fetchFn } = clientWith('/api/', () =>
      jsonResponse({ status: 'ok' }),
    );

    await expect(client.getHealth()).resolves.toEqual({ status: 'ok' });
    expect(fetchFn.mock.calls[0]?.[0]).toBe(
      'https://site.example.com/api/healthz',
    );
  });

  it('calls an absolute base URL as it is', async () => {
    const { client, fetchFn } = clientWith(
      'https://api.example.com/orders',
      () => jsonResponse({ status: 'ok' }),
    );

    await client.getHealth();

    expect(fetchFn.mock.calls[0]?.[0]).toBe(
      'https://api.example.com/orders/healthz',
    );
    expect(fetchFn.mock.calls[0]?.[1]?.headers).toEqual({
      Accept: 'application/json',
    });
  });

  it("throws the backend's error message with the status", async () => {
    const { client } = clientWith('/api', () =>
      jsonResponse(
        { error: { name: 'ServiceUnavailable', message: 'database down' } },
        503,
      ),
    );

    const error = await client.getHealth().catch(e => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 503, message: 'database down' });
  });

  it('falls back to the status line for a body without a message', async () => {
    const { client } = clientWith(
      '/api',
      () => new Response('Bad Gateway', { status: 502, statusText: 'Bad Gateway' }),
    );

    await expect(client.getHealth()).rejects.toMatchObject({
      status: 502,
      message: '502 Bad Gateway',
    });
  });
});
