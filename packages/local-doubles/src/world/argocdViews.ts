import {
  ARGOCD_NAMESPACE,
  DemoApplication,
  DemoService,
  GITOPS_REPO_URL,
  GITOPS_TARGET_REVISION,
  IN_CLUSTER_SERVER,
  KUBERNETES_ID_LABEL,
} from '../demoPlatform';
import { uid } from './deterministic';
import { imageFor, renderDeployment } from './kubernetesViews';
import {
  ApplicationRecord,
  CommitRecord,
  Initiator,
  OperationRecord,
  WorkloadRecord,
} from './records';
import { rfc3339, SECOND } from './time';

/**
 * Renders ArgoCD API objects (argoproj.io/v1alpha1 Application, AppProject,
 * RevisionMetadata) from the world's records, the way argocd-server returns
 * them: without apiVersion/kind, timestamps at second precision, empty
 * fields omitted.
 */

export interface ArgoSource {
  repoURL: string;
  path: string;
  targetRevision: string;
}

export interface ArgoDestination {
  server: string;
  namespace: string;
}

export interface ArgoHealth {
  status:
    | 'Healthy'
    | 'Progressing'
    | 'Degraded'
    | 'Suspended'
    | 'Missing'
    | 'Unknown';
  message?: string;
}

export interface ArgoResourceStatus {
  group?: string;
  version: string;
  kind: string;
  namespace: string;
  name: string;
  status: 'Synced' | 'OutOfSync';
  health?: ArgoHealth;
}

export interface ArgoOperation {
  sync: {
    revision: string;
    prune?: boolean;
    dryRun?: boolean;
    syncStrategy: { hook: Record<string, never> };
  };
  initiatedBy: Initiator;
  retry: Record<string, never>;
}

export interface ArgoApplication {
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    resourceVersion: string;
    generation: number;
    creationTimestamp: string;
    labels: Record<string, string>;
    finalizers: string[];
  };
  spec: {
    source: ArgoSource;
    destination: ArgoDestination;
    project: string;
    syncPolicy: { syncOptions: string[] };
    revisionHistoryLimit: number;
  };
  status: {
    resources: ArgoResourceStatus[];
    sync: {
      status: 'Synced' | 'OutOfSync';
      comparedTo: { source: ArgoSource; destination: ArgoDestination };
      revision: string;
    };
    health: ArgoHealth;
    history: Array<{
      revision: string;
      deployedAt: string;
      id: number;
      source: ArgoSource;
      deployStartedAt: string;
      initiatedBy: Initiator;
    }>;
    reconciledAt: string;
    operationState: {
      operation: ArgoOperation;
      phase: OperationRecord['phase'];
      message: string;
      syncResult: {
        resources?: Array<
          Omit<ArgoResourceStatus, 'health' | 'status'> & {
            status: 'Synced';
            message: string;
            hookPhase: 'Running' | 'Succeeded';
            syncPhase: 'Sync';
          }
        >;
        revision: string;
        source: ArgoSource;
      };
      startedAt: string;
      finishedAt?: string;
    };
    sourceType: 'Kustomize';
    summary: { images?: string[]; externalURLs?: string[] };
    controllerNamespace: string;
  };
  /** Present while an operation is requested or running. */
  operation?: ArgoOperation;
}

export interface ArgoApplicationList {
  metadata: { resourceVersion: string };
  items: ArgoApplication[];
}

export interface ArgoRevisionMetadata {
  author: string;
  date: string;
  tags?: string[];
  message: string;
}

export interface ArgoProject {
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    resourceVersion: string;
    generation: number;
    creationTimestamp: string;
  };
  spec: {
    description: string;
    sourceRepos: string[];
    destinations: ArgoDestination[];
    clusterResourceWhitelist?: Array<{ group: string; kind: string }>;
  };
  status: Record<string, never>;
}

/** ArgoCD's default reconciliation period (`timeout.reconciliation`). */
const RECONCILIATION_PERIOD_MS = 180 * SECOND;

const HEALTH_SEVERITY: ArgoHealth['status'][] = [
  'Healthy',
  'Suspended',
  'Progressing',
  'Missing',
  'Degraded',
  'Unknown',
];

/** The service's overlay for the application's environment, in the GitOps repo. */
export function sourceOf(application: DemoApplication): ArgoSource {
  return {
    repoURL: GITOPS_REPO_URL,
    path: `apps/${application.service.name}/overlays/${application.environment}`,
    targetRevision: GITOPS_TARGET_REVISION,
  };
}

function destinationOf(application: DemoApplication): ArgoDestination {
  return { server: IN_CLUSTER_SERVER, namespace: application.namespace };
}

/** Only production is served from a public host. */
function ingressHostOf(application: DemoApplication): string | undefined {
  return application.environment === 'production'
    ? application.service.ingressHost
    : undefined;
}

/** ArgoCD's built-in health check for apps/v1 Deployment. */
export function deploymentHealth(
  workload: WorkloadRecord,
  now: number,
): ArgoHealth {
  const { spec, status, metadata } = renderDeployment(workload, now);
  const desired = spec?.replicas ?? 1;
  const updated = status?.updatedReplicas ?? 0;
  const replicas = status?.replicas ?? 0;
  const available = status?.availableReplicas ?? 0;
  const progressing = status?.conditions?.find(c => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return {
      status: 'Degraded',
      message: `Deployment "${metadata?.name}" exceeded its progress deadline`,
    };
  }
  if (updated < desired) {
    return {
      status: 'Progressing',
      message: `Waiting for rollout to finish: ${updated} out of ${desired} new replicas have been updated...`,
    };
  }
  if (replicas > updated) {
    return {
      status: 'Progressing',
      message: `Waiting for rollout to finish: ${
        replicas - updated
      } old replicas are pending termination...`,
    };
  }
  if (available < updated) {
    return {
      status: 'Progressing',
      message: `Waiting for rollout to finish: ${available} of ${updated} updated replicas are available...`,
    };
  }
  return { status: 'Healthy' };
}

/**
 * The health of the Deployment of an application whose workloads the
 * Kubernetes double does not run: rolling out while a sync runs, else
 * healthy.
 */
function unmodelledDeploymentHealth(
  service: DemoService,
  operation: OperationRecord,
): ArgoHealth {
  return operation.phase === 'Running' && !operation.dryRun
    ? {
        status: 'Progressing',
        message: `Waiting for rollout to finish: 0 out of ${service.replicas} new replicas have been updated...`,
      }
    : { status: 'Healthy' };
}

function managedResources(
  application: DemoApplication,
  workload: WorkloadRecord | undefined,
  operation: OperationRecord,
  syncStatus: 'Synced' | 'OutOfSync',
  now: number,
): ArgoResourceStatus[] {
  const { service, namespace } = application;
  // Workloads of a modelled application can be gone (deleted, orphaned).
  const gone = application.runsWorkloads && !workload;
  const live = (health: ArgoHealth): ArgoHealth =>
    gone ? { status: 'Missing' } : health;
  let rollout: ArgoHealth;
  if (!application.runsWorkloads) {
    rollout = unmodelledDeploymentHealth(service, operation);
  } else {
    rollout = workload
      ? deploymentHealth(workload, now)
      : { status: 'Missing' };
  }
  const at = { namespace, name: service.name };
  const resources: ArgoResourceStatus[] = [
    {
      version: 'v1',
      kind: 'ConfigMap',
      namespace,
      name: `${service.name}-config`,
      status: 'Synced',
    },
  ];
  if (service.port) {
    resources.push({
      version: 'v1',
      kind: 'Service',
      ...at,
      status: 'Synced',
      health: live({ status: 'Healthy' }),
    });
  }
  resources.push({
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    ...at,
    // A new commit changes the image tag, so the Deployment is what drifts.
    status: syncStatus,
    health: rollout,
  });
  if (service.autoscaler) {
    resources.push({
      group: 'autoscaling',
      version: 'v2',
      kind: 'HorizontalPodAutoscaler',
      ...at,
      status: 'Synced',
      health: live({ status: 'Healthy' }),
    });
  }
  if (ingressHostOf(application)) {
    resources.push({
      group: 'networking.k8s.io',
      version: 'v1',
      kind: 'Ingress',
      ...at,
      status: 'Synced',
      health: live({ status: 'Healthy' }),
    });
  }
  return resources;
}

function worstHealth(resources: ArgoResourceStatus[]): ArgoHealth['status'] {
  return resources.reduce<ArgoHealth['status']>((worst, resource) => {
    const status = resource.health?.status;
    return status &&
      HEALTH_SEVERITY.indexOf(status) > HEALTH_SEVERITY.indexOf(worst)
      ? status
      : worst;
  }, 'Healthy');
}

function renderOperation(operation: OperationRecord): ArgoOperation {
  return {
    sync: {
      revision: operation.revision,
      ...(operation.prune && { prune: true }),
      ...(operation.dryRun && { dryRun: true }),
      syncStrategy: { hook: {} },
    },
    initiatedBy: operation.initiatedBy,
    retry: {},
  };
}

export interface ApplicationRenderContext {
  now: number;
  /** The world's start; reconciliation ticks are counted from it. */
  startTime: number;
}

export function renderApplication(
  app: ApplicationRecord,
  workload: WorkloadRecord | undefined,
  { now, startTime }: ApplicationRenderContext,
): ArgoApplication {
  const { application, operation } = app;
  const { service } = application;
  const source = sourceOf(application);
  const destination = destinationOf(application);
  const syncStatus =
    app.syncedRevision === app.headRevision ? 'Synced' : 'OutOfSync';
  const resources = managedResources(
    application,
    workload,
    operation,
    syncStatus,
    now,
  );
  const lastTick =
    startTime +
    Math.floor((now - startTime) / RECONCILIATION_PERIOD_MS) *
      RECONCILIATION_PERIOD_MS;
  const reconciledAt = Math.max(
    lastTick,
    app.refreshedAt ?? 0,
    operation.finishedAt ?? 0,
  );
  const running = operation.phase === 'Running';
  const ingressHost = ingressHostOf(application);
  // What runs: the newest ReplicaSet's image, or for an application whose
  // workloads are not modelled, the revision it syncs (to).
  let newestRevision: string | undefined;
  if (application.runsWorkloads) {
    newestRevision =
      workload?.replicaSets[workload.replicaSets.length - 1].gitRevision;
  } else {
    newestRevision =
      running && !operation.dryRun ? operation.revision : app.syncedRevision;
  }

  return {
    metadata: {
      name: application.name,
      namespace: ARGOCD_NAMESPACE,
      uid: app.uid,
      resourceVersion: app.resourceVersion,
      generation: app.generation,
      creationTimestamp: rfc3339(app.createdAt),
      labels: {
        'backstage-name': service.name,
        [KUBERNETES_ID_LABEL]: service.name,
        'app.kubernetes.io/part-of': service.project,
      },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      source,
      destination,
      project: application.project,
      syncPolicy: { syncOptions: ['CreateNamespace=false'] },
      revisionHistoryLimit: 10,
    },
    status: {
      resources,
      sync: {
        status: syncStatus,
        comparedTo: { source, destination },
        revision: app.headRevision,
      },
      health: { status: worstHealth(resources) },
      history: app.history.map(entry => ({
        revision: entry.revision,
        deployedAt: rfc3339(entry.deployedAt),
        id: entry.id,
        source,
        deployStartedAt: rfc3339(entry.deployStartedAt),
        initiatedBy: entry.initiatedBy,
      })),
      reconciledAt: rfc3339(reconciledAt),
      operationState: {
        operation: renderOperation(operation),
        phase: operation.phase,
        message: operation.message,
        syncResult: {
          ...(!running && {
            resources: resources.map(
              ({ group, version, kind, namespace, name }) => ({
                ...(group && { group }),
                version,
                kind,
                namespace,
                name,
                status: 'Synced' as const,
                message: `${kind.toLowerCase()}${
                  group ? `.${group}` : ''
                }/${name} ${
                  operation.dryRun ? 'configured (dry run)' : 'configured'
                }`,
                hookPhase: 'Running' as const,
                syncPhase: 'Sync' as const,
              }),
            ),
          }),
          revision: operation.revision,
          source,
        },
        startedAt: rfc3339(operation.startedAt),
        ...(operation.finishedAt !== undefined && {
          finishedAt: rfc3339(operation.finishedAt),
        }),
      },
      sourceType: 'Kustomize',
      summary: {
        ...(newestRevision && { images: [imageFor(service, newestRevision)] }),
        ...(ingressHost && {
          externalURLs: [`https://${ingressHost}/`],
        }),
      },
      controllerNamespace: ARGOCD_NAMESPACE,
    },
    ...(running && { operation: renderOperation(operation) }),
  };
}

export function renderRevisionMetadata(
  commit: CommitRecord,
): ArgoRevisionMetadata {
  return {
    author: commit.author,
    date: rfc3339(commit.date),
    ...(commit.tags?.length && { tags: commit.tags }),
    message: commit.message,
  };
}

const PROJECT_DESCRIPTIONS: Record<string, string> = {
  default: 'Default project',
  learning:
    'Learning platform: courses, users, notifications and the web frontend',
  jobs: 'Job platform: REST API and background workers',
  platform: 'Internal developer platform services',
};

export function renderProject(
  name: string,
  namespaces: string[],
  createdAt: number,
  resourceVersion: string,
): ArgoProject {
  return {
    metadata: {
      name,
      namespace: ARGOCD_NAMESPACE,
      uid: uid('appproject', name),
      resourceVersion,
      generation: 1,
      creationTimestamp: rfc3339(createdAt),
    },
    spec: {
      description: PROJECT_DESCRIPTIONS[name] ?? `Applications of ${name}`,
      sourceRepos: name === 'default' ? ['*'] : [GITOPS_REPO_URL],
      destinations:
        name === 'default'
          ? [{ server: '*', namespace: '*' }]
          : namespaces.map(namespace => ({
              server: IN_CLUSTER_SERVER,
              namespace,
            })),
      ...(name === 'default' && {
        clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      }),
    },
    status: {},
  };
}
