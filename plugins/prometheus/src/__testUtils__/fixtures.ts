import { Entity } from '@backstage/catalog-model';
import { Deployment } from '@internal/plugin-deployments-common';
import {
  AlertsResponse,
  Signal,
  SignalsResponse,
} from '@internal/plugin-prometheus-common';

/** Where tests mount the backends (mockApis.discovery's base). */
export const BACKEND_BASE_URL = 'http://localhost:7007';
export const PROMETHEUS_API_URL = `${BACKEND_BASE_URL}/api/prometheus`;
export const DEPLOYMENTS_API_URL = `${BACKEND_BASE_URL}/api/deployments`;

export const COURSE_SERVICE = 'component:default/course-service';

export const courseService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'course-service',
    namespace: 'default',
    title: 'Course Service',
    annotations: { 'prometheus.io/selector': 'app="course-service"' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'learning-team' },
};

/** The window of {@link aSignalsResponse}: one hour ending 12:00 UTC. */
export const END = Date.parse('2026-11-20T12:00:00Z');
export const START = END - 60 * 60 * 1000;

function points(f: (i: number) => number | null, count = 61) {
  return Array.from({ length: count }, (_, i) => [
    START + i * 60_000,
    f(i),
  ]) as Array<[number, number | null]>;
}

const one = (
  name: string,
  title: string,
  unit: string,
  f: (i: number) => number | null,
): Signal => ({
  name,
  title,
  unit,
  series: [{ labels: {}, points: points(f) }],
});

export function someSignals(): Signal[] {
  return [
    one('request_rate', 'Request rate', 'reqps', i => 10 + (i % 5)),
    one('error_ratio', 'Error ratio', 'ratio', i => (i > 30 ? 0.05 : 0.001)),
    one('latency_p50', 'Latency p50', 'seconds', () => 0.02),
    one('latency_p95', 'Latency p95', 'seconds', i => (i > 30 ? 0.4 : 0.08)),
    one('latency_p99', 'Latency p99', 'seconds', i => (i > 30 ? 0.9 : 0.15)),
    one('cpu', 'CPU', 'cores', () => 0.25),
    one('memory', 'Memory', 'bytes', () => 256 * 1024 * 1024),
  ];
}

export function aSignalsResponse(
  overrides: Partial<SignalsResponse> = {},
): SignalsResponse {
  return {
    entityRef: COURSE_SERVICE,
    instance: 'local',
    range: '1h',
    start: new Date(START).toISOString(),
    end: new Date(END).toISOString(),
    step: 60,
    selector: 'app="course-service"',
    signals: someSignals(),
    ...overrides,
  };
}

export function aDeployment(overrides: Partial<Deployment> = {}): Deployment {
  return {
    id: 'd1',
    entityRef: COURSE_SERVICE,
    environment: 'production',
    version: '1.42.0',
    commitSha: 'a'.repeat(40),
    status: 'succeeded',
    startedAt: new Date(START + 29 * 60_000).toISOString(),
    finishedAt: new Date(START + 30 * 60_000).toISOString(),
    triggeredBy: 'user:default/ci',
    recordedBy: 'service:ci-pipelines',
    trusted: true,
    source: 'ci',
    sourceId: 'run-1',
    createdAt: new Date(START).toISOString(),
    updatedAt: new Date(START).toISOString(),
    ...overrides,
  };
}

export function someAlerts(): AlertsResponse {
  return {
    entityRef: COURSE_SERVICE,
    instance: 'local',
    selector: 'app="course-service"',
    alerts: [
      {
        name: 'HighErrorRatio',
        state: 'firing',
        labels: {
          alertname: 'HighErrorRatio',
          severity: 'critical',
          app: 'course-service',
        },
        annotations: { summary: 'More than 5% of requests fail' },
        activeAt: new Date(Date.now() - 3 * 60 * 60 * 1000).toISOString(),
        value: 0.07,
      },
      {
        name: 'SlowRequests',
        state: 'pending',
        labels: {
          alertname: 'SlowRequests',
          severity: 'warning',
          app: 'course-service',
        },
        annotations: { description: 'p95 latency above 300 ms' },
      },
    ],
  };
}

/** The error body of a Backstage backend. */
export function errorBody(status: number, message: string, name = 'Error') {
  return { error: { name, message }, response: { statusCode: status } };
}
