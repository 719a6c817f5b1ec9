import http from 'node:http';
import { AddressInfo } from 'node:net';

/*
 * A tiny exporter with exactly known values, for the tests against a real
 * Prometheus (started with `startPrometheus` of @internal/local-doubles):
 * the demo exporter's traffic varies with time, this one does not.
 */

/**
 * Metrics of two services that grow with the wall clock: course-service
 * answers 10 requests/s, 1 of them a 500; quiz-service 4/s without errors.
 */
function exposition(startedAt: number): string {
  const t = (Date.now() - startedAt) / 1000 + 1;
  const lines: string[] = [
    '# TYPE http_requests_total counter',
    `http_requests_total{app="course-service",route="/api",method="GET",code="200"} ${
      9 * t
    }`,
    `http_requests_total{app="course-service",route="/api",method="GET",code="500"} ${
      1 * t
    }`,
    `http_requests_total{app="quiz-service",route="/api",method="GET",code="200"} ${
      4 * t
    }`,
    '# TYPE http_request_duration_seconds histogram',
  ];
  for (const app of ['course-service', 'quiz-service']) {
    const rps = app === 'course-service' ? 10 : 4;
    // Half the requests within 0.1 s, 90 % within 0.25 s, all within 1 s.
    const buckets: Array<[string, number]> = [
      ['0.05', 0],
      ['0.1', 0.5],
      ['0.25', 0.9],
      ['1', 1],
      ['+Inf', 1],
    ];
    for (const [le, share] of buckets) {
      lines.push(
        `http_request_duration_seconds_bucket{app="${app}",route="/api",method="GET",le="${le}"} ${
          share * rps * t
        }`,
      );
    }
    lines.push(
      `http_request_duration_seconds_sum{app="${app}",route="/api",method="GET"} ${
        0.12 * rps * t
      }`,
      `http_request_duration_seconds_count{app="${app}",route="/api",method="GET"} ${
        rps * t
      }`,
    );
  }
  lines.push(
    '# TYPE container_cpu_usage_seconds_total counter',
    `container_cpu_usage_seconds_total{app="course-service",pod="course-service-1",container="app"} ${
      0.25 * t
    }`,
    '# TYPE container_memory_working_set_bytes gauge',
    `container_memory_working_set_bytes{app="course-service",pod="course-service-1",container="app"} 134217728`,
  );
  return `${lines.join('\n')}\n`;
}

/** Alert rules over the test exporter: one firing, one pending for an hour. */
export const TEST_RULES = `groups:
  - name: test
    interval: 1s
    rules:
      - alert: CourseServiceErrors
        expr: sum by (app) (http_requests_total{code="500"}) > 0
        labels: { severity: critical }
        annotations: { summary: 'Requests fail with 500' }
      - alert: SlowBurn
        expr: sum by (app) (http_requests_total) > 0
        for: 1h
        labels: { severity: warning }
`;

/** Serves the test metrics on a free loopback port. */
export async function startTestExporter() {
  const startedAt = Date.now();
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
    res.end(exposition(startedAt));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
