import { DemoWorld, KubernetesObject } from '../world/createDemoWorld';
import { HOUR, SECOND } from '../world/time';
import {
  DeployWindow,
  hashString,
  LATENCY_BUCKETS,
  latencyShareBelow,
  meanLatency,
  noise,
  routeRates,
  serviceTraffic,
  ServiceTraffic,
} from './demoTraffic';

/**
 * The demo services' metrics, in the Prometheus text exposition format
 * (version 0.0.4), as an instrumented service and kube-state-metrics /
 * cAdvisor would expose them:
 *
 * - `http_requests_total{app,namespace,route,method,code}` (counter)
 * - `http_request_duration_seconds{app,namespace,route,method}` (histogram)
 * - `container_cpu_usage_seconds_total{app,namespace,pod,container}` (counter)
 * - `container_memory_working_set_bytes{app,namespace,pod,container}` (gauge)
 * - `container_spec_memory_limit_bytes{...}` (gauge)
 * - `kube_pod_container_status_restarts_total{app,namespace,pod,container}` (counter)
 * - `app_build_info{app,namespace,revision,version}` (gauge, always 1)
 *
 * Request counters are the integral of the rates in demoTraffic.ts from
 * `origin` (8 hours before the world's start) in whole steps of STEP_MS, so
 * they only ever grow and two exporters over the same world agree. Pod
 * series come from the same world the Kubernetes double serves, so pod
 * names, restarts and memory line up with the portal's Kubernetes tab.
 */

/** Integration step; a value changes at most once per step. */
export const STEP_MS = 2 * SECOND;

/** How far before the world's start the counters begin. */
export const HISTORY_MS = 8 * HOUR;

/** Memory limit of every demo container (kubernetesViews: 512Mi). */
const MEMORY_LIMIT_BYTES = 512 * 1024 * 1024;

type Labels = Record<string, string>;

interface Sample {
  labels: Labels;
  value: number;
}

interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  samples: Array<Sample & { suffix?: string }>;
}

/** Cumulative request counts of one service, integrated up to `step`. */
interface ServiceAccumulator {
  traffic: ServiceTraffic;
  step: number;
  /** [route][code index, see RouteTraffic.codes] → requests. */
  requests: number[][];
  /** [route][bucket] → requests at or below LATENCY_BUCKETS[bucket]. */
  buckets: number[][];
  /** [route] → all requests. */
  counts: number[];
  /** [route] → total seconds. */
  sums: number[];
}

export interface DemoMetrics {
  /** The exposition text at `now` (default: the wall clock). */
  render(now?: number): string;
  /** The rollouts the traffic bumps around, per service, from the world. */
  deployWindows(): Map<string, DeployWindow[]>;
}

function escapeLabelValue(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/"/g, '\\"');
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries
    .map(([key, value]) => `${key}="${escapeLabelValue(value)}"`)
    .join(',')}}`;
}

function formatValue(value: number): string {
  if (value === Infinity) return '+Inf';
  if (Number.isInteger(value)) return String(value);
  return String(Math.round(value * 1e6) / 1e6);
}

export function formatExposition(families: readonly Family[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${family.help}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      lines.push(
        `${family.name}${sample.suffix ?? ''}${formatLabels(
          sample.labels,
        )} ${formatValue(sample.value)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Parses an RFC 3339 timestamp from a rendered API object. */
function time(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

class WorldMetrics implements DemoMetrics {
  private readonly originStep: number;
  private readonly accumulators = new Map<string, ServiceAccumulator>();

  constructor(private readonly world: DemoWorld) {
    this.originStep = Math.floor(
      (world.startTime.getTime() - HISTORY_MS) / STEP_MS,
    );
    for (const service of world.services) {
      const traffic = serviceTraffic(service);
      this.accumulators.set(service.name, {
        traffic,
        step: this.originStep,
        requests: traffic.routes.map(() => [0, 0, 0, 0]),
        buckets: traffic.routes.map(() => LATENCY_BUCKETS.map(() => 0)),
        counts: traffic.routes.map(() => 0),
        sums: traffic.routes.map(() => 0),
      });
    }
  }

  /**
   * The applications whose workloads run in the world (production's): the
   * pre-production ones exist in ArgoCD alone, with no traffic or pods.
   */
  private runningApplications() {
    const running = new Set(
      this.world.applications.filter(a => a.runsWorkloads).map(a => a.name),
    );
    return this.world
      .listApplications()
      .filter(app => running.has(app.metadata.name));
  }

  deployWindows(): Map<string, DeployWindow[]> {
    const windows = new Map<string, DeployWindow[]>();
    for (const app of this.runningApplications()) {
      const name = app.metadata.name;
      const list: DeployWindow[] = [];
      for (const entry of app.status.history ?? []) {
        const startedAt = time(entry.deployStartedAt);
        if (startedAt === undefined) continue;
        list.push({ startedAt, finishedAt: time(entry.deployedAt) });
      }
      const operation = app.status.operationState;
      if (
        operation?.phase === 'Running' &&
        !operation.operation?.sync?.dryRun
      ) {
        const startedAt = time(operation.startedAt);
        if (startedAt !== undefined) list.push({ startedAt });
      }
      windows.set(name, list);
    }
    return windows;
  }

  render(now: number = Date.now()): string {
    const windows = this.deployWindows();
    const targetStep = Math.floor(now / STEP_MS);
    const families: Family[] = [
      {
        name: 'http_requests_total',
        help: 'HTTP requests (jobs, for workers) handled, by route, method and status code.',
        type: 'counter',
        samples: [],
      },
      {
        name: 'http_request_duration_seconds',
        help: 'HTTP request (job, for workers) duration in seconds.',
        type: 'histogram',
        samples: [],
      },
    ];
    const [requests, durations] = families;
    for (const [name, acc] of this.accumulators) {
      // A deleted application keeps its last values, like a stale target.
      this.advance(acc, targetStep, windows.get(name) ?? []);
      const { service, routes } = acc.traffic;
      routes.forEach((route, r) => {
        const base = {
          app: service.name,
          namespace: service.namespace,
          route: route.route,
          method: route.method,
        };
        route.codes.forEach((code, c) => {
          // Health checks never fail: no series for codes they never answer.
          if (!route.canFail && c > 0) return;
          if (c === 1 && acc.traffic.clientErrorRatio === 0) return;
          requests.samples.push({
            labels: { ...base, code },
            value: Math.floor(acc.requests[r][c]),
          });
        });
        const count = Math.floor(acc.counts[r]);
        LATENCY_BUCKETS.forEach((le, b) => {
          durations.samples.push({
            suffix: '_bucket',
            labels: { ...base, le: String(le) },
            value: Math.min(count, Math.floor(acc.buckets[r][b])),
          });
        });
        durations.samples.push(
          { suffix: '_bucket', labels: { ...base, le: '+Inf' }, value: count },
          { suffix: '_sum', labels: base, value: acc.sums[r] },
          { suffix: '_count', labels: base, value: count },
        );
      });
    }
    families.push(...this.podFamilies(now), this.buildInfo());
    return formatExposition(families);
  }

  /** Integrates the service's rates over whole steps up to `targetStep`. */
  private advance(
    acc: ServiceAccumulator,
    targetStep: number,
    windows: readonly DeployWindow[],
  ): void {
    const { traffic } = acc;
    const sigma = traffic.latencySigma;
    const seconds = STEP_MS / SECOND;
    // Outside rollouts a route's latency distribution never changes, so its
    // bucket shares are computed once (this loop runs ~15k steps per service
    // on the first scrape).
    const steadyShares = new Map<number, number[]>();
    const sharesFor = (median: number) => {
      let shares = steadyShares.get(median);
      if (!shares) {
        shares = LATENCY_BUCKETS.map(le =>
          latencyShareBelow(le, median, sigma),
        );
        if (steadyShares.size < 64) steadyShares.set(median, shares);
      }
      return shares;
    };
    for (; acc.step < targetStep; acc.step++) {
      const rates = routeRates(traffic, acc.step * STEP_MS, acc.step, windows);
      for (let r = 0; r < rates.length; r++) {
        const rate = rates[r];
        const requests = acc.requests[r];
        for (let c = 0; c < 4; c++) requests[c] += rate.byCode[c] * seconds;
        const n = rate.rps * seconds;
        acc.counts[r] += n;
        acc.sums[r] += n * meanLatency(rate.medianSeconds, sigma);
        const buckets = acc.buckets[r];
        const shares = sharesFor(rate.medianSeconds);
        for (let b = 0; b < buckets.length; b++) buckets[b] += n * shares[b];
      }
    }
  }

  private podFamilies(now: number): Family[] {
    const cpu: Family = {
      name: 'container_cpu_usage_seconds_total',
      help: 'Cumulative CPU time consumed by the container, in seconds.',
      type: 'counter',
      samples: [],
    };
    const memory: Family = {
      name: 'container_memory_working_set_bytes',
      help: 'Current working set of the container, in bytes.',
      type: 'gauge',
      samples: [],
    };
    const memoryLimit: Family = {
      name: 'container_spec_memory_limit_bytes',
      help: 'Memory limit of the container, in bytes.',
      type: 'gauge',
      samples: [],
    };
    const restarts: Family = {
      name: 'kube_pod_container_status_restarts_total',
      help: 'The number of container restarts per container.',
      type: 'counter',
      samples: [],
    };
    const memoryByPod = new Map<string, number>();
    for (const metrics of this.world.listKubernetesObjects('PodMetrics')) {
      const container = (metrics as any).containers?.[0];
      const kib = /^(\d+)Ki$/.exec(container?.usage?.memory ?? '')?.[1];
      if (kib) {
        memoryByPod.set(metrics.metadata?.name ?? '', Number(kib) * 1024);
      }
    }
    for (const pod of this.world.listKubernetesObjects('Pod')) {
      const app = pod.metadata?.labels?.app;
      const name = pod.metadata?.name;
      const namespace = pod.metadata?.namespace;
      if (!app || !name || !namespace) continue;
      const status = (pod as KubernetesObject & { status?: any }).status;
      const containerStatus = status?.containerStatuses?.[0];
      const labels = { app, namespace, pod: name, container: app };
      restarts.samples.push({
        labels,
        value: containerStatus?.restartCount ?? 0,
      });
      const startedAt = time(status?.startTime);
      if (startedAt === undefined || startedAt > now) continue;
      // A steady per-pod average, so the counter grows linearly.
      const cores = 0.01 + noise(hashString(name), 7) * 0.05;
      cpu.samples.push({
        labels,
        value: Math.round(((now - startedAt) / SECOND) * cores * 100) / 100,
      });
      const bytes = memoryByPod.get(name);
      if (bytes !== undefined) {
        memory.samples.push({ labels, value: bytes });
        memoryLimit.samples.push({ labels, value: MEMORY_LIMIT_BYTES });
      }
    }
    return [cpu, memory, memoryLimit, restarts];
  }

  private buildInfo(): Family {
    const info: Family = {
      name: 'app_build_info',
      help: 'The revision each demo service runs (image tag = first 7 characters).',
      type: 'gauge',
      samples: [],
    };
    for (const app of this.runningApplications()) {
      const revision = app.status.sync?.revision;
      if (!revision) continue;
      info.samples.push({
        labels: {
          app: app.metadata.name,
          namespace: app.spec.destination.namespace ?? '',
          revision,
          version: revision.slice(0, 7),
        },
        value: 1,
      });
    }
    return info;
  }
}

/** The demo metrics of `world`; share the world with the other doubles. */
export function createDemoMetrics(world: DemoWorld): DemoMetrics {
  return new WorldMetrics(world);
}
