import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createDemoWorld } from '../world/createDemoWorld';
import { startDemoPrometheus } from './startDemoPrometheus';
import {
  DEMO_PROMETHEUS_DIR,
  describeWithPrometheus,
  findPrometheusBinary,
  prometheusConfig,
  prometheusMissingMessage,
  startPrometheus,
} from './startPrometheus';

jest.setTimeout(90_000);

const run = promisify(execFile);

describe('findPrometheusBinary', () => {
  const saved = process.env.PORTAL_PROMETHEUS_BIN;
  afterEach(() => {
    if (saved === undefined) delete process.env.PORTAL_PROMETHEUS_BIN;
    else process.env.PORTAL_PROMETHEUS_BIN = saved;
  });

  it('reports a missing binary with a message that says how to install it', async () => {
    process.env.PORTAL_PROMETHEUS_BIN = '/nonexistent/prometheus';
    expect(findPrometheusBinary()).toBeUndefined();
    expect(prometheusMissingMessage()).toMatch(
      /\/nonexistent\/prometheus missing.*apt-get install prometheus/,
    );
    await expect(startPrometheus({ config: 'global: {}\n' })).rejects.toThrow(
      /Prometheus is not installed/,
    );
  });
});

describeWithPrometheus('the demo Prometheus config', () => {
  const promtool = path.join(
    path.dirname(findPrometheusBinary() ?? '/usr/bin/prometheus'),
    'promtool',
  );

  it('passes promtool check config and the rule unit tests', async () => {
    const config = await run(promtool, ['check', 'config', 'prometheus.yml'], {
      cwd: DEMO_PROMETHEUS_DIR,
    });
    expect(config.stdout).toMatch(/SUCCESS: prometheus.yml is valid/);
    const tests = fs
      .readdirSync(path.join(DEMO_PROMETHEUS_DIR, 'tests'))
      .filter(f => f.endsWith('.test.yml'))
      .map(f => path.join('tests', f));
    expect(tests.length).toBeGreaterThan(0);
    const result = await run(promtool, ['test', 'rules', ...tests], {
      cwd: DEMO_PROMETHEUS_DIR,
    });
    expect(result.stdout).toMatch(/SUCCESS/);
  });
});

describeWithPrometheus('startPrometheus', () => {
  it('starts on a free port with a config and files, reloads and cleans up', async () => {
    const prometheus = await startPrometheus({
      config: prometheusConfig({
        targets: {},
        ruleFiles: ['rules/*.yml'],
      }),
      files: {
        'rules/one.yml':
          'groups:\n  - name: t\n    rules:\n      - record: one\n        expr: vector(1)\n',
      },
    });
    try {
      expect(prometheus.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const [sample] = await prometheus.waitForSamples('one');
      expect(sample.value[1]).toBe('1');
      await prometheus.reload();
      expect(await prometheus.query('vector(2)')).toEqual([
        { metric: {}, value: [expect.any(Number), '2'] },
      ]);
      await expect(prometheus.query('sum(')).rejects.toThrow(/parse error/);
    } finally {
      await prometheus.close();
    }
    expect(fs.existsSync(prometheus.dataDir)).toBe(false);
  });

  it('scrapes the demo exporter, loads the repo rules and sees a rollout bump', async () => {
    const world = createDemoWorld({ syncDurationMs: 500 });
    const demo = await startDemoPrometheus({ world });
    try {
      const { prometheus } = demo;
      // Every demo service has traffic (counters move every 2 s, in whole
      // requests, so wait until each rate is above zero).
      const apps = await eventuallyResult(async () => {
        const result = await prometheus.query(
          'sum by (app) (rate(http_requests_total[10s])) > 0',
        );
        return result.length === world.services.length ? result : undefined;
      });
      expect(apps.map(s => s.metric.app).sort()).toEqual(
        world.services.map(s => s.name).sort(),
      );

      // The repo's rules are loaded and evaluated.
      const rules = await fetch(`${prometheus.url}/api/v1/rules`).then(r =>
        r.json(),
      );
      const names = rules.data.groups.flatMap((g: any) =>
        g.rules.map((r: any) => r.name),
      );
      expect(names).toEqual(
        expect.arrayContaining([
          'HighErrorRatio',
          'PodCrashLooping',
          'app:http_errors:ratio_rate5m',
        ]),
      );
      await prometheus.waitForSamples(
        'app:http_requests:rate5m{app="course-service"}',
      );

      // A sync through the shared world shows up as 503s in Prometheus.
      world.sync('jobs-api', 'main');
      await prometheus.waitForSamples(
        'increase(http_requests_total{app="jobs-api",code="503"}[10s]) > 0',
      );
    } finally {
      await demo.close();
      world.close();
    }
  });
});

async function eventuallyResult<T>(
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const until = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}
