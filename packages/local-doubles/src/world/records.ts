import { DemoApplication, DemoService } from '../demoPlatform';

/**
 * The in-memory state of the demo world. Records hold only what changes;
 * the API objects both doubles serve are rendered from them on each request
 * (see argocdViews.ts and kubernetesViews.ts), so time-derived fields such
 * as restart counts are always current.
 */

export interface PodRecord {
  name: string;
  uid: string;
  createdAt: number;
  /** When its container first started; absent while ContainerCreating. */
  startedAt?: number;
  crashLooping: boolean;
  nodeName: string;
  hostIP: string;
  podIP: string;
  resourceVersion: string;
}

export interface ReplicaSetRecord {
  name: string;
  uid: string;
  /** `pod-template-hash`; derived from the revision, so a rollback reuses it. */
  templateHash: string;
  gitRevision: string;
  /** `deployment.kubernetes.io/revision`. */
  deploymentRevision: number;
  /** spec.replicas. */
  replicas: number;
  createdAt: number;
  generation: number;
  resourceVersion: string;
  pods: PodRecord[];
}

export interface ScalingEventRecord {
  at: number;
  message: string;
}

export interface WorkloadRecord {
  service: DemoService;
  createdAt: number;
  deploymentUid: string;
  generation: number;
  resourceVersion: string;
  /** Oldest first; the last one is the Deployment's current ReplicaSet. */
  replicaSets: ReplicaSetRecord[];
  rolloutStartedAt: number;
  /** Absent while the newest ReplicaSet is not fully available. */
  rolloutCompletedAt?: number;
  scalingEvents: ScalingEventRecord[];
}

export interface CommitRecord {
  sha: string;
  author: string;
  date: number;
  message: string;
  tags?: string[];
}

export type Initiator = { username: string } | { automated: true };

export interface HistoryRecord {
  id: number;
  revision: string;
  deployStartedAt: number;
  deployedAt: number;
  initiatedBy: Initiator;
}

export type OperationPhase = 'Running' | 'Succeeded' | 'Failed';

export interface OperationRecord {
  revision: string;
  prune: boolean;
  dryRun: boolean;
  phase: OperationPhase;
  message: string;
  startedAt: number;
  finishedAt?: number;
  initiatedBy: Initiator;
}

export interface ApplicationRecord {
  /** Which service it deploys where; `application.service` is the service. */
  application: DemoApplication;
  uid: string;
  createdAt: number;
  generation: number;
  resourceVersion: string;
  /** The commit `main` points at in the GitOps repo. */
  headRevision: string;
  /** The commit last synced to the cluster. */
  syncedRevision: string;
  history: HistoryRecord[];
  /** The current operation while Running, otherwise the last finished one. */
  operation: OperationRecord;
  /** Set by `?refresh=`; otherwise reconciliation runs on a fixed period. */
  refreshedAt?: number;
  commits: Map<string, CommitRecord>;
}
