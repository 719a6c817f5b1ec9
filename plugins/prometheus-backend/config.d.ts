import { HumanDuration } from '@backstage/types';

export interface Config {
  prometheus?: {
    /**
     * The Prometheus servers to ask. Entities pick one with the
     * `prometheus.io/instance` annotation; the first is the default.
     */
    instances?: Array<{
      /** Unique; what `prometheus.io/instance` names. */
      name: string;
      /** The server's base URL, e.g. http://127.0.0.1:9090 (without /api/v1). */
      url: string;
      /**
       * Sent as `Authorization: Bearer <token>`.
       * @visibility secret
       */
      bearerToken?: string;
      /**
       * Extra request headers, e.g. a tenant header of Thanos or Mimir.
       * @visibility secret
       */
      headers?: { [name: string]: string };
    }>;
    /**
     * The golden signals: PromQL templates filled server-side. Placeholders:
     * `{{selector}}` (the entity's label matchers, without braces, always
     * non-empty), `{{rateWindow}}` (e.g. `5m`, grows with the range) and
     * `{{step}}` (e.g. `15s`). Replaces the built-in defaults entirely when
     * given.
     */
    signals?: Array<{
      /** Stable id, e.g. `error_ratio`. */
      name: string;
      title: string;
      /** reqps, ratio, seconds, bytes, cores, percent, or any string. */
      unit: string;
      query: string;
    }>;
    /** How long one request to Prometheus may take. Defaults to 10 s. */
    timeout?: HumanDuration | string;
    /** How long signals and alerts of an entity are cached. Defaults to 15 s. */
    cacheTtl?: HumanDuration | string;
    /** The raw-query endpoint (permission `prometheus.query`). */
    query?: {
      /** Most points per series a range query may ask for. Defaults to 1000. */
      maxPointsPerSeries?: number;
      /** Most points in one answer (all series). Defaults to 50000. */
      maxTotalPoints?: number;
    };
    /** GET /summary: current values of every entity with a selector (the platform status page). */
    summary?: {
      /**
       * Names of `signals` to report. Defaults to request_rate, error_ratio
       * and latency_p95 (those of them that are configured).
       */
      signals?: string[];
      /** How many entities are summarized at once. Defaults to 4. */
      concurrency?: number;
      /** The most entities one summary covers. Defaults to 500. */
      maxEntities?: number;
    };
  };
}
