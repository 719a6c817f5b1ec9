import { ResponseError } from '@backstage/errors';
import {
  AlertsResponse,
  InstanceList,
  PrometheusQueryRequest,
  PrometheusQueryResponse,
  SignalRange,
  SignalsResponse,
  SummaryResponse,
} from './types';

/** Options every call takes. */
export interface PrometheusRequestOptions {
  /** Cancels the request, e.g. when a card unmounts. */
  signal?: AbortSignal;
}

/** The Prometheus plugin's API, as its frontend and other callers use it. */
export interface PrometheusApi {
  /**
   * The golden signals of an entity with a `prometheus.io/selector`
   * annotation, over a range ending now (default `1h`).
   */
  getSignals(
    request: { entityRef: string; range?: SignalRange },
    options?: PrometheusRequestOptions,
  ): Promise<SignalsResponse>;
  /** Firing and pending alerts whose labels match the entity's selector. */
  getAlerts(
    request: { entityRef: string },
    options?: PrometheusRequestOptions,
  ): Promise<AlertsResponse>;
  /**
   * Current values of the summary signals (request rate, error ratio, p95
   * by default) and the alerts of every entity with a selector, for the
   * platform status page. Per-entity failures are in each item's `error`.
   */
  getSummary(options?: PrometheusRequestOptions): Promise<SummaryResponse>;
  /** The configured Prometheus instances (names only). */
  listInstances(options?: PrometheusRequestOptions): Promise<InstanceList>;
  /** Raw PromQL; needs the `prometheus.query` permission. */
  query(
    request: PrometheusQueryRequest,
    options?: PrometheusRequestOptions,
  ): Promise<PrometheusQueryResponse>;
}

/** The parts of Backstage's discovery and fetch APIs the client needs. */
export interface PrometheusClientOptions {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  fetchApi?: { fetch: typeof fetch };
}

/** A typed client of the Prometheus backend's REST API (`/api/prometheus`). */
export class PrometheusClient implements PrometheusApi {
  private readonly discoveryApi: PrometheusClientOptions['discoveryApi'];
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: PrometheusClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: globalThis.fetch };
  }

  getSignals(
    request: { entityRef: string; range?: SignalRange },
    options?: PrometheusRequestOptions,
  ): Promise<SignalsResponse> {
    return this.request('GET', '/signals', {
      query: { entityRef: request.entityRef, range: request.range },
      signal: options?.signal,
    });
  }

  getAlerts(
    request: { entityRef: string },
    options?: PrometheusRequestOptions,
  ): Promise<AlertsResponse> {
    return this.request('GET', '/alerts', {
      query: { entityRef: request.entityRef },
      signal: options?.signal,
    });
  }

  getSummary(options?: PrometheusRequestOptions): Promise<SummaryResponse> {
    return this.request('GET', '/summary', { signal: options?.signal });
  }

  listInstances(options?: PrometheusRequestOptions): Promise<InstanceList> {
    return this.request('GET', '/instances', { signal: options?.signal });
  }

  query(
    request: PrometheusQueryRequest,
    options?: PrometheusRequestOptions,
  ): Promise<PrometheusQueryResponse> {
    return this.request('POST', '/query', {
      body: request,
      signal: options?.signal,
    });
  }

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    options: { query?: object; body?: unknown; signal?: AbortSignal } = {},
  ): Promise<T> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== null && value !== '') {
        params.set(key, String(value));
      }
    }
    const search = params.size ? `?${params}` : '';
    const baseUrl = await this.discoveryApi.getBaseUrl('prometheus');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}${search}`, {
      method,
      ...(options.signal && { signal: options.signal }),
      ...(options.body !== undefined && {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(options.body),
      }),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
