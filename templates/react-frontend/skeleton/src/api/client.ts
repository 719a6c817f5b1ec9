/**
 * The typed client of the backend API. Every call goes to the base URL of
 * the runtime configuration; add one method per endpoint the app uses.
 */

/** What the backend's health endpoint answers. */
export interface HealthStatus {
  status: string;
  [detail: string]: unknown;
}

/** A response outside 2xx, with the backend's error message when it sent one. */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface ApiClient {
  /** The backend's health, from GET <apiBaseUrl>/healthz. */
  getHealth(options?: { signal?: AbortSignal }): Promise<HealthStatus>;
}

export interface ApiClientOptions {
  /** Absolute, or relative to `origin` (e.g. `/api`). */
  baseUrl: string;
  /** The site's own origin, which relative base URLs are resolved against. */
  origin?: string;
  fetchFn?: typeof fetch;
}

/** The message of a Backstage-style `{ error: { message } }` body, if any. */
async function errorMessage(response: Response): Promise<string> {
  const fallback = `${response.status} ${response.statusText}`.trim();
  try {
    const body = (await response.json()) as { error?: { message?: unknown } };
    return typeof body.error?.message === 'string'
      ? body.error.message
      : fallback;
  } catch {
    return fallback;
  }
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const origin = options.origin ?? window.location.origin;
  const base = new URL(options.baseUrl, origin).href.replace(/\/+$/, '');
  // Called through a wrapper: window.fetch refuses another `this`.
  const fetchFn = options.fetchFn ?? ((...args) => fetch(...args));

  async function request<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await fetchFn(`${base}${path}`, {
      ...init,
      headers: { Accept: 'application/json', ...init?.headers },
    });
    if (!response.ok) {
      throw new ApiError(await errorMessage(response), response.status);
    }
    return (await response.json()) as T;
  }

  return {
    getHealth: ({ signal } = {}) =>
      request<HealthStatus>('/healthz', { signal }),
  };
}
