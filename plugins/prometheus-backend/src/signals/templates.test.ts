import { ConfigReader } from '@backstage/config';
import {
  formatPrometheusSelector,
  parsePrometheusSelector,
  SIGNAL_RANGES,
} from '@internal/plugin-prometheus-common';
import { readPrometheusConfig } from '../config';
import { DEFAULT_SIGNALS } from './defaultSignals';
import {
  checkTemplate,
  fillTemplate,
  MAX_SIGNAL_POINTS,
  promDuration,
  rangeWindow,
} from './templates';

const values = { selector: 'app="a"', rateWindow: '5m', step: '15s' };

describe('signal templates', () => {
  it('fills every placeholder, with or without spaces inside the braces', () => {
    expect(
      fillTemplate(
        'rate(x{ {{selector}}, code=~"5.." }[{{ rateWindow }}]) + {{step}}',
        values,
      ),
    ).toBe('rate(x{ app="a", code=~"5.." }[5m]) + 15s');
  });

  it('fills the built-in signals into PromQL with the quoted selector only', () => {
    const parsed = parsePrometheusSelector('app=course-service');
    if (!parsed.ok) throw new Error(parsed.error);
    const selector = formatPrometheusSelector(parsed.matchers);
    const queries = DEFAULT_SIGNALS.map(s =>
      fillTemplate(s.query, { ...values, selector }),
    );
    expect(queries[0]).toBe(
      'sum by (app) (rate(http_requests_total{ app="course-service" }[5m]))',
    );
    expect(queries[1]).toBe(
      '(sum by (app) (rate(http_requests_total{ app="course-service", code=~"5.." }[5m])) or sum by (app) (rate(http_requests_total{ app="course-service" }[5m])) * 0) / sum by (app) (rate(http_requests_total{ app="course-service" }[5m]))',
    );
    expect(queries[3]).toBe(
      'histogram_quantile(0.95, sum by (app, le) (rate(http_request_duration_seconds_bucket{ app="course-service" }[5m])))',
    );
    for (const query of queries) {
      expect(query).not.toMatch(/\{\{|\}\}/);
    }
    expect(DEFAULT_SIGNALS.map(s => s.name)).toEqual([
      'request_rate',
      'error_ratio',
      'latency_p50',
      'latency_p95',
      'latency_p99',
      'cpu',
      'memory',
    ]);
  });

  it('checks templates from config', () => {
    for (const signal of DEFAULT_SIGNALS) {
      expect(checkTemplate(signal.query)).toBeUndefined();
    }
    expect(checkTemplate('up')).toMatch(/must use \{\{selector\}\}/);
    expect(checkTemplate('x{ {{selector}} }[{{window}}]')).toMatch(
      /unknown placeholder \{\{window\}\}/,
    );
  });

  it('keeps every range at most 300 points, aligned to the step', () => {
    const now = Date.parse('2026-11-22T10:07:31.500Z');
    for (const range of SIGNAL_RANGES) {
      const window = rangeWindow(range, now);
      const points = (window.end - window.start) / window.step + 1;
      expect(points).toBeLessThanOrEqual(MAX_SIGNAL_POINTS);
      expect(window.end % window.step).toBe(0);
      expect(window.end).toBeLessThanOrEqual(now / 1000);
      expect(now / 1000 - window.end).toBeLessThan(window.step);
    }
    expect(rangeWindow('1h', now)).toMatchObject({
      step: 15,
      rateWindow: '5m',
      end: Date.parse('2026-11-22T10:07:30Z') / 1000,
      start: Date.parse('2026-11-22T09:07:30Z') / 1000,
    });
    expect(rangeWindow('7d', now).step).toBe(2400);
  });

  it('writes PromQL durations', () => {
    expect([15, 90, 300, 2400, 3600].map(promDuration)).toEqual([
      '15s',
      '90s',
      '5m',
      '40m',
      '1h',
    ]);
  });
});

describe('readPrometheusConfig', () => {
  const read = (prometheus: object) =>
    readPrometheusConfig(new ConfigReader({ prometheus }));

  it('reads instances with their headers and defaults the rest', () => {
    const config = read({
      instances: [
        { name: 'local', url: 'http://127.0.0.1:9090/' },
        {
          name: 'thanos',
          url: 'https://thanos.example.com',
          bearerToken: 't0k3n',
          headers: { 'X-Scope-OrgID': 'team-a' },
        },
      ],
    });
    expect(config.instances).toEqual([
      { name: 'local', url: 'http://127.0.0.1:9090', headers: {} },
      {
        name: 'thanos',
        url: 'https://thanos.example.com',
        headers: { 'X-Scope-OrgID': 'team-a', Authorization: 'Bearer t0k3n' },
      },
    ]);
    expect(config).toMatchObject({
      signals: DEFAULT_SIGNALS,
      timeoutMs: 10_000,
      cacheTtlMs: 15_000,
      query: { maxPointsPerSeries: 1000, maxTotalPoints: 50_000 },
      summary: {
        signals: ['request_rate', 'error_ratio', 'latency_p95'],
        concurrency: 4,
        maxEntities: 500,
      },
    });
    expect(readPrometheusConfig(new ConfigReader({})).instances).toEqual([]);
  });

  it('reads durations and custom signals', () => {
    const config = read({
      timeout: { seconds: 2 },
      cacheTtl: '30s',
      signals: [
        {
          name: 'queue',
          title: 'Queue depth',
          unit: 'jobs',
          query: 'sum(queue_depth{ {{selector}} })',
        },
      ],
    });
    expect(config.timeoutMs).toBe(2000);
    expect(config.cacheTtlMs).toBe(30_000);
    expect(config.signals.map(s => s.name)).toEqual(['queue']);
    // The default summary signals are only those that exist.
    expect(config.summary.signals).toEqual([]);
  });

  it.each([
    [{ instances: [{ name: 'a b', url: 'http://x' }] }, /not a valid name/],
    [
      {
        instances: [
          { name: 'a', url: 'http://x' },
          { name: 'a', url: 'http://y' },
        ],
      },
      /a is configured twice/,
    ],
    [{ instances: [{ name: 'a', url: 'nope' }] }, /not a URL/],
    [{ instances: [{ name: 'a', url: 'file:///etc' }] }, /http or https/],
    [
      {
        instances: [{ name: 'a', url: 'https://bob:s3cret@prom.example.com' }],
      },
      /^prometheus.instances\[0\].url: must not contain credentials; use bearerToken, or headers/,
    ],
    [
      { signals: [{ name: 'x', title: 'X', unit: 'u', query: 'up' }] },
      /prometheus.signals\[0\].query: the query must use/,
    ],
    [{ query: { maxTotalPoints: -1 } }, /maxTotalPoints must be a positive/],
    [{ summary: { signals: ['nope'] } }, /summary.signals: nope is not one/],
  ])('fails startup on %j', (prometheus, error) => {
    expect(() => read(prometheus)).toThrow(error);
  });
});
