import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainerStatus } from 'kubernetes-models/v1/ContainerStatus';
import type { IEvent } from 'kubernetes-models/v1/Event';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { IPod } from 'kubernetes-models/v1/Pod';
import type { IPodCondition } from 'kubernetes-models/v1/PodCondition';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IDeploymentCondition } from 'kubernetes-models/apps/v1/DeploymentCondition';
import type { IReplicaSet } from 'kubernetes-models/apps/v1/ReplicaSet';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { DemoService, KUBERNETES_ID_LABEL } from '../demoPlatform';
import { crashLoopState } from './crashLoop';
import {
  fraction,
  intBetween,
  ipInRange,
  sha256Hex,
  uid,
} from './deterministic';
import { PodRecord, ReplicaSetRecord, WorkloadRecord } from './records';
import { goDuration, HOUR, MINUTE, rfc3339, SECOND } from './time';

/**
 * Renders Kubernetes API objects from the world's records, in the shapes the
 * API server returns (full objects, with apiVersion and kind; the HTTP layer
 * drops those from list items, as the real server does).
 */

/** The API server serialises unset `metav1.Time` fields as JSON null. */
const UNSET_TIME = null as unknown as string;

/** Deployments roll all new pods at once and tolerate one missing pod. */
const MAX_UNAVAILABLE = 1;
const PROGRESS_DEADLINE_SECONDS = 600;
/** Kubernetes garbage-collects events after an hour. */
const EVENT_TTL_MS = HOUR;

const CPU_REQUEST_MILLICORES = 100;

/** The image tag a revision is built as: its short sha. */
export function imageTag(gitRevision: string): string {
  return gitRevision.slice(0, 7);
}

export function imageFor(service: DemoService, gitRevision: string): string {
  return `${service.image}:${imageTag(gitRevision)}`;
}

function selectorLabels(service: DemoService): Record<string, string> {
  return { app: service.name };
}

function podTemplateLabels(service: DemoService): Record<string, string> {
  return {
    app: service.name,
    [KUBERNETES_ID_LABEL]: service.name,
    'app.kubernetes.io/name': service.name,
    'app.kubernetes.io/part-of': service.project,
  };
}

/** Labels of top-level objects; `app.kubernetes.io/instance` is ArgoCD's tracking label. */
export function workloadLabels(service: DemoService): Record<string, string> {
  return {
    ...podTemplateLabels(service),
    'app.kubernetes.io/instance': service.name,
  };
}

function podTemplate(
  service: DemoService,
  gitRevision: string,
): IPodTemplateSpec {
  const probe: IProbe | undefined = service.port
    ? {
        httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' },
        timeoutSeconds: 1,
        successThreshold: 1,
        failureThreshold: 3,
      }
    : undefined;
  return {
    metadata: { labels: podTemplateLabels(service) },
    spec: {
      containers: [
        {
          name: service.name,
          image: imageFor(service, gitRevision),
          ...(service.port && {
            ports: [
              { name: 'http', containerPort: service.port, protocol: 'TCP' },
            ],
          }),
          envFrom: [{ configMapRef: { name: `${service.name}-config` } }],
          resources: {
            requests: { cpu: `${CPU_REQUEST_MILLICORES}m`, memory: '128Mi' },
            limits: { cpu: '500m', memory: '512Mi' },
          },
          ...(probe && {
            livenessProbe: {
              ...probe,
              initialDelaySeconds: 15,
              periodSeconds: 20,
            },
            readinessProbe: {
              ...probe,
              initialDelaySeconds: 5,
              periodSeconds: 10,
            },
          }),
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'IfNotPresent',
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      serviceAccount: 'default',
      securityContext: {},
      schedulerName: 'default-scheduler',
    },
  };
}

function newestReplicaSet(workload: WorkloadRecord): ReplicaSetRecord {
  return workload.replicaSets[workload.replicaSets.length - 1];
}

export function isPodReady(pod: PodRecord): boolean {
  return pod.startedAt !== undefined && !pod.crashLooping;
}

function omitZero<T extends Record<string, number>>(counts: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(counts).filter(([, count]) => count !== 0),
  ) as Partial<T>;
}

type ProgressState = 'Complete' | 'Progressing' | 'DeadlineExceeded';

function progressState(workload: WorkloadRecord, now: number): ProgressState {
  if (workload.rolloutCompletedAt !== undefined) return 'Complete';
  const deadline =
    workload.rolloutStartedAt + PROGRESS_DEADLINE_SECONDS * SECOND;
  return now > deadline ? 'DeadlineExceeded' : 'Progressing';
}

export function renderDeployment(
  workload: WorkloadRecord,
  now: number,
): IDeployment {
  const { service } = workload;
  const newest = newestReplicaSet(workload);
  const pods = workload.replicaSets.flatMap(rs => rs.pods);
  const available = pods.filter(isPodReady).length;
  const desiredAcrossReplicaSets = workload.replicaSets.reduce(
    (sum, rs) => sum + rs.replicas,
    0,
  );
  const availableCondition: IDeploymentCondition =
    available >= service.replicas - MAX_UNAVAILABLE
      ? {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
          lastUpdateTime: rfc3339(workload.createdAt),
          lastTransitionTime: rfc3339(workload.createdAt),
        }
      : {
          type: 'Available',
          status: 'False',
          reason: 'MinimumReplicasUnavailable',
          message: 'Deployment does not have minimum availability.',
          lastUpdateTime: rfc3339(workload.rolloutStartedAt),
          lastTransitionTime: rfc3339(workload.rolloutStartedAt),
        };
  const progress = progressState(workload, now);
  const deadlineAt =
    workload.rolloutStartedAt + PROGRESS_DEADLINE_SECONDS * SECOND;
  const progressingCondition: IDeploymentCondition = {
    Complete: {
      type: 'Progressing',
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "${newest.name}" has successfully progressed.`,
      lastUpdateTime: rfc3339(workload.rolloutCompletedAt ?? now),
      lastTransitionTime: rfc3339(workload.rolloutStartedAt),
    },
    Progressing: {
      type: 'Progressing',
      status: 'True',
      reason: 'ReplicaSetUpdated',
      message: `ReplicaSet "${newest.name}" is progressing.`,
      lastUpdateTime: rfc3339(workload.rolloutStartedAt),
      lastTransitionTime: rfc3339(workload.rolloutStartedAt),
    },
    DeadlineExceeded: {
      type: 'Progressing',
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${newest.name}" has timed out progressing.`,
      lastUpdateTime: rfc3339(deadlineAt),
      lastTransitionTime: rfc3339(deadlineAt),
    },
  }[progress];

  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: service.name,
      namespace: service.namespace,
      uid: workload.deploymentUid,
      resourceVersion: workload.resourceVersion,
      generation: workload.generation,
      creationTimestamp: rfc3339(workload.createdAt),
      labels: workloadLabels(service),
      annotations: {
        'deployment.kubernetes.io/revision': String(newest.deploymentRevision),
      },
    },
    spec: {
      replicas: service.replicas,
      selector: { matchLabels: selectorLabels(service) },
      template: podTemplate(service, newest.gitRevision),
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '100%', maxUnavailable: MAX_UNAVAILABLE },
      },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: PROGRESS_DEADLINE_SECONDS,
    },
    status: {
      observedGeneration: workload.generation,
      ...omitZero({
        replicas: pods.length,
        updatedReplicas: newest.pods.length,
        readyReplicas: available,
        availableReplicas: available,
        unavailableReplicas: Math.max(0, desiredAcrossReplicaSets - available),
      }),
      conditions: [availableCondition, progressingCondition],
    },
  };
}

export function renderReplicaSet(
  workload: WorkloadRecord,
  replicaSet: ReplicaSetRecord,
): IReplicaSet {
  const { service } = workload;
  const ready = replicaSet.pods.filter(isPodReady).length;
  const template = podTemplate(service, replicaSet.gitRevision);
  const hashLabel = { 'pod-template-hash': replicaSet.templateHash };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: replicaSet.name,
      namespace: service.namespace,
      uid: replicaSet.uid,
      resourceVersion: replicaSet.resourceVersion,
      generation: replicaSet.generation,
      creationTimestamp: rfc3339(replicaSet.createdAt),
      labels: { ...podTemplateLabels(service), ...hashLabel },
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(service.replicas),
        'deployment.kubernetes.io/max-replicas': String(service.replicas * 2),
        'deployment.kubernetes.io/revision': String(
          replicaSet.deploymentRevision,
        ),
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: service.name,
          uid: workload.deploymentUid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      replicas: replicaSet.replicas,
      selector: { matchLabels: { ...selectorLabels(service), ...hashLabel } },
      template: {
        ...template,
        metadata: { labels: { ...template.metadata?.labels, ...hashLabel } },
      },
    },
    status: {
      replicas: replicaSet.pods.length,
      ...omitZero({
        fullyLabeledReplicas: replicaSet.pods.length,
        readyReplicas: ready,
        availableReplicas: ready,
      }),
      observedGeneration: replicaSet.generation,
    },
  };
}

function containerId(pod: PodRecord, attempt: number): string {
  return `containerd://${sha256Hex('container', pod.uid, String(attempt))}`;
}

function imageId(service: DemoService, gitRevision: string): string {
  return `${service.image}@sha256:${sha256Hex(
    'image',
    service.image,
    gitRevision,
  )}`;
}

/** The status kubelet reports for the pod's single container at `now`. */
function containerStatus(
  service: DemoService,
  replicaSet: ReplicaSetRecord,
  pod: PodRecord,
  now: number,
): IContainerStatus {
  const base = {
    name: service.name,
    image: imageFor(service, replicaSet.gitRevision),
  };
  if (pod.startedAt === undefined) {
    return {
      ...base,
      imageID: '',
      ready: false,
      restartCount: 0,
      started: false,
      state: { waiting: { reason: 'ContainerCreating' } },
      lastState: {},
    };
  }
  const ids = {
    ...base,
    imageID: imageId(service, replicaSet.gitRevision),
  };
  if (!pod.crashLooping) {
    return {
      ...ids,
      containerID: containerId(pod, 0),
      ready: true,
      restartCount: 0,
      started: true,
      state: { running: { startedAt: rfc3339(pod.startedAt) } },
      lastState: {},
    };
  }
  const loop = crashLoopState(pod.startedAt, now);
  const terminated = (
    run: { startedAt: number; finishedAt: number },
    attempt: number,
  ) => ({
    terminated: {
      exitCode: 1,
      reason: 'Error',
      startedAt: rfc3339(run.startedAt),
      finishedAt: rfc3339(run.finishedAt),
      containerID: containerId(pod, attempt),
    },
  });
  if (loop.backingOff) {
    return {
      ...ids,
      containerID: containerId(pod, loop.restartCount),
      ready: false,
      restartCount: loop.restartCount,
      started: false,
      state: {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: `back-off ${goDuration(
            loop.backOffMs,
          )} restarting failed container=${service.name} pod=${pod.name}_${
            service.namespace
          }(${pod.uid})`,
        },
      },
      lastState: terminated(loop.current, loop.restartCount),
    };
  }
  return {
    ...ids,
    containerID: containerId(pod, loop.restartCount),
    ready: false,
    restartCount: loop.restartCount,
    started: true,
    state: { running: { startedAt: rfc3339(loop.current.startedAt) } },
    lastState: loop.previous
      ? terminated(loop.previous, loop.restartCount - 1)
      : {},
  };
}

export function renderPod(
  workload: WorkloadRecord,
  replicaSet: ReplicaSetRecord,
  pod: PodRecord,
  now: number,
): IPod {
  const { service } = workload;
  const template = podTemplate(service, replicaSet.gitRevision);
  const status = containerStatus(service, replicaSet, pod, now);
  const started = pod.startedAt !== undefined;
  const scheduledAt = rfc3339(pod.createdAt);
  const startedAt = rfc3339(pod.startedAt ?? pod.createdAt);
  const condition = (
    type: string,
    isTrue: boolean,
    since: string,
    reason?: string,
  ): IPodCondition => ({
    type,
    status: isTrue ? 'True' : 'False',
    lastProbeTime: UNSET_TIME,
    lastTransitionTime: since,
    ...(reason && {
      reason,
      message: `containers with unready status: [${service.name}]`,
    }),
  });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: pod.name,
      generateName: `${replicaSet.name}-`,
      namespace: service.namespace,
      uid: pod.uid,
      resourceVersion: pod.resourceVersion,
      creationTimestamp: rfc3339(pod.createdAt),
      labels: {
        ...template.metadata?.labels,
        'pod-template-hash': replicaSet.templateHash,
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: replicaSet.name,
          uid: replicaSet.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      ...template.spec!,
      nodeName: pod.nodeName,
      enableServiceLinks: true,
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
      tolerations: [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
      ],
    },
    status: {
      phase: started ? 'Running' : 'Pending',
      conditions: [
        condition('PodReadyToStartContainers', started, startedAt),
        condition('Initialized', true, scheduledAt),
        condition(
          'Ready',
          status.ready,
          startedAt,
          status.ready ? undefined : 'ContainersNotReady',
        ),
        condition(
          'ContainersReady',
          status.ready,
          startedAt,
          status.ready ? undefined : 'ContainersNotReady',
        ),
        condition('PodScheduled', true, scheduledAt),
      ],
      hostIP: pod.hostIP,
      hostIPs: [{ ip: pod.hostIP }],
      ...(started && { podIP: pod.podIP, podIPs: [{ ip: pod.podIP }] }),
      startTime: scheduledAt,
      containerStatuses: [status],
      qosClass: 'Burstable',
    },
  };
}

export function renderService(workload: WorkloadRecord): IService | undefined {
  const { service } = workload;
  if (!service.port) return undefined;
  const clusterIP = ipInRange(
    '10.96',
    'service',
    service.namespace,
    service.name,
  );
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: service.name,
      namespace: service.namespace,
      uid: uid('service', service.namespace, service.name),
      resourceVersion: workload.resourceVersion,
      creationTimestamp: rfc3339(workload.createdAt),
      labels: workloadLabels(service),
    },
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(service),
      ports: [
        {
          name: 'http',
          protocol: 'TCP',
          port: service.port,
          targetPort: 'http',
        },
      ],
      clusterIP,
      clusterIPs: [clusterIP],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
    },
    status: { loadBalancer: {} },
  };
}

export function renderConfigMap(workload: WorkloadRecord): IConfigMap {
  const { service } = workload;
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `${service.name}-config`,
      namespace: service.namespace,
      uid: uid('configmap', service.namespace, service.name),
      resourceVersion: workload.resourceVersion,
      creationTimestamp: rfc3339(workload.createdAt),
      labels: workloadLabels(service),
    },
    data: {
      LOG_LEVEL: 'info',
      ...(service.port && { PORT: String(service.port) }),
      OTEL_SERVICE_NAME: service.name,
    },
  };
}

export function renderIngress(workload: WorkloadRecord): IIngress | undefined {
  const { service } = workload;
  if (!service.ingressHost || !service.port) return undefined;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: service.name,
      namespace: service.namespace,
      uid: uid('ingress', service.namespace, service.name),
      resourceVersion: workload.resourceVersion,
      generation: 1,
      creationTimestamp: rfc3339(workload.createdAt),
      labels: workloadLabels(service),
      annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' },
    },
    spec: {
      ingressClassName: 'nginx',
      tls: [
        { hosts: [service.ingressHost], secretName: `${service.name}-tls` },
      ],
      rules: [
        {
          host: service.ingressHost,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: {
                  service: {
                    name: service.name,
                    port: { number: service.port },
                  },
                },
              },
            ],
          },
        },
      ],
    },
    // A documentation-range address: the demo has no real load balancer.
    status: { loadBalancer: { ingress: [{ ip: '203.0.113.10' }] } },
  };
}

/** CPU in millicores a pod uses now: a per-pod base with a slow wave. */
function cpuMillicores(pod: PodRecord, now: number): number {
  const base = 8 + fraction('cpu', pod.name) * 40;
  const phase = fraction('phase', pod.name) * 2 * Math.PI;
  return base * (1 + 0.35 * Math.sin(now / (5 * MINUTE) + phase));
}

function memoryKibibytes(pod: PodRecord, now: number): number {
  const base = (70 + fraction('memory', pod.name) * 150) * 1024;
  const uptimeHours = (now - (pod.startedAt ?? now)) / HOUR;
  return Math.round(base * (1 + Math.min(uptimeHours, 12) * 0.01));
}

export function renderHorizontalPodAutoscaler(
  workload: WorkloadRecord,
  now: number,
): IHorizontalPodAutoscaler | undefined {
  const { service } = workload;
  if (!service.autoscaler) return undefined;
  const runningPods = newestReplicaSet(workload).pods.filter(isPodReady);
  const averageMillicores = runningPods.length
    ? runningPods.reduce((sum, pod) => sum + cpuMillicores(pod, now), 0) /
      runningPods.length
    : 0;
  const since = rfc3339(workload.createdAt);
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: {
      name: service.name,
      namespace: service.namespace,
      uid: uid('hpa', service.namespace, service.name),
      resourceVersion: workload.resourceVersion,
      creationTimestamp: since,
      labels: workloadLabels(service),
    },
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: service.name,
      },
      minReplicas: service.autoscaler.minReplicas,
      maxReplicas: service.autoscaler.maxReplicas,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: {
              type: 'Utilization',
              averageUtilization:
                service.autoscaler.targetCpuUtilizationPercent,
            },
          },
        },
      ],
    },
    status: {
      currentReplicas: service.replicas,
      desiredReplicas: service.replicas,
      currentMetrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            current: {
              averageValue: `${Math.round(averageMillicores)}m`,
              averageUtilization: Math.round(
                (averageMillicores / CPU_REQUEST_MILLICORES) * 100,
              ),
            },
          },
        },
      ],
      conditions: [
        {
          type: 'AbleToScale',
          status: 'True',
          reason: 'ReadyForNewScale',
          message: 'recommended size matches current size',
          lastTransitionTime: since,
        },
        {
          type: 'ScalingActive',
          status: 'True',
          reason: 'ValidMetricFound',
          message:
            'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
          lastTransitionTime: since,
        },
        {
          type: 'ScalingLimited',
          status: 'False',
          reason: 'DesiredWithinRange',
          message: 'the desired count is within the acceptable range',
          lastTransitionTime: since,
        },
      ],
    },
  };
}

/** metrics.k8s.io/v1beta1 PodMetrics, as metrics-server reports it. */
export interface PodMetrics {
  apiVersion: 'metrics.k8s.io/v1beta1';
  kind: 'PodMetrics';
  metadata: {
    name: string;
    namespace: string;
    creationTimestamp: string;
    labels: Record<string, string>;
  };
  timestamp: string;
  window: string;
  containers: Array<{ name: string; usage: { cpu: string; memory: string } }>;
}

export function renderPodMetrics(
  workload: WorkloadRecord,
  replicaSet: ReplicaSetRecord,
  pod: PodRecord,
  now: number,
): PodMetrics | undefined {
  // metrics-server only reports pods whose containers are running.
  if (!isPodReady(pod)) return undefined;
  const { service } = workload;
  const scrapedAt = Math.floor(now / (15 * SECOND)) * 15 * SECOND;
  return {
    apiVersion: 'metrics.k8s.io/v1beta1',
    kind: 'PodMetrics',
    metadata: {
      name: pod.name,
      namespace: service.namespace,
      creationTimestamp: rfc3339(now),
      labels: {
        ...podTemplateLabels(service),
        'pod-template-hash': replicaSet.templateHash,
      },
    },
    timestamp: rfc3339(scrapedAt),
    window: '15s',
    containers: [
      {
        name: service.name,
        usage: {
          cpu: `${Math.round(cpuMillicores(pod, scrapedAt) * 1_000_000)}n`,
          memory: `${memoryKibibytes(pod, scrapedAt)}Ki`,
        },
      },
    ],
  };
}

export function renderNamespace(
  name: string,
  createdAt: number,
  resourceVersion: string,
): INamespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      uid: uid('namespace', name),
      resourceVersion,
      creationTimestamp: rfc3339(createdAt),
      labels: { 'kubernetes.io/metadata.name': name },
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

interface EventSpec {
  reason: string;
  message: string;
  type?: 'Normal' | 'Warning';
  first: number;
  last?: number;
  count?: number;
  component: string;
  host?: string;
  fieldPath?: string;
}

function renderEvent(
  involved: {
    apiVersion: string;
    kind: string;
    name: string;
    namespace: string;
    uid: string;
    resourceVersion: string;
  },
  spec: EventSpec,
): IEvent {
  const last = spec.last ?? spec.first;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${involved.name}.${sha256Hex(
        'event',
        involved.uid,
        spec.reason,
        String(spec.first),
      ).slice(0, 16)}`,
      namespace: involved.namespace,
      uid: uid('event', involved.uid, spec.reason, String(spec.first)),
      resourceVersion: involved.resourceVersion,
      creationTimestamp: rfc3339(spec.first),
    },
    involvedObject: {
      apiVersion: involved.apiVersion,
      kind: involved.kind,
      name: involved.name,
      namespace: involved.namespace,
      uid: involved.uid,
      resourceVersion: involved.resourceVersion,
      ...(spec.fieldPath && { fieldPath: spec.fieldPath }),
    },
    reason: spec.reason,
    message: spec.message,
    source: {
      component: spec.component,
      ...(spec.host && { host: spec.host }),
    },
    firstTimestamp: rfc3339(spec.first),
    lastTimestamp: rfc3339(last),
    count: spec.count ?? 1,
    type: spec.type ?? 'Normal',
    eventTime: UNSET_TIME,
    reportingComponent: spec.component,
    reportingInstance: spec.host ?? '',
  };
}

function isLive(event: IEvent, now: number): boolean {
  return Date.parse(event.lastTimestamp!) >= now - EVENT_TTL_MS;
}

export function renderPodEvents(
  workload: WorkloadRecord,
  replicaSet: ReplicaSetRecord,
  pod: PodRecord,
  now: number,
): IEvent[] {
  const { service } = workload;
  const involved = {
    apiVersion: 'v1',
    kind: 'Pod',
    name: pod.name,
    namespace: service.namespace,
    uid: pod.uid,
    resourceVersion: pod.resourceVersion,
  };
  const image = imageFor(service, replicaSet.gitRevision);
  const kubelet = { component: 'kubelet', host: pod.nodeName };
  const fieldPath = `spec.containers{${service.name}}`;
  const specs: EventSpec[] = [
    {
      reason: 'Scheduled',
      message: `Successfully assigned ${service.namespace}/${pod.name} to ${pod.nodeName}`,
      first: pod.createdAt,
      component: 'default-scheduler',
    },
    {
      ...kubelet,
      reason: 'Pulling',
      message: `Pulling image "${image}"`,
      first: pod.createdAt + SECOND,
      fieldPath,
    },
  ];
  if (pod.startedAt !== undefined) {
    const pullSeconds = (
      (pod.startedAt - pod.createdAt - SECOND) /
      SECOND
    ).toFixed(3);
    const imageBytes = intBetween(40_000_000, 180_000_000, 'image-size', image);
    specs.push({
      ...kubelet,
      reason: 'Pulled',
      message: `Successfully pulled image "${image}" in ${pullSeconds}s (${pullSeconds}s including waiting). Image size: ${imageBytes} bytes.`,
      first: pod.startedAt,
      fieldPath,
    });
    const loop = pod.crashLooping
      ? crashLoopState(pod.startedAt, now)
      : undefined;
    const starts = (loop?.restartCount ?? 0) + 1;
    const lastStart = loop?.current.startedAt ?? pod.startedAt;
    specs.push(
      {
        ...kubelet,
        reason: 'Created',
        message: `Created container: ${service.name}`,
        first: pod.startedAt,
        last: lastStart,
        count: starts,
        fieldPath,
      },
      {
        ...kubelet,
        reason: 'Started',
        message: `Started container ${service.name}`,
        first: pod.startedAt,
        last: lastStart,
        count: starts,
        fieldPath,
      },
    );
    if (loop && loop.restartCount > 0) {
      specs.push({
        ...kubelet,
        type: 'Warning',
        reason: 'BackOff',
        message: `Back-off restarting failed container ${service.name} in pod ${pod.name}_${service.namespace}(${pod.uid})`,
        first: pod.startedAt + 2 * SECOND,
        last: loop.backingOff
          ? loop.current.finishedAt
          : loop.current.startedAt,
        count: loop.restartCount + (loop.backingOff ? 1 : 0),
        fieldPath,
      });
    }
  }
  return specs
    .map(spec => renderEvent(involved, spec))
    .filter(e => isLive(e, now));
}

export function renderDeploymentEvents(
  workload: WorkloadRecord,
  now: number,
): IEvent[] {
  const { service } = workload;
  const involved = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: service.name,
    namespace: service.namespace,
    uid: workload.deploymentUid,
    resourceVersion: workload.resourceVersion,
  };
  return workload.scalingEvents
    .map(event =>
      renderEvent(involved, {
        reason: 'ScalingReplicaSet',
        message: event.message,
        first: event.at,
        component: 'deployment-controller',
      }),
    )
    .filter(e => isLive(e, now));
}
