import path from 'node:path';
import { RunningDouble } from '../http/listen';
import { startDemoMetricsExporter } from '../metrics/startDemoMetricsExporter';
import { createDemoWorld, DemoWorld } from '../world/createDemoWorld';
import {
  DEMO_PROMETHEUS_DIR,
  prometheusConfig,
  RunningPrometheus,
  startPrometheus,
} from './startPrometheus';

export interface DemoPrometheus {
  world: DemoWorld;
  /** The demo metrics exporter Prometheus scrapes (job `demo-services`). */
  exporter: RunningDouble;
  prometheus: RunningPrometheus;
  /** Stops Prometheus and the exporter and closes the world (if it was created here). */
  close(): Promise<void>;
}

/**
 * The demo setup of `scripts/start.sh` in miniature, for tests: a demo
 * metrics exporter over `world` (a fresh demo world by default) on a free
 * port, and a real Prometheus scraping it every second (job `demo-services`,
 * labels kept as sent) with the repo's rules from demo/prometheus/rules.
 * Resolves once the first scrape succeeded and the request counters are
 * queryable; `rate()` needs a couple more seconds of samples.
 */
export async function startDemoPrometheus(
  options: {
    world?: DemoWorld;
    scrapeInterval?: string;
    /** More jobs to scrape, job name → host:port or URL. */
    extraTargets?: Record<string, string>;
  } = {},
): Promise<DemoPrometheus> {
  const world = options.world ?? createDemoWorld();
  const exporter = await startDemoMetricsExporter({ port: 0, world });
  let prometheus: RunningPrometheus | undefined;
  const close = async () => {
    await prometheus?.close();
    await exporter.close();
    if (!options.world) world.close();
  };
  try {
    prometheus = await startPrometheus({
      config: prometheusConfig({
        targets: { 'demo-services': exporter.url, ...options.extraTargets },
        scrapeInterval: options.scrapeInterval,
        ruleFiles: [path.join(DEMO_PROMETHEUS_DIR, 'rules', '*.yml')],
      }),
    });
    await prometheus.waitForTargets({ jobs: ['demo-services'] });
    await prometheus.waitForSamples('http_requests_total');
  } catch (error) {
    await close();
    throw error;
  }
  return { world, exporter, prometheus, close };
}
