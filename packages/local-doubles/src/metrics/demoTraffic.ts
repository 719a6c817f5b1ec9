import { DemoService } from '../demoPlatform';
import { DAY, MINUTE } from '../world/time';

/**
 * The request traffic of one demo service as a deterministic function of
 * time: request rate per route and status code, and the latency distribution
 * per route, including a short error and latency bump around each rollout
 * ("deploy-related dip"). The demo metrics exporter integrates these rates
 * into Prometheus counters and histograms (see demoMetrics.ts).
 *
 * Nothing here is random: shapes are derived from the service name, the
 * per-step wobble from a hash of (service, step), so two exporters given the
 * same world and clock expose the same values.
 */

/** Prometheus' default histogram buckets, in seconds. */
export const LATENCY_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** How long after a rollout finished its error and latency bump lasts. */
export const DEPLOY_RECOVERY_MS = 5 * MINUTE;

/** Extra 5xx ratio at the height of a rollout. */
export const DEPLOY_ERROR_RATIO = 0.08;

/** Latency multiplier at the height of a rollout is 1 + this. */
export const DEPLOY_LATENCY_FACTOR = 1.8;

/** A rollout of a service: from sync start to the new pods being ready. */
export interface DeployWindow {
  startedAt: number;
  /** Absent while the rollout is still running. */
  finishedAt?: number;
}

export interface RouteTraffic {
  /** Route template, e.g. `/api/courses/:id/enrollments`. */
  route: string;
  method: string;
  /** Share of the service's requests. */
  weight: number;
  /** Median latency in seconds, outside rollouts. */
  medianSeconds: number;
  /** Whether the route can fail with 5xx at all (health checks do not). */
  canFail: boolean;
  /** The 4xx a client typically gets here. */
  clientErrorCode: string;
  successCode: string;
  /** The codes RouteRates.byCode reports, in its order. */
  codes: readonly [string, string, '500', '503'];
}

export interface ServiceTraffic {
  service: DemoService;
  routes: RouteTraffic[];
  /** Mean requests per second over a day. */
  baseRps: number;
  /** Share of requests that fail with 5xx outside rollouts. */
  baseErrorRatio: number;
  /** Share of requests answered 4xx. */
  clientErrorRatio: number;
  /** Shifts the daily curve, so services don't peak in lockstep. */
  dailyPhase: number;
  /** Spread of the log-normal latency distribution. */
  latencySigma: number;
}

/** One route's traffic at one instant. */
export interface RouteRates {
  /** Requests per second, all codes. */
  rps: number;
  /** Requests per second by status code, in the order of RouteTraffic.codes. */
  byCode: [number, number, number, number];
  medianSeconds: number;
}

// ---- deterministic noise ---------------------------------------------------

/** FNV-1a, 32 bit. */
export function hashString(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A float in [0, 1) from a seed and an integer (splitmix32). */
export function noise(seed: number, n: number): number {
  let z = (seed + Math.imul(n | 0, 0x9e3779b9)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return (z >>> 0) / 2 ** 32;
}

function between(min: number, max: number, seed: number, n: number) {
  return min + noise(seed, n) * (max - min);
}

// ---- the services' traffic shapes ----------------------------------------

/** `/api/courses/64f1c2/enrollments?x=1` → `/api/courses/:id/enrollments`. */
export function routeTemplate(path: string): string {
  const withoutQuery = path.split('?')[0];
  return withoutQuery
    .split('/')
    .map(segment =>
      /^[0-9a-f]{4,}$/i.test(segment) && /\d/.test(segment) ? ':id' : segment,
    )
    .join('/');
}

const WRITE_ROUTE = /login|refresh|webhooks|enrollments|notifications$|runs$/;
const HEALTH_ROUTE = /^\/(healthz|readyz|healthcheck|metrics)$/;

/** The traffic shape of a demo service, derived from its name and routes. */
export function serviceTraffic(service: DemoService): ServiceTraffic {
  const seed = hashString(service.name);
  // A worker has no HTTP port: it reports each job it runs as a request
  // (method JOB, route = job name), so golden-signal queries stay uniform.
  const worker = service.port === undefined;
  const seen = new Set<string>();
  const routes: RouteTraffic[] = [];
  service.routes.forEach((path, index) => {
    const route = worker ? path : routeTemplate(path);
    if (seen.has(route)) return;
    seen.add(route);
    const health = !worker && HEALTH_ROUTE.test(route);
    const write = !worker && !health && WRITE_ROUTE.test(route);
    const isStatic = /\.(js|css|png|svg)$/.test(route);
    let medianSeconds = between(0.025, 0.16, seed, 100 + index);
    if (health) medianSeconds = between(0.0015, 0.004, seed, 100 + index);
    if (isStatic) medianSeconds = between(0.003, 0.008, seed, 100 + index);
    if (worker) medianSeconds = between(0.4, 2.5, seed, 100 + index);
    if (service.runtime === 'python') medianSeconds *= 1.6;
    let clientErrorCode = write ? '400' : '404';
    if (/auth|users\/me/.test(route)) clientErrorCode = '401';
    let method = write ? 'POST' : 'GET';
    if (worker) method = 'JOB';
    const successCode = write && !/login|refresh/.test(route) ? '201' : '200';
    routes.push({
      route,
      method,
      weight: health ? 0.6 : between(1, 4, seed, 200 + index),
      medianSeconds,
      canFail: !health,
      clientErrorCode,
      successCode,
      codes: [successCode, clientErrorCode, '500', '503'],
    });
  });
  const totalWeight = routes.reduce((sum, r) => sum + r.weight, 0);
  for (const route of routes) route.weight /= totalWeight;
  const crashLooping = (service.crashLoopingPods ?? 0) > 0;
  return {
    service,
    routes,
    baseRps: worker
      ? between(0.8, 2.5, seed, 1)
      : between(4, 18, seed, 1) * Math.max(1, service.replicas / 2),
    // A service with a crash-looping pod loses the requests in flight.
    baseErrorRatio: crashLooping ? 0.035 : between(0.001, 0.008, seed, 2),
    clientErrorRatio: worker ? 0 : between(0.005, 0.025, seed, 3),
    dailyPhase: between(0, 2 * Math.PI, seed, 4),
    latencySigma: between(0.45, 0.75, seed, 5),
  };
}

/**
 * How far into a rollout's bump `at` is: 1 while pods are being replaced,
 * then easing back to 0 over DEPLOY_RECOVERY_MS after the rollout finished.
 */
export function deployIntensity(
  windows: readonly DeployWindow[],
  at: number,
): number {
  let intensity = 0;
  for (const { startedAt, finishedAt } of windows) {
    if (at < startedAt) continue;
    if (finishedAt === undefined || at <= finishedAt) return 1;
    const since = at - finishedAt;
    if (since < DEPLOY_RECOVERY_MS) {
      intensity = Math.max(intensity, 1 - since / DEPLOY_RECOVERY_MS);
    }
  }
  return intensity;
}

/**
 * A service's per-route rates at `at`; `step` picks the wobble, so the same
 * step always gets the same rates.
 */
export function routeRates(
  traffic: ServiceTraffic,
  at: number,
  step: number,
  windows: readonly DeployWindow[],
): RouteRates[] {
  const seed = hashString(traffic.service.name);
  const daily =
    1 + 0.35 * Math.sin((2 * Math.PI * (at % DAY)) / DAY + traffic.dailyPhase);
  const wobble = 0.85 + 0.3 * noise(seed, step);
  const deploy = deployIntensity(windows, at);
  // Clients back off a little while a rollout drops connections.
  const rps = traffic.baseRps * daily * wobble * (1 - 0.12 * deploy);
  const errorRatio = Math.min(
    0.5,
    traffic.baseErrorRatio * (0.6 + 0.8 * noise(seed ^ 0x5bd1e995, step)) +
      DEPLOY_ERROR_RATIO * deploy,
  );
  return traffic.routes.map(route => {
    const routeRps = rps * route.weight;
    const serverErrors = route.canFail ? routeRps * errorRatio : 0;
    const clientErrors = route.canFail
      ? routeRps * traffic.clientErrorRatio
      : 0;
    const byCode: RouteRates['byCode'] = [
      routeRps - serverErrors - clientErrors,
      clientErrors,
      // Outside rollouts failures are the app's own 500s; during one, most are
      // 503s from requests that hit a terminating pod.
      serverErrors * (1 - 0.8 * deploy),
      serverErrors * 0.8 * deploy,
    ];
    return {
      rps: routeRps,
      byCode,
      medianSeconds: route.medianSeconds * (1 + DEPLOY_LATENCY_FACTOR * deploy),
    };
  });
}

/** Abramowitz–Stegun 7.1.26; good to ~1e-7, plenty for bucket shares. */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const ax = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * ax);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) *
      t +
      0.254829592) *
      t *
      Math.exp(-ax * ax);
  return sign * y;
}

/** Share of log-normally distributed latencies at or below `le` seconds. */
export function latencyShareBelow(
  le: number,
  medianSeconds: number,
  sigma: number,
): number {
  const z = (Math.log(le) - Math.log(medianSeconds)) / (sigma * Math.SQRT2);
  return Math.min(1, Math.max(0, 0.5 * (1 + erf(z))));
}

/** Mean of that log-normal distribution, for the histogram's _sum. */
export function meanLatency(medianSeconds: number, sigma: number): number {
  return medianSeconds * Math.exp((sigma * sigma) / 2);
}
