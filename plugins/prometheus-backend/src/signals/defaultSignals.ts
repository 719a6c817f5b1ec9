/**
 * A golden signal as configured: a PromQL template with `{{selector}}`,
 * `{{rateWindow}}` and `{{step}}` placeholders.
 */
export interface SignalTemplate {
  name: string;
  title: string;
  unit: string;
  query: string;
}

/*
 * The metric names are those of the demo exporter
 * (packages/local-doubles/src/metrics/demoMetrics.ts) and of the usual
 * instrumentation: http_requests_total{app,namespace,route,method,code},
 * the http_request_duration_seconds histogram, and cAdvisor's
 * container_cpu_usage_seconds_total and container_memory_working_set_bytes.
 * Every query aggregates `by (app)`, so one entity is one series per app.
 */

const requests = 'http_requests_total{ {{selector}} }';
const serverErrors = 'http_requests_total{ {{selector}}, code=~"5.." }';
const rate = (selector: string) =>
  `sum by (app) (rate(${selector}[{{rateWindow}}]))`;
const latency = (quantile: number) =>
  `histogram_quantile(${quantile}, sum by (app, le) (rate(http_request_duration_seconds_bucket{ {{selector}} }[{{rateWindow}}])))`;

/** The built-in golden signals, used when `prometheus.signals` is not configured. */
export const DEFAULT_SIGNALS: readonly SignalTemplate[] = [
  {
    name: 'request_rate',
    title: 'Request rate',
    unit: 'reqps',
    query: rate(requests),
  },
  {
    name: 'error_ratio',
    title: 'Error ratio (5xx)',
    unit: 'ratio',
    // `or ... * 0`: a service without any 5xx yet has a ratio of 0, not no series.
    query: `(${rate(serverErrors)} or ${rate(requests)} * 0) / ${rate(
      requests,
    )}`,
  },
  {
    name: 'latency_p50',
    title: 'Latency p50',
    unit: 'seconds',
    query: latency(0.5),
  },
  {
    name: 'latency_p95',
    title: 'Latency p95',
    unit: 'seconds',
    query: latency(0.95),
  },
  {
    name: 'latency_p99',
    title: 'Latency p99',
    unit: 'seconds',
    query: latency(0.99),
  },
  {
    name: 'cpu',
    title: 'CPU usage',
    unit: 'cores',
    query: rate('container_cpu_usage_seconds_total{ {{selector}} }'),
  },
  {
    name: 'memory',
    title: 'Memory working set',
    unit: 'bytes',
    query: 'sum by (app) (container_memory_working_set_bytes{ {{selector}} })',
  },
];
