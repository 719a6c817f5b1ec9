import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen, RunningDouble } from '../http/listen';
import { DemoWorld } from '../world/createDemoWorld';
import { createDemoMetrics } from './demoMetrics';

export interface DemoMetricsExporterOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Share it with the ArgoCD and Kubernetes doubles, so a sync shows up as a bump. */
  world: DemoWorld;
  /** The clock; tests move it by hand. Defaults to Date.now. */
  now?: () => number;
}

/** Content type of the Prometheus text exposition format. */
export const PROMETHEUS_TEXT_CONTENT_TYPE =
  'text/plain; version=0.0.4; charset=utf-8';

/**
 * Serves the demo services' metrics (see demoMetrics.ts) for the demo
 * Prometheus to scrape: `GET /metrics` in the Prometheus text format and
 * `GET /healthz`. Stands in for the services' own exporters,
 * kube-state-metrics and cAdvisor, which the local machine doesn't run.
 */
export async function startDemoMetricsExporter(
  options: DemoMetricsExporterOptions,
): Promise<RunningDouble> {
  const metrics = createDemoMetrics(options.world);
  const now = options.now ?? Date.now;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' });
      res.end('method not allowed\n');
      return;
    }
    if (path === '/metrics') {
      let body: string;
      try {
        body = metrics.render(now());
      } catch (error) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`failed to render metrics: ${error}\n`);
        return;
      }
      res.writeHead(200, { 'Content-Type': PROMETHEUS_TEXT_CONTENT_TYPE });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    if (path === '/healthz' || path === '/-/healthy') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok\n');
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end(
      'not found: the demo metrics exporter serves /metrics and /healthz\n',
    );
  };
  return listen(handler, options.port, options.host ?? '127.0.0.1');
}
