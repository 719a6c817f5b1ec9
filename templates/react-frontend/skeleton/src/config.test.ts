import { describe, expect, it, vi } from 'vitest';
import { ConfigError, loadRuntimeConfig, parseRuntimeConfig } from './config';

const jsonResponse = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

describe('loadRuntimeConfig', () => {
  it('reads config.json past any cache', async () => {
    const fetchFn = vi.fn(async () =>
      jsonResponse({ environment: 'staging', apiBaseUrl: '/api' }),
    );

    await expect(loadRuntimeConfig(fetchFn)).resolves.toEqual({
      environment: 'staging',
      apiBaseUrl: '/api',
    });
    expect(fetchFn).toHaveBeenCalledWith('/config.json', { cache: 'no-store' });
  });

  it('fails with the status when config.json cannot be loaded', async () => {
    const fetchFn = vi.fn(async () => new Response('missing', { status: 404 }));

    await expect(loadRuntimeConfig(fetchFn)).rejects.toThrow(
      '/config.json could not be loaded: HTTP 404',
    );
  });

  it('fails when config.json is not JSON', async () => {
    const fetchFn = vi.fn(async () => new Response('<html>', { status: 200 }));

    await expect(loadRuntimeConfig(fetchFn)).rejects.toThrow(
      '/config.json is not valid JSON',
    );
  });
});

describe('parseRuntimeConfig', () => {
  it('names the setting that is missing or empty', () => {
    expect(() => parseRuntimeConfig({ environment: 'production' })).toThrow(
      new ConfigError('/config.json: apiBaseUrl must be a non-empty string'),
    );
    expect(() =>
      parseRuntimeConfig({ environment: ' ', apiBaseUrl: '/api' }),
    ).toThrow('environment must be a non-empty string');
  });

  it('refuses anything but an object', () => {
    expect(() => parseRuntimeConfig(['/api'])).toThrow(
      '/config.json must hold a JSON object',
    );
  });
});
