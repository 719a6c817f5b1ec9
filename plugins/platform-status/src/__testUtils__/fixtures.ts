import { Entity, GroupEntity } from '@backstage/catalog-model';
import { Deployment } from '@internal/plugin-deployments-common';
import { Alert, SignalValue } from '@internal/plugin-prometheus-common';

export const BACKEND_BASE_URL = 'http://localhost:7007';
export const PROMETHEUS_API_URL = `${BACKEND_BASE_URL}/api/prometheus`;
export const DEPLOYMENTS_API_URL = `${BACKEND_BASE_URL}/api/deployments`;

export function aService(
  name: string,
  owner: string,
  system: string,
  annotations: Record<string, string> = {
    'argocd/app-name': name,
    'backstage.io/kubernetes-id': name,
    'prometheus.io/selector': `app="${name}"`,
  },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner, system },
    relations: [
      { type: 'ownedBy', targetRef: `group:default/${owner}` },
      { type: 'partOf', targetRef: `system:default/${system}` },
    ],
  };
}

export function aGroup(name: string, displayName: string): GroupEntity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', profile: { displayName }, children: [] },
  };
}

export function aDeployment(overrides: Partial<Deployment> = {}): Deployment {
  return {
    id: 'd1',
    entityRef: 'component:default/course-service',
    environment: 'production',
    version: '1.42.0',
    commitSha: 'a'.repeat(40),
    status: 'succeeded',
    startedAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
    finishedAt: new Date(Date.now() - 2 * 3600_000 + 60_000).toISOString(),
    triggeredBy: 'user:default/ci',
    recordedBy: 'service:ci-pipelines',
    trusted: true,
    source: 'ci',
    sourceId: 'run-1',
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    ...overrides,
  };
}

export function anAlert(
  name: string,
  severity: string,
  state: Alert['state'] = 'firing',
): Alert {
  return {
    name,
    state,
    labels: { alertname: name, severity },
    annotations: { summary: `${name} is happening` },
    activeAt: new Date(Date.now() - 600_000).toISOString(),
  };
}

export function errorRatioValue(value: number | null): SignalValue {
  return {
    name: 'error_ratio',
    title: 'Error ratio (5xx)',
    unit: 'ratio',
    value,
  };
}
