import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  closedPortUrl,
  FakePrometheus,
  FakeRequest,
  matrix,
  startFakePrometheus,
} from '../__testUtils__/fakePrometheus';
import { prometheusPlugin } from '../plugin';

const USER = mockCredentials.user.header('user:default/jane.doe');

function component(
  name: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

const entities: Entity[] = [
  component('course-service', {
    'prometheus.io/selector': 'app="course-service"',
  }),
  component('quiz-service', {
    'prometheus.io/selector': 'app=quiz-service, namespace=~"prod|staging"',
    'prometheus.io/instance': 'secondary',
  }),
  component('no-metrics'),
  component('injection', {
    'prometheus.io/selector': 'app="a"}[5m])) or vector(1) or sum(x{y="',
  }),
  component('unknown-instance', {
    'prometheus.io/selector': 'app="x"',
    'prometheus.io/instance': 'nope',
  }),
];

const NOW = Date.now() / 1000;

/** Answers like a healthy Prometheus: a series per query, two alerts. */
function healthy(req: FakeRequest) {
  if (req.path === '/api/v1/query_range') {
    return matrix([
      {
        metric: { __name__: 'ignored', app: 'course-service' },
        values: [
          [NOW - 15, '1.5'],
          [NOW, 'NaN'],
        ],
      },
    ]);
  }
  if (req.path === '/api/v1/query') {
    return {
      status: 200,
      body: {
        status: 'success',
        data: {
          resultType: 'vector',
          result: [{ metric: { job: 'x' }, value: [NOW, '1'] }],
        },
      },
    };
  }
  if (req.path === '/api/v1/alerts') {
    return {
      status: 200,
      body: {
        status: 'success',
        data: {
          alerts: [
            {
              labels: { alertname: 'HighLatency', app: 'course-service' },
              annotations: { summary: 'p95 above 1s' },
              state: 'pending',
              activeAt: '2026-11-22T10:00:00Z',
              value: '1.2e+00',
            },
            {
              labels: { alertname: 'HighErrorRatio', app: 'course-service' },
              annotations: {},
              state: 'firing',
              value: '0.2',
            },
            {
              labels: { alertname: 'HighErrorRatio', app: 'quiz-service' },
              annotations: {},
              state: 'firing',
            },
          ],
        },
      },
    };
  }
  return { status: 404, body: { status: 'error', error: 'not found' } };
}

type Decide = (permission: string) => AuthorizeResult;

describe('prometheus API', () => {
  let prometheus: FakePrometheus;
  let secondary: FakePrometheus;

  beforeEach(async () => {
    prometheus = await startFakePrometheus(healthy);
    secondary = await startFakePrometheus(healthy);
  });

  afterEach(async () => {
    await prometheus.close();
    await secondary.close();
  });

  async function startBackend(
    options: {
      prometheus?: JsonObject;
      decide?: Decide;
      entities?: Entity[];
    } = {},
  ) {
    const { decide = () => AuthorizeResult.ALLOW } = options;
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        (requests as EvaluatePermissionRequest[]).map(r => ({
          result: decide(r.permission.name) as
            | AuthorizeResult.ALLOW
            | AuthorizeResult.DENY,
        })),
    });
    const { server } = await startTestBackend({
      features: [
        prometheusPlugin,
        mockServices.rootConfig.factory({
          data: {
            prometheus: {
              instances: [
                {
                  name: 'primary',
                  url: prometheus.url,
                  bearerToken: 's3cret',
                },
                { name: 'secondary', url: secondary.url },
              ],
              timeout: { milliseconds: 500 },
              ...options.prometheus,
            },
          },
        }),
        permissions.factory,
        catalogServiceMock.factory({
          entities: options.entities ?? entities,
        }),
      ],
    });
    const api = request(server);
    return {
      permissions,
      get: (path: string, query: Record<string, string> = {}, auth = USER) =>
        api
          .get(`/api/prometheus${path}`)
          .query(query)
          .set('Authorization', auth),
      post: (path: string, body: object, auth = USER) =>
        api
          .post(`/api/prometheus${path}`)
          .set('Authorization', auth)
          .send(body),
    };
  }

  describe('GET /signals', () => {
    it("fills the signal templates with the entity's selector", async () => {
      const backend = await startBackend();

      const res = await backend.get('/signals', {
        entityRef: 'component:default/course-service',
        range: '6h',
      });

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        entityRef: 'component:default/course-service',
        instance: 'primary',
        range: '6h',
        step: 90,
        selector: 'app="course-service"',
      });
      expect(
        (Date.parse(res.body.end) - Date.parse(res.body.start)) / 1000,
      ).toBe(6 * 3600);
      expect(res.body.signals.map((s: { name: string }) => s.name)).toEqual([
        'request_rate',
        'error_ratio',
        'latency_p50',
        'latency_p95',
        'latency_p99',
        'cpu',
        'memory',
      ]);
      expect(res.body.signals[0]).toEqual({
        name: 'request_rate',
        title: 'Request rate',
        unit: 'reqps',
        series: [
          {
            labels: { app: 'course-service' },
            points: [
              [Math.round((NOW - 15) * 1000), 1.5],
              [Math.round(NOW * 1000), null],
            ],
          },
        ],
      });

      const queries = prometheus.requests.filter(
        r => r.path === '/api/v1/query_range',
      );
      expect(queries).toHaveLength(7);
      expect(queries[0].params).toMatchObject({
        query:
          'sum by (app) (rate(http_requests_total{ app="course-service" }[5m]))',
        step: '90',
      });
      expect(queries[0].headers.authorization).toBe('Bearer s3cret');
      expect(secondary.requests).toHaveLength(0);
    });

    it('defaults to 1h, uses the instance annotation and normalizes selectors', async () => {
      const backend = await startBackend();

      const res = await backend.get('/signals', {
        entityRef: 'quiz-service',
      });

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        entityRef: 'component:default/quiz-service',
        instance: 'secondary',
        range: '1h',
        step: 15,
        selector: 'app="quiz-service", namespace=~"prod|staging"',
      });
      expect(secondary.requests[0].params.query).toContain(
        'http_requests_total{ app="quiz-service", namespace=~"prod|staging" }',
      );
      expect(prometheus.requests).toHaveLength(0);
    });

    it('caches answers per entity and range', async () => {
      const backend = await startBackend();
      const entityRef = 'component:default/course-service';

      await backend.get('/signals', { entityRef }).expect(200);
      await backend.get('/signals', { entityRef }).expect(200);
      expect(prometheus.requests).toHaveLength(7);

      await backend.get('/signals', { entityRef, range: '24h' }).expect(200);
      expect(prometheus.requests).toHaveLength(14);
    });

    it('answers 404 for unknown entities and entities without the annotation', async () => {
      const backend = await startBackend();

      const unknown = await backend.get('/signals', {
        entityRef: 'component:default/nope',
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toBe(
        'No entity component:default/nope in the catalog',
      );

      const bare = await backend.get('/signals', {
        entityRef: 'component:default/no-metrics',
      });
      expect(bare.status).toBe(404);
      expect(bare.body.error.message).toBe(
        'component:default/no-metrics has no prometheus.io/selector annotation, so it has no golden signals or alerts',
      );
      expect(prometheus.requests).toHaveLength(0);
    });

    it('refuses a selector outside the grammar with 400, never asking Prometheus', async () => {
      const backend = await startBackend();

      const res = await backend.get('/signals', {
        entityRef: 'component:default/injection',
      });

      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /^component:default\/injection: the prometheus.io\/selector annotation is not a valid label selector: expected a comma at position/,
      );
      expect(prometheus.requests).toHaveLength(0);
    });

    it('refuses bad parameters and unknown instances with 400', async () => {
      const backend = await startBackend();

      const range = await backend.get('/signals', {
        entityRef: 'component:default/course-service',
        range: '30d',
      });
      expect(range.status).toBe(400);

      const missing = await backend.get('/signals');
      expect(missing.status).toBe(400);

      const ref = await backend.get('/signals', {
        entityRef: 'component:default/',
      });
      expect(ref.status).toBe(400);
      expect(ref.body.error.message).toMatch(/^entityRef: Entity reference/);

      const instance = await backend.get('/signals', {
        entityRef: 'component:default/unknown-instance',
      });
      expect(instance.status).toBe(400);
      expect(instance.body.error.message).toBe(
        'component:default/unknown-instance: prometheus.io/instance: no Prometheus instance named nope (configured: primary, secondary)',
      );
    });

    it('needs a signed-in caller', async () => {
      const backend = await startBackend();
      const res = await backend.get(
        '/signals',
        { entityRef: 'component:default/course-service' },
        mockCredentials.none.header(),
      );
      expect(res.status).toBe(401);
    });
  });

  describe('when Prometheus fails', () => {
    const entityRef = 'component:default/course-service';

    it('answers 503 at once when it is down', async () => {
      const backend = await startBackend({
        prometheus: {
          instances: [{ name: 'down', url: await closedPortUrl() }],
        },
      });

      const started = Date.now();
      const res = await backend.get('/signals', { entityRef });

      expect(res.status).toBe(503);
      expect(res.body.error.name).toBe('ServiceUnavailableError');
      expect(res.body.error.message).toBe(
        'Prometheus instance down is unreachable (ECONNREFUSED)',
      );
      expect(Date.now() - started).toBeLessThan(2000);

      const alerts = await backend.get('/alerts', { entityRef });
      expect(alerts.status).toBe(503);
    });

    it('answers 503 after the timeout when it hangs', async () => {
      const backend = await startBackend();
      prometheus.respondWith(() => 'hang');

      const started = Date.now();
      const res = await backend.get('/signals', { entityRef });

      expect(res.status).toBe(503);
      expect(res.body.error.message).toBe(
        'Prometheus instance primary did not answer within 500 ms',
      );
      expect(Date.now() - started).toBeLessThan(3000);
    });

    it("answers 502 with Prometheus' message when it errs", async () => {
      const backend = await startBackend();
      prometheus.respondWith(() => ({
        status: 422,
        body: {
          status: 'error',
          errorType: 'execution',
          error: 'expanding series: too many samples',
        },
      }));

      const res = await backend.get('/signals', { entityRef });

      expect(res.status).toBe(502);
      expect(res.body.error).toMatchObject({
        name: 'BadGatewayError',
        message:
          'Signal request_rate: Prometheus instance primary answered 422 (execution): expanding series: too many samples',
      });
    });

    it('answers 502 for a 500 that is not even JSON, without relaying it, and does not cache failures', async () => {
      const backend = await startBackend();
      prometheus.respondWith(() => ({
        status: 500,
        body: '<html>upstream exploded at Proxy.handle (/srv/proxy.js:12)</html>',
      }));

      const res = await backend.get('/signals', { entityRef });
      expect(res.status).toBe(502);
      expect(res.body.error).toEqual({
        name: 'BadGatewayError',
        message:
          'Signal request_rate: Prometheus instance primary answered 500 with a body that is not JSON',
        statusCode: 502,
      });

      prometheus.respondWith(healthy);
      await backend.get('/signals', { entityRef }).expect(200);
    });

    it('answers 503 when Prometheus itself says it is unavailable', async () => {
      const backend = await startBackend();
      prometheus.respondWith(() => ({
        status: 503,
        body: { status: 'error', errorType: 'unavailable', error: 'starting' },
      }));

      const res = await backend.get('/alerts', { entityRef });
      expect(res.status).toBe(503);
      expect(res.body.error.message).toBe(
        'Prometheus instance primary is unavailable: starting',
      );
    });

    it('answers 503 when no instance is configured', async () => {
      const backend = await startBackend({ prometheus: { instances: [] } });
      const res = await backend.get('/signals', { entityRef });
      expect(res.status).toBe(503);
      expect(res.body.error.message).toBe(
        'No Prometheus instance is configured (prometheus.instances)',
      );
    });
  });

  describe('GET /alerts', () => {
    it("lists the firing and pending alerts matching the entity's selector", async () => {
      const backend = await startBackend();

      const res = await backend.get('/alerts', {
        entityRef: 'component:default/course-service',
      });

      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        entityRef: 'component:default/course-service',
        instance: 'primary',
        selector: 'app="course-service"',
        alerts: [
          {
            name: 'HighErrorRatio',
            state: 'firing',
            labels: { alertname: 'HighErrorRatio', app: 'course-service' },
            annotations: {},
            value: 0.2,
          },
          {
            name: 'HighLatency',
            state: 'pending',
            labels: { alertname: 'HighLatency', app: 'course-service' },
            annotations: { summary: 'p95 above 1s' },
            activeAt: '2026-11-22T10:00:00Z',
            value: 1.2,
          },
        ],
      });

      // One alert list per instance, shared by every entity.
      await backend
        .get('/alerts', { entityRef: 'component:default/course-service' })
        .expect(200);
      expect(prometheus.requests).toHaveLength(1);
    });
  });

  describe('GET /summary', () => {
    it('summarizes every entity with a selector, with per-entity errors', async () => {
      const backend = await startBackend();
      await secondary.close();

      const res = await backend.get('/summary');

      expect(res.status).toBe(200);
      expect(Date.parse(res.body.generatedAt)).not.toBeNaN();
      const byRef = Object.fromEntries(
        res.body.items.map((item: { entityRef: string }) => [
          item.entityRef,
          item,
        ]),
      );
      expect(Object.keys(byRef)).toEqual([
        'component:default/course-service',
        'component:default/injection',
        'component:default/quiz-service',
        'component:default/unknown-instance',
      ]);
      expect(byRef['component:default/course-service']).toEqual({
        entityRef: 'component:default/course-service',
        instance: 'primary',
        selector: 'app="course-service"',
        signals: [
          {
            name: 'request_rate',
            title: 'Request rate',
            unit: 'reqps',
            value: 1,
          },
          {
            name: 'error_ratio',
            title: 'Error ratio (5xx)',
            unit: 'ratio',
            value: 1,
          },
          {
            name: 'latency_p95',
            title: 'Latency p95',
            unit: 'seconds',
            value: 1,
          },
        ],
        alerts: [
          expect.objectContaining({ name: 'HighErrorRatio', state: 'firing' }),
          expect.objectContaining({ name: 'HighLatency', state: 'pending' }),
        ],
      });
      expect(byRef['component:default/quiz-service']).toMatchObject({
        instance: 'secondary',
        signals: [{ value: null }, { value: null }, { value: null }],
        alerts: [],
        error: {
          name: 'ServiceUnavailableError',
          statusCode: 503,
          message:
            'Prometheus instance secondary is unreachable (ECONNREFUSED)',
        },
      });
      expect(byRef['component:default/injection'].error).toMatchObject({
        name: 'InputError',
        statusCode: 400,
      });
      expect(byRef['component:default/unknown-instance'].error).toMatchObject({
        name: 'InputError',
        statusCode: 400,
      });

      // Instant queries, one per summary signal; cached afterwards.
      const queries = prometheus.requests.filter(
        r => r.path === '/api/v1/query',
      );
      expect(queries.map(q => q.params.query)).toEqual([
        'sum by (app) (rate(http_requests_total{ app="course-service" }[5m]))',
        expect.stringContaining('code=~"5.."'),
        expect.stringContaining('histogram_quantile(0.95'),
      ]);
      await backend.get('/summary').expect(200);
      expect(
        prometheus.requests.filter(r => r.path === '/api/v1/query'),
      ).toHaveLength(3);
    });
  });

  describe('selectors that would be expensive or that Prometheus refuses', () => {
    const LONG = 'a'.repeat(50_000);
    const hostile = [
      component('redos', { 'prometheus.io/selector': 'app=~"(a+)+$"' }),
      component('nested', {
        'prometheus.io/selector': 'path=~"((a*)*)*b"',
      }),
      component('lookahead', { 'prometheus.io/selector': 'app=~"(?=a)a"' }),
      component('too-complex', {
        'prometheus.io/selector': `app=~"${'[a-z]{0,999}'.repeat(80)}"`,
      }),
      component('everything', { 'prometheus.io/selector': 'app=~".*"' }),
    ];
    const withLongLabels = (req: FakeRequest) => {
      if (req.path !== '/api/v1/alerts') return healthy(req);
      return {
        status: 200,
        body: {
          status: 'success',
          data: {
            alerts: [
              {
                labels: { alertname: 'Long', app: `${LONG}!`, path: LONG },
                annotations: {},
                state: 'firing',
              },
              {
                labels: { alertname: 'Short', app: 'aaa', path: 'aab' },
                annotations: {},
                state: 'firing',
              },
            ],
          },
        },
      };
    };

    it('matches catastrophic regular expressions against long alert labels in linear time', async () => {
      const backend = await startBackend({
        entities: [...entities, ...hostile],
      });
      prometheus.respondWith(withLongLabels);

      const redos = await backend.get('/alerts', {
        entityRef: 'component:default/redos',
      });
      expect(redos.status).toBe(200);
      expect(redos.body.alerts.map((a: { name: string }) => a.name)).toEqual([
        'Short',
      ]);

      const nested = await backend.get('/alerts', {
        entityRef: 'component:default/nested',
      });
      expect(nested.status).toBe(200);
      expect(nested.body.alerts.map((a: { name: string }) => a.name)).toEqual([
        'Short',
      ]);
    });

    it('refuses RE2-invalid, too complex and match-everything selectors with 400, naming the annotation, never asking Prometheus', async () => {
      const backend = await startBackend({ entities: hostile });

      for (const [name, problem] of [
        [
          'lookahead',
          /app=~: not a valid regular expression \(invalid or unsupported Perl syntax/,
        ],
        ['too-complex', /app=~: too complex/],
        ['everything', /does not match the empty string/],
      ] as const) {
        const res = await backend.get('/signals', {
          entityRef: `component:default/${name}`,
        });
        expect(res.status).toBe(400);
        expect(res.body.error.name).toBe('InputError');
        expect(res.body.error.message).toMatch(
          `component:default/${name}: the prometheus.io/selector annotation is not a valid label selector: `,
        );
        expect(res.body.error.message).toMatch(problem);
      }
      expect(prometheus.requests).toHaveLength(0);
    });

    it('gives each bad entity its own error in /summary; the others are unaffected', async () => {
      const backend = await startBackend({
        entities: [
          component('course-service', {
            'prometheus.io/selector': 'app="course-service"',
          }),
          ...hostile,
        ],
      });
      prometheus.respondWith(withLongLabels);

      const res = await backend.get('/summary');

      expect(res.status).toBe(200);
      const byRef = Object.fromEntries(
        res.body.items.map((item: { entityRef: string }) => [
          item.entityRef.replace('component:default/', ''),
          item,
        ]),
      );
      expect(byRef['course-service'].error).toBeUndefined();
      expect(byRef['course-service'].signals[0].value).toBe(1);
      expect(byRef.redos.error).toBeUndefined();
      expect(byRef.redos.alerts.map((a: { name: string }) => a.name)).toEqual([
        'Short',
      ]);
      for (const name of ['lookahead', 'too-complex', 'everything']) {
        expect(byRef[name].error).toMatchObject({
          name: 'InputError',
          statusCode: 400,
          message: expect.stringContaining(
            `component:default/${name}: the prometheus.io/selector annotation`,
          ),
        });
      }
      // Only the valid selectors were queried.
      const queried = prometheus.requests
        .filter(r => r.path === '/api/v1/query')
        .map(r => r.params.query);
      expect(queried.some(q => q.includes('(?='))).toBe(false);
      expect(queried.some(q => q.includes('app="course-service"'))).toBe(true);
    });
  });

  describe('GET /instances', () => {
    it('lists instance names without URLs or tokens', async () => {
      const backend = await startBackend();
      const res = await backend.get('/instances');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        instances: [
          { name: 'primary', default: true },
          { name: 'secondary', default: false },
        ],
      });
    });
  });

  describe('POST /query', () => {
    it('needs prometheus.query', async () => {
      const backend = await startBackend({
        decide: name =>
          name === 'prometheus.query'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      });

      const res = await backend.post('/query', { query: 'up' });

      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe('You may not run raw PromQL queries');
      expect(prometheus.requests).toHaveLength(0);
    });

    it('runs instant and range queries', async () => {
      const backend = await startBackend();

      const instant = await backend.post('/query', {
        query: 'up',
        instance: 'secondary',
      });
      expect(instant.status).toBe(200);
      expect(instant.body).toEqual({
        instance: 'secondary',
        resultType: 'vector',
        series: [
          { labels: { job: 'x' }, points: [[Math.round(NOW * 1000), 1]] },
        ],
      });

      const range = await backend.post('/query', {
        query: 'up',
        start: '2026-11-22T10:00:00Z',
        end: '2026-11-22T11:00:00Z',
        step: 60,
      });
      expect(range.status).toBe(200);
      expect(range.body.resultType).toBe('matrix');
      expect(prometheus.requests[0].params).toMatchObject({
        query: 'up',
        start: String(Date.parse('2026-11-22T10:00:00Z') / 1000),
        step: '60',
      });

      const ranged = await backend.post('/query', { query: 'up', range: '7d' });
      expect(ranged.status).toBe(200);
      expect(Number(prometheus.requests[1].params.step)).toBeGreaterThanOrEqual(
        (7 * 24 * 3600) / 999,
      );
    });

    it('refuses queries over the points limit', async () => {
      const backend = await startBackend({
        prometheus: { query: { maxPointsPerSeries: 100, maxTotalPoints: 1 } },
      });

      const tooFine = await backend.post('/query', {
        query: 'up',
        start: '2026-11-22T10:00:00Z',
        end: '2026-11-22T11:00:00Z',
        step: 1,
      });
      expect(tooFine.status).toBe(400);
      expect(tooFine.body.error.message).toBe(
        'step: 3601 points per series, more than the limit of 100; use a step of at least 37 s',
      );
      expect(prometheus.requests).toHaveLength(0);

      const tooMany = await backend.post('/query', {
        query: 'up',
        range: '1h',
      });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.error.message).toMatch(
        /^The answer has 2 points in 1 series, more than the limit of 1/,
      );
    });

    const refusing =
      (status: number, errorType: string, error: string) =>
      (req: FakeRequest) =>
        req.path.startsWith('/api/v1/query')
          ? { status, body: { status: 'error', errorType, error } }
          : healthy(req);

    it("answers 400 with Prometheus' message when the query is not PromQL", async () => {
      const backend = await startBackend();
      prometheus.respondWith(
        refusing(
          400,
          'bad_data',
          'invalid parameter "query": 1:5: parse error: unclosed left parenthesis',
        ),
      );

      const instant = await backend.post('/query', { query: 'sum(' });
      expect(instant.status).toBe(400);
      expect(instant.body.error).toEqual({
        name: 'InputError',
        message: 'query: 1:5: parse error: unclosed left parenthesis',
      });

      const range = await backend.post('/query', {
        query: 'sum(',
        range: '1h',
      });
      expect(range.status).toBe(400);
      expect(range.body.error.message).toBe(
        'query: 1:5: parse error: unclosed left parenthesis',
      );
    });

    it('names the parameter Prometheus refused, or the query', async () => {
      const backend = await startBackend();

      prometheus.respondWith(
        refusing(400, 'bad_data', 'invalid parameter "time": cannot parse'),
      );
      const time = await backend.post('/query', {
        query: 'up',
        time: '2026-11-22T10:00:00Z',
      });
      expect(time.status).toBe(400);
      expect(time.body.error.message).toBe('time: cannot parse');

      prometheus.respondWith(
        refusing(
          400,
          'bad_data',
          'exceeded maximum resolution of 11,000 points',
        ),
      );
      const other = await backend.post('/query', { query: 'up' });
      expect(other.status).toBe(400);
      expect(other.body.error.message).toBe(
        'query: exceeded maximum resolution of 11,000 points',
      );
    });

    it('answers 422 when Prometheus cannot evaluate the query', async () => {
      const backend = await startBackend();
      prometheus.respondWith(
        refusing(
          422,
          'execution',
          'query processing would load too many samples into memory in query execution',
        ),
      );

      const res = await backend.post('/query', { query: 'rate(x[1y])' });

      expect(res.status).toBe(422);
      expect(res.body.error).toEqual({
        name: 'UnprocessableQueryError',
        message:
          'query: query processing would load too many samples into memory in query execution',
        statusCode: 422,
      });
    });

    it("stays 502 when Prometheus refuses what the backend added, and 502/503 for Prometheus' own failures", async () => {
      const backend = await startBackend();

      prometheus.respondWith(
        refusing(400, 'bad_data', 'invalid parameter "timeout": bad duration'),
      );
      const timeout = await backend.post('/query', { query: 'up' });
      expect(timeout.status).toBe(502);
      expect(timeout.body.error.message).toBe(
        'Prometheus instance primary answered 400 (bad_data): invalid parameter "timeout": bad duration',
      );

      prometheus.respondWith(refusing(500, 'internal', 'storage failed'));
      const internal = await backend.post('/query', { query: 'up' });
      expect(internal.status).toBe(502);

      prometheus.respondWith(
        refusing(503, 'timeout', 'query timed out in expression evaluation'),
      );
      const slow = await backend.post('/query', { query: 'up' });
      expect(slow.status).toBe(503);
      expect(slow.body.error).toEqual({
        name: 'ServiceUnavailableError',
        message:
          'Prometheus instance primary is unavailable: query timed out in expression evaluation',
      });
    });

    it('relays no upstream URL, token, stack or cause in error bodies', async () => {
      const down = await closedPortUrl();
      const backend = await startBackend({
        prometheus: {
          instances: [{ name: 'down', url: down, bearerToken: 's3cret' }],
        },
      });

      const res = await backend.post('/query', { query: 'up' });

      expect(res.status).toBe(503);
      expect(res.body.error).toEqual({
        name: 'ServiceUnavailableError',
        message: 'Prometheus instance down is unreachable (ECONNREFUSED)',
      });
      const text = JSON.stringify(res.body);
      expect(text).not.toContain(new URL(down).port);
      expect(text).not.toContain('s3cret');
    });

    it('refuses malformed requests', async () => {
      const backend = await startBackend();
      for (const body of [
        {},
        { query: '' },
        { query: 'up', extra: 1 },
        { query: 'up', range: '1h', start: '2026-11-22T10:00:00Z' },
        { query: 'up', step: 10 },
        {
          query: 'up',
          start: '2026-11-22T11:00:00Z',
          end: '2026-11-22T10:00:00Z',
        },
        { query: 'up', instance: 'nope' },
      ]) {
        const res = await backend.post('/query', body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
      }
      expect(prometheus.requests).toHaveLength(0);
    });
  });
});
