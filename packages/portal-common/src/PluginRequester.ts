import { ResponseError } from '@backstage/errors';

/** The parts of Backstage's discovery and fetch APIs a client needs. */
export interface PluginClientOptions {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  /** Defaults to the global `fetch` (then the caller adds credentials). */
  fetchApi?: { fetch: typeof fetch };
}

/** What one request sends besides its method and path. */
export interface PluginRequest {
  /** Query parameters; undefined, null and empty values are left out. */
  query?: object;
  /** Sent as JSON. */
  body?: unknown;
  /** Cancels the request, e.g. when a card unmounts. */
  signal?: AbortSignal;
}

/**
 * JSON requests to one backend plugin's REST API, the one transport behind
 * the portal's typed clients: the base URL from discovery on every call (it
 * may move), JSON in and out, a `ResponseError` (status and the backend's
 * error body) for every non-2xx answer, and nothing for a 204.
 */
export class PluginRequester {
  private readonly pluginId: string;
  private readonly discoveryApi: PluginClientOptions['discoveryApi'];
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(pluginId: string, options: PluginClientOptions) {
    this.pluginId = pluginId;
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: globalThis.fetch };
  }

  async request<T>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    request: PluginRequest = {},
  ): Promise<T> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined && value !== null && value !== '') {
        params.set(key, String(value));
      }
    }
    const search = params.size ? `?${params}` : '';
    const baseUrl = await this.discoveryApi.getBaseUrl(this.pluginId);
    const response = await this.fetchApi.fetch(`${baseUrl}${path}${search}`, {
      method,
      ...(request.signal && { signal: request.signal }),
      ...(request.body !== undefined && {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request.body),
      }),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    if (response.status === 204) {
      return undefined as T;
    }
    return (await response.json()) as T;
  }
}
