import {
  ARGOCD_NAMESPACE,
  DEMO_NODES,
  DEMO_SERVICES,
  DemoApplication,
  demoApplications,
  DemoService,
  PRE_PRODUCTION_PROJECT,
  SYSTEM_NAMESPACES,
} from '../demoPlatform';
import {
  ArgoApplication,
  ArgoProject,
  ArgoRevisionMetadata,
  renderApplication,
  renderProject,
  renderRevisionMetadata,
} from './argocdViews';
import { crashLoopState, shiftToLastCrashAgo } from './crashLoop';
import {
  gitSha,
  intBetween,
  ipInRange,
  kubernetesSuffix,
  pick,
  uid,
} from './deterministic';
import {
  imageTag,
  renderConfigMap,
  renderDeployment,
  renderDeploymentEvents,
  renderHorizontalPodAutoscaler,
  renderIngress,
  renderNamespace,
  renderPod,
  renderPodEvents,
  renderPodMetrics,
  renderReplicaSet,
  renderService,
} from './kubernetesViews';
import { crashedContainerLogs, runningContainerLogs } from './podLogs';
import {
  ApplicationRecord,
  CommitRecord,
  HistoryRecord,
  Initiator,
  PodRecord,
  ReplicaSetRecord,
  WorkloadRecord,
} from './records';
import { DAY, HOUR, MINUTE, rfc3339, SECOND } from './time';

export interface DemoWorldOptions {
  /**
   * The instant the demo timeline is anchored to: deployment history, pod
   * ages and commit dates lie shortly before it. Defaults to now, so the
   * demo always looks recent.
   */
  startTime?: Date;
  /** How long a sync operation (and the rollout it starts) runs. Default 3 s. */
  syncDurationMs?: number;
  /** How long a pod that replaces a deleted one takes to start. Default 2 s. */
  podStartupMs?: number;
  /** Defaults to the demo platform. */
  services?: readonly DemoService[];
  /**
   * The ArgoCD applications; defaults to those of `services`
   * (`demoApplications`): each production one with its workloads, and one
   * per pre-production environment. Tests add e.g. a preview's.
   */
  applications?: readonly DemoApplication[];
}

export type DemoWorldErrorReason =
  | 'NotFound'
  | 'OperationInProgress'
  | 'NoOperationInProgress'
  | 'InvalidArgument'
  /** A git revision the (imaginary) repository cannot resolve. */
  | 'UnknownRevision';

/** A refused request; each double maps `reason` to its own error shape. */
export class DemoWorldError extends Error {
  constructor(readonly reason: DemoWorldErrorReason, message: string) {
    super(message);
    this.name = 'DemoWorldError';
  }
}

export interface SyncOptions {
  prune?: boolean;
  dryRun?: boolean;
  /** Who ArgoCD records as having started the sync. Default `admin`. */
  username?: string;
}

export interface PodLogOptions {
  container?: string;
  previous?: boolean;
  tailLines?: number;
  timestamps?: boolean;
}

/** Any object the Kubernetes double serves. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
  };
}

/** The state both doubles serve; see createDemoWorld. */
export interface DemoWorld {
  readonly startTime: Date;
  readonly services: readonly DemoService[];
  readonly applications: readonly DemoApplication[];

  listApplications(): ArgoApplication[];
  /** `refresh` stamps a reconciliation, like ArgoCD's `?refresh=normal`. */
  getApplication(
    name: string,
    options?: { refresh?: boolean },
  ): ArgoApplication | undefined;
  /**
   * Starts a sync to `revision` (a sha, or `main`/`HEAD`/nothing for the tip
   * of main). The operation runs for `syncDurationMs`, then succeeds.
   */
  sync(
    appName: string,
    revision?: string,
    options?: SyncOptions,
  ): ArgoApplication;
  terminateOperation(appName: string): void;
  /** `cascade: false` orphans the workloads instead of deleting them. */
  deleteApplication(appName: string, options?: { cascade?: boolean }): void;
  getRevisionMetadata(appName: string, revision: string): ArgoRevisionMetadata;
  listProjects(): ArgoProject[];
  getProject(name: string): ArgoProject | undefined;
  deleteProject(name: string): void;

  /** Objects of `kind` (e.g. `Pod`), optionally in one namespace; [] for kinds the demo has none of. */
  listKubernetesObjects(kind: string, namespace?: string): KubernetesObject[];
  /** Deletes a pod (its ReplicaSet starts a replacement) and returns it as deleted. */
  deletePod(namespace: string, name: string): KubernetesObject;
  getPodLogs(
    namespace: string,
    podName: string,
    options?: PodLogOptions,
  ): string;
  /** The current resourceVersion of the Kubernetes world. */
  resourceVersion(): string;

  /** Cancels pending timers; the world stays readable. */
  close(): void;
}

/** Kept by ArgoCD (history) and by Deployments (old ReplicaSets) alike. */
const REVISION_HISTORY_LIMIT = 10;

const AUTHORS = [
  'Maria Garcia <maria.garcia@acme.example.com>',
  'Devon Lee <devon.lee@acme.example.com>',
  'Priya Natarajan <priya.natarajan@acme.example.com>',
  'Tomasz Kowalski <tomasz.kowalski@acme.example.com>',
  'acme-release-bot <release-bot@acme.example.com>',
];

const COMMIT_SUBJECTS = [
  (name: string, version: string) => `deploy(${name}): release ${version}`,
  (name: string) => `fix(${name}): raise memory limit to 512Mi`,
  (name: string) => `feat(${name}): enable OpenTelemetry tracing`,
  (name: string) => `fix(${name}): tune readiness probe timeouts`,
  (name: string) => `chore(${name}): move config to ConfigMap`,
  (name: string, version: string) =>
    `deploy(${name}): promote ${version} to production`,
];

const SYNC_RUNNING_MESSAGE = 'one or more tasks are running';
const SYNC_SUCCEEDED_MESSAGE = 'successfully synced (all tasks run)';

function last<T>(items: readonly T[]): T {
  return items[items.length - 1];
}

class InMemoryDemoWorld implements DemoWorld {
  readonly startTime: Date;
  readonly services: readonly DemoService[];
  readonly applications: readonly DemoApplication[];

  private readonly start: number;
  private readonly syncDurationMs: number;
  private readonly podStartupMs: number;
  private readonly apps = new Map<string, ApplicationRecord>();
  private readonly workloads = new Map<string, WorkloadRecord>();
  private readonly projects = new Map<
    string,
    { createdAt: number; resourceVersion: string }
  >();
  private readonly syncTimers = new Map<string, NodeJS.Timeout>();
  private readonly workloadTimers = new Map<string, Set<NodeJS.Timeout>>();
  private resourceVersionCounter = 4_812_000;
  /** Makes every pod name unique while staying deterministic. */
  private podSequence = 0;

  constructor(options: DemoWorldOptions) {
    this.startTime = options.startTime ?? new Date();
    this.start = this.startTime.getTime();
    this.syncDurationMs = options.syncDurationMs ?? 3 * SECOND;
    this.podStartupMs = options.podStartupMs ?? 2 * SECOND;
    this.services = options.services ?? DEMO_SERVICES;
    this.applications = options.applications ?? demoApplications(this.services);
    for (const application of this.applications) this.seed(application);
    const projectNames = new Set([
      PRE_PRODUCTION_PROJECT,
      ...this.applications.map(a => a.project),
    ]);
    for (const name of projectNames) {
      this.projects.set(name, {
        createdAt: this.start - 400 * DAY,
        resourceVersion: this.nextResourceVersion(),
      });
    }
  }

  // ---- ArgoCD ----------------------------------------------------------

  listApplications(): ArgoApplication[] {
    return [...this.apps.values()]
      .sort((a, b) => a.application.name.localeCompare(b.application.name))
      .map(app => this.renderApp(app));
  }

  getApplication(name: string, options: { refresh?: boolean } = {}) {
    const app = this.apps.get(name);
    if (!app) return undefined;
    if (options.refresh) app.refreshedAt = Date.now();
    return this.renderApp(app);
  }

  sync(
    appName: string,
    revision?: string,
    options: SyncOptions = {},
  ): ArgoApplication {
    const app = this.requireApp(appName);
    if (app.operation.phase === 'Running') {
      throw new DemoWorldError(
        'OperationInProgress',
        'another operation is already in progress',
      );
    }
    const target = this.resolveRevision(app, revision);
    const now = Date.now();
    const dryRun = options.dryRun ?? false;
    app.operation = {
      revision: target,
      prune: options.prune ?? false,
      dryRun,
      phase: 'Running',
      message: SYNC_RUNNING_MESSAGE,
      startedAt: now,
      initiatedBy: { username: options.username ?? 'admin' },
    };
    this.touchApp(app);
    const workload = this.workloads.get(appName);
    if (workload && !dryRun) this.startRollout(workload, target, now);
    this.syncTimers.set(
      appName,
      this.timer(this.syncDurationMs, () => this.finishSync(app)),
    );
    return this.renderApp(app);
  }

  terminateOperation(appName: string): void {
    const app = this.requireApp(appName);
    if (app.operation.phase !== 'Running') {
      throw new DemoWorldError(
        'NoOperationInProgress',
        'Unable to terminate operation. No operation is in progress',
      );
    }
    this.cancelSyncTimer(appName);
    app.operation = {
      ...app.operation,
      phase: 'Failed',
      message: 'Operation terminated',
      finishedAt: Date.now(),
    };
    this.touchApp(app);
  }

  deleteApplication(
    appName: string,
    options: { cascade?: boolean } = {},
  ): void {
    this.requireApp(appName);
    this.cancelSyncTimer(appName);
    this.apps.delete(appName);
    if (options.cascade ?? true) {
      for (const timer of this.workloadTimers.get(appName) ?? [])
        clearTimeout(timer);
      this.workloadTimers.delete(appName);
      this.workloads.delete(appName);
      this.nextResourceVersion();
    }
  }

  getRevisionMetadata(appName: string, revision: string): ArgoRevisionMetadata {
    const app = this.requireApp(appName);
    return renderRevisionMetadata(this.commitFor(app, revision));
  }

  listProjects(): ArgoProject[] {
    return [...this.projects.keys()]
      .sort()
      .map(name => this.renderProject(name)!);
  }

  getProject(name: string): ArgoProject | undefined {
    return this.renderProject(name);
  }

  deleteProject(name: string): void {
    if (!this.projects.has(name)) {
      throw new DemoWorldError(
        'NotFound',
        `appprojects.argoproj.io "${name}" not found`,
      );
    }
    const users = [...this.apps.values()].filter(
      a => a.application.project === name,
    );
    if (users.length > 0) {
      throw new DemoWorldError(
        'InvalidArgument',
        `project is referenced by ${users.length} applications`,
      );
    }
    this.projects.delete(name);
  }

  // ---- Kubernetes ------------------------------------------------------

  listKubernetesObjects(kind: string, namespace?: string): KubernetesObject[] {
    const now = Date.now();
    const workloads = [...this.workloads.values()].filter(
      w => namespace === undefined || w.service.namespace === namespace,
    );
    const pods = () =>
      workloads.flatMap(w =>
        w.replicaSets.flatMap(rs => rs.pods.map(pod => ({ w, rs, pod }))),
      );
    const defined = <T>(items: Array<T | undefined>) =>
      items.filter((item): item is T => item !== undefined);
    let objects: KubernetesObject[];
    switch (kind) {
      case 'Namespace':
        objects = namespace === undefined ? this.renderNamespaces() : [];
        break;
      case 'Deployment':
        objects = workloads.map(w => renderDeployment(w, now));
        break;
      case 'ReplicaSet':
        objects = workloads.flatMap(w =>
          w.replicaSets.map(rs => renderReplicaSet(w, rs)),
        );
        break;
      case 'Pod':
        objects = pods().map(({ w, rs, pod }) => renderPod(w, rs, pod, now));
        break;
      case 'Service':
        objects = defined(workloads.map(renderService));
        break;
      case 'ConfigMap':
        objects = workloads.map(renderConfigMap);
        break;
      case 'HorizontalPodAutoscaler':
        objects = defined(
          workloads.map(w => renderHorizontalPodAutoscaler(w, now)),
        );
        break;
      case 'Ingress':
        objects = defined(workloads.map(renderIngress));
        break;
      case 'Event':
        objects = [
          ...workloads.flatMap(w => renderDeploymentEvents(w, now)),
          ...pods().flatMap(({ w, rs, pod }) =>
            renderPodEvents(w, rs, pod, now),
          ),
        ];
        break;
      case 'PodMetrics':
        objects = defined(
          pods().map(({ w, rs, pod }) => renderPodMetrics(w, rs, pod, now)),
        );
        break;
      case 'Application':
        objects =
          namespace === undefined || namespace === ARGOCD_NAMESPACE
            ? this.listApplications().map(app => ({
                apiVersion: 'argoproj.io/v1alpha1',
                kind: 'Application',
                ...app,
              }))
            : [];
        break;
      case 'AppProject':
        objects =
          namespace === undefined || namespace === ARGOCD_NAMESPACE
            ? this.listProjects().map(project => ({
                apiVersion: 'argoproj.io/v1alpha1',
                kind: 'AppProject',
                ...project,
              }))
            : [];
        break;
      default:
        objects = [];
    }
    // The API server lists in storage order: by namespace, then name.
    const sortKey = (o: KubernetesObject) =>
      `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
    return objects.sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  }

  deletePod(namespace: string, name: string): KubernetesObject {
    const found = this.requirePod(namespace, name);
    const { workload, replicaSet, pod } = found;
    const now = Date.now();
    const rendered = renderPod(workload, replicaSet, pod, now);
    const gracePeriodSeconds = 30;
    rendered.metadata = {
      ...rendered.metadata,
      resourceVersion: this.nextResourceVersion(),
      // The pod is gone at once, but reported as the API server does: with
      // the end of its termination grace period.
      deletionTimestamp: rfc3339(now + gracePeriodSeconds * SECOND),
      deletionGracePeriodSeconds: gracePeriodSeconds,
    };
    replicaSet.pods = replicaSet.pods.filter(p => p !== pod);
    if (replicaSet.pods.length < replicaSet.replicas) {
      // The ReplicaSet controller notices the missing replica at once.
      const replacement = this.createPod(
        workload.service,
        replicaSet,
        pod.crashLooping,
        now,
      );
      replicaSet.pods.push(replacement);
      this.workloadTimer(workload, this.podStartupMs, () => {
        replacement.startedAt = Date.now();
        replacement.resourceVersion = this.nextResourceVersion();
      });
    }
    return rendered;
  }

  getPodLogs(
    namespace: string,
    podName: string,
    options: PodLogOptions = {},
  ): string {
    const { workload, replicaSet, pod } = this.requirePod(namespace, podName);
    const { service } = workload;
    const container = options.container ?? service.name;
    if (container !== service.name) {
      throw new DemoWorldError(
        'InvalidArgument',
        `container ${container} is not valid for pod ${podName}`,
      );
    }
    const noPreviousContainer = new DemoWorldError(
      'InvalidArgument',
      `previous terminated container "${container}" in pod "${podName}" not found`,
    );
    if (pod.startedAt === undefined) {
      throw new DemoWorldError(
        'InvalidArgument',
        `container "${container}" in pod "${podName}" is waiting to start: ContainerCreating`,
      );
    }
    const now = Date.now();
    const format = {
      tailLines: options.tailLines,
      timestamps: options.timestamps,
    };
    if (!pod.crashLooping) {
      if (options.previous) throw noPreviousContainer;
      const version = imageTag(replicaSet.gitRevision);
      return runningContainerLogs(
        service,
        pod.name,
        version,
        pod.startedAt,
        now,
        format,
      );
    }
    const loop = crashLoopState(pod.startedAt, now);
    if (options.previous) {
      if (!loop.previous) throw noPreviousContainer;
      return crashedContainerLogs(service, loop.previous, now, format);
    }
    return crashedContainerLogs(service, loop.current, now, format);
  }

  resourceVersion(): string {
    return String(this.resourceVersionCounter);
  }

  close(): void {
    for (const timer of this.syncTimers.values()) clearTimeout(timer);
    this.syncTimers.clear();
    for (const timers of this.workloadTimers.values()) {
      for (const timer of timers) clearTimeout(timer);
    }
    this.workloadTimers.clear();
  }

  // ---- seeding ---------------------------------------------------------

  /**
   * Builds an application's past: a few deployments over the last days,
   * derived from its name (so a production application named like its
   * service has the history it always had).
   */
  private seed(application: DemoApplication): void {
    const { name, service } = application;
    if (this.apps.has(name)) {
      throw new Error(`The demo world has two applications named ${name}`);
    }
    const deployments = intBetween(4, 6, 'deployments', name);
    const starts: number[] = [
      this.start - intBetween(90, 360, 'latest', name) * MINUTE,
    ];
    while (starts.length < deployments) {
      const gapHours = intBetween(18, 70, 'gap', name, String(starts.length));
      starts.unshift(starts[0] - gapHours * HOUR);
    }
    // Second-level jitter, so timestamps don't all share one clock offset.
    const jittered = starts.map(
      (at, i) => at - intBetween(0, 59, 'jitter', name, String(i)) * SECOND,
    );
    const commits = new Map<string, CommitRecord>();
    const history: HistoryRecord[] = jittered.map((deployStartedAt, id) => {
      const revision = gitSha(name, 'release', String(id));
      commits.set(
        revision,
        this.makeCommit(
          service,
          revision,
          id,
          deployStartedAt - intBetween(3, 40, 'lead', revision) * MINUTE,
        ),
      );
      return {
        id,
        revision,
        deployStartedAt,
        deployedAt:
          deployStartedAt + intBetween(25, 95, 'duration', revision) * SECOND,
        initiatedBy: {
          username: pick(
            ['admin', 'maria.garcia', 'devon.lee'],
            'initiator',
            revision,
          ),
        },
      };
    });
    const deployed = last(history);
    let headRevision = deployed.revision;
    if (service.outOfSync && application.environment === 'production') {
      headRevision = gitSha(name, 'release', String(deployments));
      commits.set(
        headRevision,
        this.makeCommit(
          service,
          headRevision,
          deployments,
          this.start - intBetween(8, 45, 'head', name) * MINUTE,
        ),
      );
    }
    const createdAt = starts[0] - intBetween(1, 20, 'created', name) * DAY;
    this.apps.set(name, {
      application,
      uid: uid('application', name),
      createdAt,
      generation: history.length * 2 + 1,
      resourceVersion: this.nextResourceVersion(),
      headRevision,
      syncedRevision: deployed.revision,
      history,
      operation: {
        revision: deployed.revision,
        prune: false,
        dryRun: false,
        phase: 'Succeeded',
        message: SYNC_SUCCEEDED_MESSAGE,
        startedAt: deployed.deployStartedAt,
        finishedAt: deployed.deployedAt,
        initiatedBy: deployed.initiatedBy,
      },
      commits,
    });
    if (application.runsWorkloads) {
      this.workloads.set(name, this.seedWorkload(service, history, createdAt));
    }
  }

  private seedWorkload(
    service: DemoService,
    history: HistoryRecord[],
    createdAt: number,
  ): WorkloadRecord {
    const replicaSets = history.map((entry, index) => {
      const current = index === history.length - 1;
      const replicaSet = this.makeReplicaSet(
        service,
        entry.revision,
        index + 1,
        entry.deployStartedAt + 2 * SECOND,
      );
      if (current) {
        replicaSet.replicas = service.replicas;
        for (let slot = 0; slot < service.replicas; slot++) {
          const podCreatedAt =
            replicaSet.createdAt +
            intBetween(1, 4, 'pod-created', replicaSet.name, String(slot)) *
              SECOND;
          const pod = this.createPod(
            service,
            replicaSet,
            slot < (service.crashLoopingPods ?? 0),
            podCreatedAt,
          );
          pod.startedAt =
            podCreatedAt + intBetween(3, 9, 'pod-started', pod.name) * SECOND;
          if (pod.crashLooping) {
            const shift = shiftToLastCrashAgo(
              pod.startedAt,
              this.start,
              30 * SECOND,
            );
            pod.createdAt += shift;
            pod.startedAt += shift;
          }
          replicaSet.pods.push(pod);
        }
      } else {
        replicaSet.generation = 2; // scaled up, then down
      }
      return replicaSet;
    });
    const deployed = last(history);
    const currentReplicaSet = last(replicaSets);
    const previousReplicaSet = replicaSets[replicaSets.length - 2];
    const healthy = !(service.crashLoopingPods ?? 0);
    return {
      service,
      createdAt: createdAt + MINUTE,
      deploymentUid: uid('deployment', service.namespace, service.name),
      generation: history.length,
      resourceVersion: this.nextResourceVersion(),
      replicaSets: replicaSets.slice(-(REVISION_HISTORY_LIMIT + 1)),
      rolloutStartedAt: currentReplicaSet.createdAt,
      rolloutCompletedAt: healthy ? deployed.deployedAt : undefined,
      scalingEvents: [
        {
          at: currentReplicaSet.createdAt,
          message: `Scaled up replica set ${currentReplicaSet.name} from 0 to ${service.replicas}`,
        },
        ...(previousReplicaSet
          ? [
              {
                at: deployed.deployedAt,
                message: `Scaled down replica set ${previousReplicaSet.name} from ${service.replicas} to 0`,
              },
            ]
          : []),
      ],
    };
  }

  private makeCommit(
    service: DemoService,
    sha: string,
    releaseNumber: number,
    date: number,
  ): CommitRecord {
    const version = `v1.${releaseNumber + 3}.${intBetween(0, 4, 'patch', sha)}`;
    const subject = pick(
      COMMIT_SUBJECTS,
      'subject',
      sha,
    )(service.name, version);
    return {
      sha,
      author: pick(AUTHORS, 'author', sha),
      date,
      message: subject,
      ...(subject.startsWith('deploy(') && {
        tags: [`${service.name}/${version}`],
      }),
    };
  }

  private makeReplicaSet(
    service: DemoService,
    gitRevision: string,
    deploymentRevision: number,
    createdAt: number,
  ): ReplicaSetRecord {
    const templateHash = kubernetesSuffix(10, service.name, gitRevision);
    const name = `${service.name}-${templateHash}`;
    return {
      name,
      uid: uid('replicaset', service.namespace, name),
      templateHash,
      gitRevision,
      deploymentRevision,
      replicas: 0,
      createdAt,
      generation: 1,
      resourceVersion: this.nextResourceVersion(),
      pods: [],
    };
  }

  private createPod(
    service: DemoService,
    replicaSet: ReplicaSetRecord,
    crashLooping: boolean,
    createdAt: number,
  ): PodRecord {
    const name = `${replicaSet.name}-${kubernetesSuffix(
      5,
      replicaSet.name,
      String(this.podSequence++),
    )}`;
    const nodeName = pick(DEMO_NODES, 'node', name);
    return {
      name,
      uid: uid('pod', service.namespace, name),
      createdAt,
      crashLooping,
      nodeName,
      hostIP: ipInRange('10.0', 'node', nodeName),
      podIP: ipInRange('10.244', 'pod', name),
      resourceVersion: this.nextResourceVersion(),
    };
  }

  // ---- state transitions -----------------------------------------------

  private resolveRevision(
    app: ApplicationRecord,
    revision: string | undefined,
  ): string {
    const requested = revision?.trim() ?? '';
    if (['', 'HEAD', 'main'].includes(requested)) return app.headRevision;
    const sha = requested.toLowerCase();
    if (/^[0-9a-f]{40}$/.test(sha)) return sha;
    if (/^[0-9a-f]{7,39}$/.test(sha)) {
      const known = [...app.commits.keys()].find(full => full.startsWith(sha));
      if (known) return known;
    }
    throw new DemoWorldError(
      'UnknownRevision',
      `error resolving repo revision: rpc error: code = Unknown desc = unable to resolve '${requested}' to a commit SHA`,
    );
  }

  /** Commits the demo has not seen get deterministic metadata of their own. */
  private commitFor(app: ApplicationRecord, revision: string): CommitRecord {
    const known = app.commits.get(revision.toLowerCase());
    if (known) return known;
    if (!/^[0-9a-f]{40}$/i.test(revision)) {
      throw new DemoWorldError(
        'UnknownRevision',
        `rpc error: code = Unknown desc = unable to resolve git revision '${revision}'`,
      );
    }
    const sha = revision.toLowerCase();
    const commit = this.makeCommit(
      app.application.service,
      sha,
      app.history.length,
      this.start - intBetween(5, 120, 'unknown', sha) * MINUTE,
    );
    app.commits.set(sha, commit);
    return commit;
  }

  private finishSync(app: ApplicationRecord): void {
    this.syncTimers.delete(app.application.name);
    const now = Date.now();
    const operation = app.operation;
    app.operation = {
      ...operation,
      phase: 'Succeeded',
      message: SYNC_SUCCEEDED_MESSAGE,
      finishedAt: now,
    };
    if (!operation.dryRun) {
      this.commitFor(app, operation.revision);
      // The double has no Git repository: the synced revision becomes the
      // tip of main, so the app reads Synced afterwards.
      app.headRevision = operation.revision;
      app.syncedRevision = operation.revision;
      const initiatedBy: Initiator = operation.initiatedBy;
      app.history.push({
        id: (app.history.length ? last(app.history).id : -1) + 1,
        revision: operation.revision,
        deployStartedAt: operation.startedAt,
        deployedAt: now,
        initiatedBy,
      });
      app.history.splice(
        0,
        Math.max(0, app.history.length - REVISION_HISTORY_LIMIT),
      );
    }
    this.touchApp(app);
  }

  /**
   * Applies a new pod template: a ReplicaSet for the revision (reusing the
   * old one on rollback, as Kubernetes does) gets all replicas at once; they
   * start when the rollout completes, and the old ReplicaSets scale to 0.
   */
  private startRollout(
    workload: WorkloadRecord,
    revision: string,
    now: number,
  ): void {
    const { service } = workload;
    if (last(workload.replicaSets).gitRevision === revision) return;
    const nextRevision =
      Math.max(...workload.replicaSets.map(rs => rs.deploymentRevision)) + 1;
    const templateHash = kubernetesSuffix(10, service.name, revision);
    let replicaSet = workload.replicaSets.find(
      rs => rs.templateHash === templateHash,
    );
    if (replicaSet) {
      workload.replicaSets = workload.replicaSets.filter(
        rs => rs !== replicaSet,
      );
      replicaSet.deploymentRevision = nextRevision;
      replicaSet.generation++;
      replicaSet.resourceVersion = this.nextResourceVersion();
    } else {
      replicaSet = this.makeReplicaSet(service, revision, nextRevision, now);
    }
    replicaSet.replicas = service.replicas;
    for (let slot = 0; slot < service.replicas; slot++) {
      replicaSet.pods.push(
        this.createPod(
          service,
          replicaSet,
          slot < (service.crashLoopingPods ?? 0),
          now,
        ),
      );
    }
    workload.replicaSets.push(replicaSet);
    workload.generation++;
    workload.resourceVersion = this.nextResourceVersion();
    workload.rolloutStartedAt = now;
    workload.rolloutCompletedAt = undefined;
    workload.scalingEvents.push({
      at: now,
      message: `Scaled up replica set ${replicaSet.name} from 0 to ${service.replicas}`,
    });
    const newReplicaSet = replicaSet;
    this.workloadTimer(workload, this.syncDurationMs, () =>
      this.completeRollout(workload, newReplicaSet),
    );
  }

  private completeRollout(
    workload: WorkloadRecord,
    replicaSet: ReplicaSetRecord,
  ): void {
    if (last(workload.replicaSets) !== replicaSet) return; // superseded by a newer rollout
    const now = Date.now();
    for (const pod of replicaSet.pods) {
      if (pod.startedAt === undefined) {
        pod.startedAt = now;
        pod.resourceVersion = this.nextResourceVersion();
      }
    }
    for (const old of workload.replicaSets) {
      if (old === replicaSet || old.replicas === 0) continue;
      workload.scalingEvents.push({
        at: now,
        message: `Scaled down replica set ${old.name} from ${old.replicas} to 0`,
      });
      old.replicas = 0;
      old.pods = [];
      old.generation++;
      old.resourceVersion = this.nextResourceVersion();
    }
    workload.replicaSets = workload.replicaSets.slice(
      -(REVISION_HISTORY_LIMIT + 1),
    );
    if (replicaSet.pods.every(pod => !pod.crashLooping)) {
      workload.rolloutCompletedAt = now;
    }
    workload.resourceVersion = this.nextResourceVersion();
  }

  // ---- helpers ---------------------------------------------------------

  private renderApp(app: ApplicationRecord): ArgoApplication {
    return renderApplication(app, this.workloads.get(app.application.name), {
      now: Date.now(),
      startTime: this.start,
    });
  }

  private renderProject(name: string): ArgoProject | undefined {
    const project = this.projects.get(name);
    if (!project) return undefined;
    const namespaces = [
      ...new Set(
        this.applications.filter(a => a.project === name).map(a => a.namespace),
      ),
    ];
    return renderProject(
      name,
      namespaces,
      project.createdAt,
      project.resourceVersion,
    );
  }

  private renderNamespaces(): KubernetesObject[] {
    const workloadNamespaces = this.services.map(s => s.namespace);
    return [...new Set([...SYSTEM_NAMESPACES, ...workloadNamespaces])].map(
      name =>
        renderNamespace(
          name,
          this.start - (SYSTEM_NAMESPACES.includes(name) ? 420 : 400) * DAY,
          String(4_800_000 + intBetween(0, 9999, 'namespace', name)),
        ),
    );
  }

  private requireApp(name: string): ApplicationRecord {
    const app = this.apps.get(name);
    if (!app) {
      throw new DemoWorldError(
        'NotFound',
        `applications.argoproj.io "${name}" not found`,
      );
    }
    return app;
  }

  private requirePod(namespace: string, name: string) {
    for (const workload of this.workloads.values()) {
      if (workload.service.namespace !== namespace) continue;
      for (const replicaSet of workload.replicaSets) {
        const pod = replicaSet.pods.find(p => p.name === name);
        if (pod) return { workload, replicaSet, pod };
      }
    }
    throw new DemoWorldError('NotFound', `pods "${name}" not found`);
  }

  private touchApp(app: ApplicationRecord): void {
    app.generation++;
    app.resourceVersion = this.nextResourceVersion();
  }

  private nextResourceVersion(): string {
    this.resourceVersionCounter++;
    return String(this.resourceVersionCounter);
  }

  private timer(delayMs: number, run: () => void): NodeJS.Timeout {
    const timer = setTimeout(run, delayMs);
    // A double must never keep its process (or a test run) alive by itself.
    timer.unref?.();
    return timer;
  }

  private workloadTimer(
    workload: WorkloadRecord,
    delayMs: number,
    run: () => void,
  ): void {
    const name = workload.service.name;
    const timers = this.workloadTimers.get(name) ?? new Set<NodeJS.Timeout>();
    this.workloadTimers.set(name, timers);
    const timer = this.timer(delayMs, () => {
      timers.delete(timer);
      run();
    });
    timers.add(timer);
  }

  private cancelSyncTimer(appName: string): void {
    const timer = this.syncTimers.get(appName);
    if (timer) clearTimeout(timer);
    this.syncTimers.delete(appName);
  }
}

/**
 * Creates the demo world: ArgoCD applications and the Kubernetes workloads
 * they deploy, with a deterministic past and state that moves on as syncs
 * run and time passes. Share one world between both doubles so a sync in
 * ArgoCD shows up as a rollout in Kubernetes.
 */
export function createDemoWorld(options: DemoWorldOptions = {}): DemoWorld {
  return new InMemoryDemoWorld(options);
}
