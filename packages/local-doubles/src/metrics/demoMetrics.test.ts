import { DEMO_SERVICES } from '../demoPlatform';
import { createDemoWorld, DemoWorld } from '../world/createDemoWorld';
import { MINUTE, SECOND } from '../world/time';
import { createDemoMetrics, STEP_MS } from './demoMetrics';
import { startDemoMetricsExporter } from './startDemoMetricsExporter';
import { routeTemplate } from './demoTraffic';

jest.setTimeout(30_000);

interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * A strict reader of the Prometheus text format (0.0.4): every line must be
 * a HELP/TYPE comment or a sample, and every sample must belong to a family
 * announced by TYPE before it.
 */
function parseExposition(text: string) {
  const types = new Map<string, string>();
  const samples: ParsedSample[] = [];
  expect(text.endsWith('\n')).toBe(true);
  for (const line of text.trimEnd().split('\n')) {
    const type =
      /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(
        line,
      );
    if (type) {
      expect(types.has(type[1])).toBe(false);
      types.set(type[1], type[2]);
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) continue;
    const sample =
      /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|\+Inf|NaN)$/.exec(
        line,
      );
    if (!sample) throw new Error(`not a valid exposition line: ${line}`);
    const labels: Record<string, string> = {};
    const labelPattern = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/gy;
    const body = sample[2] ?? '';
    let consumed = 0;
    for (;;) {
      const match = labelPattern.exec(body);
      if (!match) break;
      labels[match[1]] = match[2];
      consumed = labelPattern.lastIndex;
    }
    expect(consumed).toBe(body.length);
    const family = sample[1].replace(/_(bucket|sum|count)$/, '');
    const known = types.has(sample[1]) || types.get(family) === 'histogram';
    if (!known) throw new Error(`sample before its TYPE: ${line}`);
    samples.push({ name: sample[1], labels, value: Number(sample[3]) });
  }
  return { types, samples };
}

function key(sample: ParsedSample) {
  return `${sample.name}${JSON.stringify(sample.labels)}`;
}

function total(
  samples: ParsedSample[],
  name: string,
  filter: (labels: Record<string, string>) => boolean = () => true,
) {
  return samples
    .filter(s => s.name === name && filter(s.labels))
    .reduce((sum, s) => sum + s.value, 0);
}

describe('demo metrics', () => {
  let world: DemoWorld;
  const start = new Date('2026-11-20T12:00:00Z');

  beforeEach(() => {
    world = createDemoWorld({ startTime: start, syncDurationMs: 50 });
  });

  afterEach(() => world.close());

  it('renders valid exposition text for every demo service', () => {
    const metrics = createDemoMetrics(world);
    const { types, samples } = parseExposition(metrics.render(start.getTime()));
    expect(types.get('http_requests_total')).toBe('counter');
    expect(types.get('http_request_duration_seconds')).toBe('histogram');
    expect(types.get('container_memory_working_set_bytes')).toBe('gauge');
    expect(types.get('kube_pod_container_status_restarts_total')).toBe(
      'counter',
    );
    const apps = new Set(
      samples
        .filter(s => s.name === 'http_requests_total')
        .map(s => s.labels.app),
    );
    expect([...apps].sort()).toEqual(DEMO_SERVICES.map(s => s.name).sort());
    // Only what runs in the cluster: the pre-production applications live
    // in ArgoCD alone.
    expect(
      samples
        .filter(s => s.name === 'app_build_info')
        .map(s => `${s.labels.app} ${s.labels.namespace}`)
        .sort(),
    ).toEqual(DEMO_SERVICES.map(s => `${s.name} ${s.namespace}`).sort());
    // Some 5xx somewhere, and far fewer than successes.
    const errors = total(samples, 'http_requests_total', l =>
      l.code.startsWith('5'),
    );
    const all = total(samples, 'http_requests_total');
    expect(errors).toBeGreaterThan(0);
    expect(errors / all).toBeLessThan(0.05);

    // Histogram buckets are cumulative and end in _count.
    const series = new Map<string, ParsedSample[]>();
    for (const s of samples.filter(
      x => x.name === 'http_request_duration_seconds_bucket',
    )) {
      const { le, ...rest } = s.labels;
      const k = JSON.stringify(rest);
      series.set(k, [...(series.get(k) ?? []), s]);
    }
    expect(series.size).toBeGreaterThan(20);
    for (const [labels, buckets] of series) {
      const values = buckets.map(b => b.value);
      expect(values).toEqual([...values].sort((a, b) => a - b));
      expect(buckets[buckets.length - 1].labels.le).toBe('+Inf');
      const count = samples.find(
        s =>
          s.name === 'http_request_duration_seconds_count' &&
          JSON.stringify(s.labels) === labels,
      );
      expect(count?.value).toBe(values[values.length - 1]);
    }

    // The crash-looping pod's restarts show up, as in the Kubernetes tab.
    const restarts = samples.filter(
      s =>
        s.name === 'kube_pod_container_status_restarts_total' &&
        s.labels.app === 'notification-service',
    );
    expect(Math.max(...restarts.map(s => s.value))).toBeGreaterThan(0);
  });

  it('only ever grows its counters, and agrees with a fresh exporter', () => {
    const metrics = createDemoMetrics(world);
    let previous = new Map<string, number>();
    const t0 = start.getTime() + 1000;
    for (const offset of [0, STEP_MS, 5 * SECOND, 30 * SECOND, 10 * MINUTE]) {
      const { samples } = parseExposition(metrics.render(t0 + offset));
      const current = new Map(
        samples
          .filter(
            s =>
              s.name === 'http_requests_total' ||
              s.name.startsWith('http_request_duration_seconds_'),
          )
          .map(s => [key(s), s.value]),
      );
      for (const [k, value] of previous) {
        expect({ k, value: current.get(k)! >= value }).toEqual({
          k,
          value: true,
        });
      }
      previous = current;
    }
    const fresh = parseExposition(
      createDemoMetrics(world).render(t0 + 10 * MINUTE),
    ).samples.filter(s => s.name === 'http_requests_total');
    for (const s of fresh) expect(previous.get(key(s))).toBe(s.value);
    // Traffic actually flows: ~10 minutes of course-service requests.
    const before = total(
      parseExposition(createDemoMetrics(world).render(t0)).samples,
      'http_requests_total',
      l => l.app === 'course-service',
    );
    const after = fresh
      .filter(s => s.labels.app === 'course-service')
      .reduce((sum, s) => sum + s.value, 0);
    expect((after - before) / 600).toBeGreaterThan(1);
  });

  it('bumps errors and latency around a rollout from the world history', () => {
    const metrics = createDemoMetrics(world);
    const name = 'course-service';
    const windows = metrics.deployWindows().get(name)!;
    const latest = windows[windows.length - 1];
    expect(latest.startedAt).toBeLessThan(start.getTime());
    expect(latest.finishedAt).toBeGreaterThan(latest.startedAt);

    const at = (t: number) => {
      const { samples } = parseExposition(metrics.render(t));
      const isApp = (l: Record<string, string>) => l.app === name;
      return {
        requests: total(samples, 'http_requests_total', isApp),
        errors: total(
          samples,
          'http_requests_total',
          l => isApp(l) && l.code.startsWith('5'),
        ),
        sum: total(samples, 'http_request_duration_seconds_sum', isApp),
        count: total(samples, 'http_request_duration_seconds_count', isApp),
      };
    };
    const window = (
      from: ReturnType<typeof at>,
      to: ReturnType<typeof at>,
    ) => ({
      errorRatio: (to.errors - from.errors) / (to.requests - from.requests),
      meanLatency: (to.sum - from.sum) / (to.count - from.count),
    });
    const a = at(latest.startedAt - 12 * MINUTE);
    const b = at(latest.startedAt - 2 * MINUTE);
    const c = at(latest.startedAt);
    const d = at(latest.finishedAt! + 2 * MINUTE);
    const e = at(latest.finishedAt! + 20 * MINUTE);
    const f = at(latest.finishedAt! + 30 * MINUTE);
    const before = window(a, b);
    const during = window(c, d);
    const after = window(e, f);
    expect(during.errorRatio).toBeGreaterThan(before.errorRatio * 3);
    expect(during.errorRatio).toBeGreaterThan(0.02);
    expect(during.meanLatency).toBeGreaterThan(before.meanLatency * 1.5);
    expect(after.errorRatio).toBeLessThan(during.errorRatio / 3);
  });

  it('bumps errors when a sync rolls a service out while it runs', async () => {
    const live = createDemoWorld({ syncDurationMs: 50 });
    try {
      const metrics = createDemoMetrics(live);
      const errors503 = () =>
        total(
          parseExposition(metrics.render(Date.now())).samples,
          'http_requests_total',
          l => l.app === 'jobs-api' && l.code === '503',
        );
      const before = errors503();
      live.sync('jobs-api', 'main');
      // The first whole step after the sync started carries the bump.
      await new Promise(resolve => setTimeout(resolve, 2 * STEP_MS + 1000));
      expect(errors503()).toBeGreaterThan(before);
    } finally {
      live.close();
    }
  });

  it('turns request paths into route templates', () => {
    expect(routeTemplate('/api/courses?page=2')).toBe('/api/courses');
    expect(routeTemplate('/api/courses/64f1c2/enrollments')).toBe(
      '/api/courses/:id/enrollments',
    );
    expect(routeTemplate('/static/js/main.js')).toBe('/static/js/main.js');
  });
});

describe('startDemoMetricsExporter', () => {
  it('serves /metrics and /healthz', async () => {
    const world = createDemoWorld();
    const exporter = await startDemoMetricsExporter({ port: 0, world });
    try {
      const metrics = await fetch(`${exporter.url}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toBe(
        'text/plain; version=0.0.4; charset=utf-8',
      );
      expect(
        parseExposition(await metrics.text()).samples.length,
      ).toBeGreaterThan(100);
      expect((await fetch(`${exporter.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${exporter.url}/nope`)).status).toBe(404);
    } finally {
      world.close();
      await exporter.close();
    }
  });
});
