import { PluginClientOptions, PluginRequester } from '@internal/portal-common';
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
export type PrometheusClientOptions = PluginClientOptions;

/** A typed client of the Prometheus backend's REST API (`/api/prometheus`). */
export class PrometheusClient implements PrometheusApi {
  private readonly requester: PluginRequester;

  constructor(options: PrometheusClientOptions) {
    this.requester = new PluginRequester('prometheus', options);
  }

  getSignals(
    request: { entityRef: string; range?: SignalRange },
    options?: PrometheusRequestOptions,
  ): Promise<SignalsResponse> {
    return this.requester.request('GET', '/signals', {
      query: { entityRef: request.entityRef, range: request.range },
      signal: options?.signal,
    });
  }

  getAlerts(
    request: { entityRef: string },
    options?: PrometheusRequestOptions,
  ): Promise<AlertsResponse> {
    return this.requester.request('GET', '/alerts', {
      query: { entityRef: request.entityRef },
      signal: options?.signal,
    });
  }

  getSummary(options?: PrometheusRequestOptions): Promise<SummaryResponse> {
    return this.requester.request('GET', '/summary', {
      signal: options?.signal,
    });
  }

  listInstances(options?: PrometheusRequestOptions): Promise<InstanceList> {
    return this.requester.request('GET', '/instances', {
      signal: options?.signal,
    });
  }

  query(
    request: PrometheusQueryRequest,
    options?: PrometheusRequestOptions,
  ): Promise<PrometheusQueryResponse> {
    return this.requester.request('POST', '/query', {
      body: request,
      signal: options?.signal,
    });
  }
}
