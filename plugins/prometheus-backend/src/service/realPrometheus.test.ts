import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  parsePrometheusSelector,
  quotePromqlString,
  SignalsResponse,
} from '@internal/plugin-prometheus-common';
import request from 'supertest';
import {
  DemoPrometheus,
  describeWithPrometheus,
  prometheusConfig,
  RunningPrometheus,
  startDemoPrometheus,
  startPrometheus,
} from '@internal/local-doubles';
import { startTestExporter, TEST_RULES } from '../__testUtils__/testExporter';
import { prometheusPlugin } from '../plugin';

/*
 * Against a real Prometheus (Debian's `prometheus` package, or
 * $PORTAL_PROMETHEUS_BIN), started by the shared helper of
 * @internal/local-doubles. Without the binary, describeWithPrometheus skips
 * these suites with a warning saying why; under CI (CI=true, where the
 * package is installed) a missing binary is a failing test instead.
 */

jest.setTimeout(90_000);

const USER = mockCredentials.user.header('user:default/jane.doe');

function component(name: string, selector: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'prometheus.io/selector': selector },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

describeWithPrometheus('against a real Prometheus', () => {
  let exporter: Awaited<ReturnType<typeof startTestExporter>>;
  let prometheus: RunningPrometheus;
  let api: ReturnType<typeof request>;

  beforeAll(async () => {
    exporter = await startTestExporter();
    prometheus = await startPrometheus({
      config: prometheusConfig({
        targets: { 'test-exporter': exporter.url },
        ruleFiles: ['rules.yml'],
      }),
      files: { 'rules.yml': TEST_RULES },
    });
    const { server } = await startTestBackend({
      features: [
        prometheusPlugin,
        mockServices.rootConfig.factory({
          data: {
            prometheus: {
              instances: [{ name: 'real', url: prometheus.url }],
              timeout: { seconds: 5 },
              cacheTtl: { milliseconds: 1 },
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [
            component('course-service', 'app="course-service"'),
            component('quiz-service', 'app=~"quiz-.*"'),
          ],
        }),
      ],
    });
    api = request(server);
  });

  afterAll(async () => {
    await prometheus?.close();
    await exporter?.close();
  });

  const get = (path: string, query: Record<string, string>) =>
    api.get(`/api/prometheus${path}`).query(query).set('Authorization', USER);

  /** Polls until `ready` holds: the newest aligned step must follow a few scrapes. */
  async function eventually<T>(
    load: () => Promise<T>,
    ready: (value: T) => boolean,
  ): Promise<T> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const value = await load();
      if (ready(value) || Date.now() > deadline) return value;
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
  }

  const lastValue = (body: SignalsResponse, name: string) => {
    const series = body.signals.find(s => s.name === name)?.series ?? [];
    const points = series[0]?.points ?? [];
    return points[points.length - 1]?.[1];
  };

  it('serves the golden signals of an entity', async () => {
    const res = await eventually(
      () => get('/signals', { entityRef: 'component:default/course-service' }),
      r => r.status !== 200 || (lastValue(r.body, 'request_rate') ?? 0) > 0,
    );
    expect(res.status).toBe(200);
    const body = res.body as SignalsResponse;
    expect(body.selector).toBe('app="course-service"');

    const signal = (name: string) => body.signals.find(s => s.name === name)!;
    expect(signal('request_rate').series).toHaveLength(1);
    expect(signal('request_rate').series[0].labels).toEqual({
      app: 'course-service',
    });
    // With only seconds of data in a 5m rate window, rates come out
    // scaled down (Prometheus extrapolates at most to the first sample);
    // ratios and quantiles of series that grow alike are exact.
    const requestRate = lastValue(body, 'request_rate')!;
    expect(requestRate).toBeGreaterThan(0);
    expect(lastValue(body, 'cpu')! / requestRate).toBeCloseTo(0.025, 3);
    expect(lastValue(body, 'error_ratio')).toBeCloseTo(0.1, 3);
    expect(lastValue(body, 'latency_p50')).toBeCloseTo(0.1, 2);
    expect(lastValue(body, 'latency_p95')).toBeGreaterThan(0.25);
    expect(lastValue(body, 'latency_p95')).toBeLessThanOrEqual(1);
    expect(lastValue(body, 'memory')).toBe(134217728);
    for (const s of body.signals) {
      for (const series of s.series) {
        expect(series.points.length).toBeLessThanOrEqual(300);
      }
    }
  });

  it('gives a service without errors an error ratio of 0, not no data', async () => {
    const res = await eventually(
      () => get('/signals', { entityRef: 'component:default/quiz-service' }),
      r => r.status !== 200 || lastValue(r.body, 'error_ratio') === 0,
    );
    expect(res.status).toBe(200);
    expect(lastValue(res.body, 'error_ratio')).toBe(0);
    expect(lastValue(res.body, 'cpu')).toBeUndefined();
  });

  it("lists the alerts matching the entity's selector, firing and pending", async () => {
    const res = await eventually(
      () => get('/alerts', { entityRef: 'component:default/course-service' }),
      r => r.status !== 200 || r.body.alerts.length >= 2,
    );
    expect(res.status).toBe(200);
    expect(
      res.body.alerts.map((a: { name: string; state: string }) => [
        a.name,
        a.state,
      ]),
    ).toEqual([
      ['CourseServiceErrors', 'firing'],
      ['SlowBurn', 'pending'],
    ]);
    expect(res.body.alerts[0]).toMatchObject({
      labels: {
        alertname: 'CourseServiceErrors',
        app: 'course-service',
        severity: 'critical',
      },
      annotations: { summary: 'Requests fail with 500' },
    });

    const quiz = await get('/alerts', {
      entityRef: 'component:default/quiz-service',
    });
    expect(quiz.body.alerts.map((a: { name: string }) => a.name)).toEqual([
      'SlowBurn',
    ]);
  });

  it('summarizes every entity with a selector', async () => {
    const res = await get('/summary', {});
    expect(res.status).toBe(200);
    const [course, quiz] = res.body.items;
    expect(course).toMatchObject({
      entityRef: 'component:default/course-service',
      instance: 'real',
      alerts: [{ name: 'CourseServiceErrors', state: 'firing' }, {}],
    });
    expect(course.error).toBeUndefined();
    const value = (item: any, name: string) =>
      item.signals.find((s: { name: string }) => s.name === name).value;
    expect(value(course, 'request_rate')).toBeGreaterThan(0);
    expect(value(course, 'error_ratio')).toBeCloseTo(0.1, 3);
    expect(value(course, 'latency_p95')).toBeGreaterThan(0.25);
    expect(quiz.entityRef).toBe('component:default/quiz-service');
    expect(value(quiz, 'error_ratio')).toBe(0);
  });

  it('agrees with Prometheus on which regular expressions are valid', async () => {
    const prometheusAccepts = async (pattern: string) => {
      const res = await fetch(`${prometheus.url}/api/v1/query`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          query: `up{job=~${quotePromqlString(pattern)}}`,
        }),
      });
      return res.status === 200;
    };
    const cases = [
      // RE2 syntax both accept, JavaScript's RegExp did not all.
      'prod|staging',
      '(?i)critical',
      '5\\d\\d',
      '\\pL+',
      '[[:alpha:]]+',
      '(?P<name>a)b',
      '(a+)+$',
      'a{1000}',
      // Refused by both; JavaScript's RegExp accepted all but the first.
      '(',
      '(?=a)a',
      '(?<!a)b',
      '(a)\\1',
      'a{1001}',
      '\\Z',
      '[[:nope:]]+',
      '(?<n>a)',
    ];
    const verdicts = await Promise.all(
      cases.map(async pattern => ({
        pattern,
        portal: parsePrometheusSelector(`job=~${quotePromqlString(pattern)}`)
          .ok,
        prometheus: await prometheusAccepts(pattern),
      })),
    );
    for (const verdict of verdicts) {
      expect(verdict).toEqual({
        pattern: verdict.pattern,
        portal: verdict.prometheus,
        prometheus: verdict.prometheus,
      });
    }
    expect(verdicts.filter(v => v.prometheus).length).toBe(8);
  });

  it("answers 400 with Prometheus' message for invalid PromQL, and 503 once Prometheus is gone", async () => {
    const bad = await api
      .post('/api/prometheus/query')
      .set('Authorization', USER)
      .send({ query: 'sum(' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.name).toBe('InputError');
    expect(bad.body.error.message).toMatch(/^query: .*parse error/);

    await prometheus.close();
    const started = Date.now();
    const down = await get('/signals', {
      entityRef: 'component:default/course-service',
    });
    expect(down.status).toBe(503);
    expect(down.body.error.message).toBe(
      'Prometheus instance real is unreachable (ECONNREFUSED)',
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describeWithPrometheus(
  'against the demo Prometheus (demo exporter and demo rules)',
  () => {
    let demo: DemoPrometheus;
    let api: ReturnType<typeof request>;

    beforeAll(async () => {
      demo = await startDemoPrometheus();
      const { server } = await startTestBackend({
        features: [
          prometheusPlugin,
          mockServices.rootConfig.factory({
            data: {
              prometheus: {
                instances: [{ name: 'demo', url: demo.prometheus.url }],
                cacheTtl: { milliseconds: 1 },
              },
            },
          }),
          catalogServiceMock.factory({
            entities: [component('course-service', 'app="course-service"')],
          }),
        ],
      });
      api = request(server);
    });

    afterAll(async () => {
      await demo?.close();
    });

    it('finds series for every built-in signal: the metric names agree', async () => {
      const deadline = Date.now() + 60_000;
      let body: SignalsResponse;
      for (;;) {
        const res = await api
          .get('/api/prometheus/signals')
          .query({ entityRef: 'component:default/course-service' })
          .set('Authorization', USER);
        expect(res.status).toBe(200);
        body = res.body;
        const empty = body.signals.filter(s =>
          s.series.every(series => series.points.every(p => p[1] === null)),
        );
        if (empty.length === 0 || Date.now() > deadline) break;
        await new Promise(resolve => setTimeout(resolve, 1000));
      }
      expect(
        body.signals.filter(s => s.series.length === 0).map(s => s.name),
      ).toEqual([]);
      for (const signal of body.signals) {
        expect(signal.series[0].labels.app).toBe('course-service');
      }

      const alerts = await api
        .get('/api/prometheus/alerts')
        .query({ entityRef: 'component:default/course-service' })
        .set('Authorization', USER);
      expect(alerts.status).toBe(200);
      expect(alerts.body.selector).toBe('app="course-service"');
    });
  },
);
