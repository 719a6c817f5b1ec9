import {
  Deployment,
  DeploymentStatus,
} from '@internal/plugin-deployments-common';
import { Alert } from '@internal/plugin-prometheus-common';
import { Tone } from '@internal/portal-react';

/**
 * What one source said about a service: its answer, why it could not
 * answer, or that the service is not set up for it (no annotation).
 */
export type SourceResult<T> =
  | { state: 'ok'; value: T }
  | { state: 'error'; message: string }
  | { state: 'absent' };

/** ArgoCD's sync and health of the service's application(s), worst of all. */
export interface ArgoStatus {
  sync: string;
  health: string;
}

/** How many of the service's Kubernetes replicas are ready. */
export interface Readiness {
  ready: number;
  desired: number;
}

export interface AlertSummary {
  firing: number;
  pending: number;
  /** The highest severity label among the firing alerts. */
  worstSeverity?: string;
  /** Firing alert names, for the tooltip. */
  names: string[];
}

export interface ServiceStatus {
  entityRef: string;
  name: string;
  title?: string;
  /** Owner group ref, e.g. `group:default/learning-team`. */
  owner?: string;
  /** System ref, e.g. `system:default/learning-platform`. */
  system?: string;
  argo: SourceResult<ArgoStatus>;
  kubernetes: SourceResult<Readiness>;
  alerts: SourceResult<AlertSummary>;
  /** The last error ratio of the past hour (0..1), null without traffic. */
  errorRatio: SourceResult<number | null>;
  lastDeployment: SourceResult<Deployment | undefined>;
}

export type OverallStatus = 'critical' | 'warning' | 'healthy';

const SEVERITY_ORDER = ['critical', 'page', 'error', 'warning', 'warn', 'info'];

function severityRank(severity: string | undefined): number {
  const rank = SEVERITY_ORDER.indexOf(severity?.toLowerCase() ?? '');
  return rank === -1 ? SEVERITY_ORDER.length : rank;
}

/** Counts the firing and pending alerts; the worst severity of the firing. */
export function summarizeAlerts(alerts: Alert[]): AlertSummary {
  const firing = alerts.filter(a => a.state === 'firing');
  const worst = [...firing].sort(
    (a, b) => severityRank(a.labels.severity) - severityRank(b.labels.severity),
  )[0];
  return {
    firing: firing.length,
    pending: alerts.length - firing.length,
    worstSeverity: worst?.labels.severity,
    names: firing.map(a => a.name),
  };
}

const HEALTH_RANK = [
  'Missing',
  'Degraded',
  'Unknown',
  'Suspended',
  'Progressing',
  'Healthy',
];
const SYNC_RANK = ['Unknown', 'OutOfSync', 'Synced'];

function rankOf(order: string[], value: string) {
  const rank = order.indexOf(value);
  return rank === -1 ? 0 : rank;
}

/** The worst sync and health of several applications (one per instance). */
export function worstArgo(apps: ArgoStatus[]): ArgoStatus {
  if (apps.length === 0) return { sync: 'Unknown', health: 'Missing' };
  return {
    sync: apps
      .map(a => a.sync)
      .sort((a, b) => rankOf(SYNC_RANK, a) - rankOf(SYNC_RANK, b))[0],
    health: apps
      .map(a => a.health)
      .sort((a, b) => rankOf(HEALTH_RANK, a) - rankOf(HEALTH_RANK, b))[0],
  };
}

/** The parts of Kubernetes workloads that readiness needs. */
export interface WorkloadResources {
  type: string;
  resources: any[];
}

/**
 * Ready over desired replicas of the service's Deployments (and
 * StatefulSets); without any, its pods with the Ready condition.
 * Undefined when Kubernetes knows no workload of the service.
 */
export function readinessOf(
  fetched: WorkloadResources[],
): Readiness | undefined {
  let ready = 0;
  let desired = 0;
  let workloads = 0;
  for (const { type, resources } of fetched) {
    if (type !== 'deployments' && type !== 'statefulsets') continue;
    for (const workload of resources) {
      workloads++;
      desired += workload?.spec?.replicas ?? 1;
      ready += workload?.status?.readyReplicas ?? 0;
    }
  }
  if (workloads > 0) return { ready, desired };
  const pods = fetched.filter(f => f.type === 'pods').flatMap(f => f.resources);
  if (pods.length === 0) return undefined;
  return {
    desired: pods.length,
    ready: pods.filter(pod =>
      pod?.status?.conditions?.some(
        (c: { type: string; status: string }) =>
          c.type === 'Ready' && c.status === 'True',
      ),
    ).length,
  };
}

/** Above this error ratio a service is critical; above the next, warning. */
export const ERROR_RATIO_CRITICAL = 0.05;
export const ERROR_RATIO_WARNING = 0.01;

const BAD_DEPLOYMENTS: DeploymentStatus[] = ['failed', 'rolled_back'];

/**
 * How bad a service looks, to sort the worst first: firing alerts weigh
 * most (critical ones more), then broken workloads (ArgoCD health or
 * Kubernetes readiness), error ratio, a failed last deployment, and drift.
 * Sources that could not answer add a little, so unknowns sort above the
 * healthy. 0 is healthy.
 */
export function badness(service: ServiceStatus): number {
  let score = 0;
  const { argo, kubernetes, alerts, errorRatio, lastDeployment } = service;
  if (alerts.state === 'ok' && alerts.value.firing > 0) {
    score += severityRank(alerts.value.worstSeverity) <= 2 ? 100 : 50;
  }
  if (argo.state === 'ok') {
    if (['Degraded', 'Missing'].includes(argo.value.health)) score += 40;
    else if (argo.value.health !== 'Healthy') score += 10;
    if (argo.value.sync === 'OutOfSync') score += 10;
    else if (argo.value.sync !== 'Synced') score += 5;
  }
  if (kubernetes.state === 'ok') {
    const { ready, desired } = kubernetes.value;
    if (desired > 0 && ready === 0) score += 40;
    else if (ready < desired) score += 20;
  }
  if (errorRatio.state === 'ok' && errorRatio.value !== null) {
    if (errorRatio.value >= ERROR_RATIO_CRITICAL) score += 40;
    else if (errorRatio.value >= ERROR_RATIO_WARNING) score += 15;
  }
  if (
    lastDeployment.state === 'ok' &&
    lastDeployment.value &&
    BAD_DEPLOYMENTS.includes(lastDeployment.value.status)
  ) {
    score += 20;
  }
  for (const source of [argo, kubernetes, alerts, errorRatio, lastDeployment]) {
    if (source.state === 'error') score += 2;
  }
  return score;
}

/** A badness as a verdict: 40 and above critical, 10 and above warning. */
export function overallStatus(score: number): OverallStatus {
  if (score >= 40) return 'critical';
  if (score >= 10) return 'warning';
  return 'healthy';
}

export const OVERALL_PRESENTATION: Record<
  OverallStatus,
  { label: string; tone: Tone }
> = {
  critical: { label: 'Critical', tone: 'error' },
  warning: { label: 'Warning', tone: 'warning' },
  healthy: { label: 'OK', tone: 'success' },
};

/** Worst first; equally bad services by name. */
export function sortWorstFirst<T extends ServiceStatus>(services: T[]): T[] {
  return services
    .map(service => ({ service, score: badness(service) }))
    .sort(
      (a, b) =>
        b.score - a.score || a.service.name.localeCompare(b.service.name),
    )
    .map(({ service }) => service);
}
