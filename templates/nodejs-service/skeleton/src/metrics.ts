import type { Request, RequestHandler } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface HttpMetrics {
  registry: Registry;
  /** Counts and times every request once its response is sent. */
  middleware: RequestHandler;
}

/**
 * The platform's HTTP metrics, which the portal's golden signals and the
 * alert rules query: http_requests_total{route,method,code} and the
 * http_request_duration_seconds{route,method} histogram. Prometheus adds the
 * app and namespace labels from the pod when it scrapes.
 */
export function createHttpMetrics(): HttpMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests handled, by route, method and status code.',
    labelNames: ['route', 'method', 'code'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by route and method.',
    labelNames: ['route', 'method'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const middleware: RequestHandler = (req, res, next) => {
    const stopTimer = duration.startTimer();
    res.on('finish', () => {
      const labels = { route: routeOf(req), method: req.method };
      stopTimer(labels);
      requests.inc({ ...labels, code: String(res.statusCode) });
    });
    next();
  };
  return { registry, middleware };
}

/**
 * The matched route as openapi.yaml writes it (/api/items/{id}), the same in
 * every language's service, and never the path itself, so that ids do not
 * become label values. Routers mounted on a path would need req.baseUrl,
 * which Express has reset by the time an error response finishes: routers
 * here declare full paths instead.
 */
function routeOf(req: Request): string {
  const route: unknown = req.route;
  if (!route || typeof route !== 'object' || !('path' in route)) {
    return 'unmatched';
  }
  return String(route.path).replace(/:(\w+)/g, '{$1}');
}
