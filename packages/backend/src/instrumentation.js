/*
 * The portal backend's own metrics: the OpenTelemetry Node SDK with a
 * Prometheus exporter, as in Backstage's "Setup OpenTelemetry" tutorial.
 * It must run before anything else is loaded, so it is passed to Node with
 * `--require` (packages/backend/package.json `start`, the root `start`, the
 * Dockerfile's CMD) instead of being imported from index.ts.
 *
 * Served on http://<host>:9464/metrics in the Prometheus text format:
 * - the metrics Backstage's own packages record through the OpenTelemetry
 *   API: catalog (catalog_entities_count, catalog_processing_*,
 *   catalog_stitching_*, ...), scheduler (backend_tasks_task_runs_*),
 *   scaffolder (scaffolder_task_*), and any plugin that uses the API;
 * - HTTP server and client metrics (instrumentation-http:
 *   http_server_request_duration_seconds, http_client_request_duration_seconds);
 * - Node runtime metrics (instrumentation-runtime-node: event loop delay and
 *   utilisation, heap, GC).
 *
 * Environment:
 *   PORTAL_METRICS_ENABLED  "false" turns all of this off      (default on)
 *   PORTAL_METRICS_PORT     port of the metrics endpoint        (default 9464)
 *   PORTAL_METRICS_HOST     interface it binds                  (default
 *                           127.0.0.1; 0.0.0.0 when NODE_ENV=production, so
 *                           the cluster's Prometheus can scrape the pod)
 * Traces and OpenTelemetry logs stay off unless OTEL_TRACES_EXPORTER /
 * OTEL_LOGS_EXPORTER say otherwise (e.g. "otlp" with
 * OTEL_EXPORTER_OTLP_ENDPOINT); the backend's logs go to stdout (JSON in
 * production), not through OpenTelemetry.
 */

// Worker threads load this file too; only the main thread exports metrics.
const { isMainThread } = require('node:worker_threads');

function metricsEnabled() {
  const value = (process.env.PORTAL_METRICS_ENABLED ?? '').toLowerCase();
  return !['false', '0', 'no', 'off'].includes(value);
}

if (isMainThread && metricsEnabled()) {
  // The SDK otherwise defaults to OTLP exporters for traces and logs, which
  // would try to reach a collector on localhost:4318 that isn't there.
  process.env.OTEL_TRACES_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';

  const { NodeSDK } = require('@opentelemetry/sdk-node');
  const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');
  const {
    HttpInstrumentation,
  } = require('@opentelemetry/instrumentation-http');
  const {
    RuntimeNodeInstrumentation,
  } = require('@opentelemetry/instrumentation-runtime-node');

  const port = Number(process.env.PORTAL_METRICS_PORT || 9464);
  const host =
    process.env.PORTAL_METRICS_HOST ||
    (process.env.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1');

  // The backend logs JSON lines in production; so does this file.
  const log = (level, message) => {
    const line =
      process.env.NODE_ENV === 'production'
        ? JSON.stringify({ level, message, service: 'instrumentation' })
        : message;
    (level === 'warn' ? console.warn : console.log)(line);
  };

  const prometheus = new PrometheusExporter({
    host,
    port,
    preventServerStart: true,
  });
  prometheus.startServer().then(
    () => {
      // The backend's logger does not exist yet; this is its first line.
      log(
        'info',
        `Portal metrics (OpenTelemetry Prometheus exporter) on http://${host}:${port}/metrics`,
      );
    },
    error => {
      // A second backend on the same machine (e.g. the e2e backend next to
      // the dev one) must still start; it just has no metrics endpoint.
      log(
        'warn',
        `Portal metrics endpoint not started on ${host}:${port}: ${error.message}. ` +
          'Set PORTAL_METRICS_PORT to another port, or PORTAL_METRICS_ENABLED=false.',
      );
    },
  );

  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME || 'developer-portal',
    metricReaders: [prometheus],
    instrumentations: [
      new HttpInstrumentation({
        // Prometheus' own scrapes of the metrics endpoint are not traffic.
        ignoreIncomingRequestHook: request =>
          (request.url ?? '').startsWith('/metrics'),
      }),
      new RuntimeNodeInstrumentation(),
    ],
  });
  sdk.start();

  const shutdown = () => {
    sdk.shutdown().catch(() => {});
  };
  process.once('beforeExit', shutdown);
}
