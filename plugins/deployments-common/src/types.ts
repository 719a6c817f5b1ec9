/** Where a deployment is in its life. Terminal states never move back. */
export type DeploymentStatus =
  | 'pending'
  | 'in_progress'
  | 'succeeded'
  | 'failed'
  | 'rolled_back'
  | 'cancelled';

export const DEPLOYMENT_STATUSES: readonly DeploymentStatus[] = [
  'pending',
  'in_progress',
  'succeeded',
  'failed',
  'rolled_back',
  'cancelled',
];

/** Who reported the deployment. */
export type DeploymentSource = 'ci' | 'argocd' | 'kubernetes' | 'manual';

export const DEPLOYMENT_SOURCES: readonly DeploymentSource[] = [
  'ci',
  'argocd',
  'kubernetes',
  'manual',
];

/**
 * How far along each status is. An event may only move a deployment to a
 * status of a higher rank, so a late or replayed `in_progress` never
 * overwrites `succeeded`.
 */
export const DEPLOYMENT_STATUS_RANK: Record<DeploymentStatus, number> = {
  pending: 0,
  in_progress: 1,
  succeeded: 2,
  failed: 2,
  rolled_back: 3,
  cancelled: 2,
};

/** The largest `metadata` a deployment may carry, serialized as JSON. */
export const MAX_DEPLOYMENT_METADATA_BYTES = 16 * 1024;

/** How deep a deployment's `metadata` may nest objects and arrays. */
export const MAX_DEPLOYMENT_METADATA_DEPTH = 32;

/** The largest batch one POST may carry. */
export const MAX_DEPLOYMENT_BATCH_SIZE = 1000;

/** A deployment event as a source reports it. */
export interface DeploymentInput {
  /** A catalog Component, e.g. `component:default/course-service`. */
  entityRef: string;
  environment: string;
  version: string;
  commitSha: string;
  /** When the deployed commit was made; needed for lead time. */
  commitTime?: string;
  image?: string;
  status: DeploymentStatus;
  startedAt: string;
  finishedAt?: string;
  /**
   * Who set the deployment off. Services (CI pipelines) may name the person
   * who triggered the run; for a user caller the server always sets it to
   * the user's own ref.
   */
  triggeredBy?: string;
  source: DeploymentSource;
  /** The event's own id at its source; (source, sourceId) is unique. */
  sourceId: string;
  /** A link to the pipeline run or the sync. */
  url?: string;
  metadata?: Record<string, unknown>;
}

/** A stored deployment. */
export interface Deployment extends DeploymentInput {
  id: string;
  triggeredBy: string;
  /**
   * Who recorded the deployment first, set by the server and never changed
   * afterwards: a user ref (`user:default/jane`) for a person posting by
   * hand, `service:<subject>` for a token (CI pipelines, argocd-notifications,
   * another portal plugin), `plugin:deployments` for the plugin's own ArgoCD
   * reader and demo data. A record a service created can only be updated by
   * a service.
   */
  recordedBy: string;
  /**
   * Recorded by a trusted source (a service or the plugin itself, not a
   * person): only such records vouch for a version, e.g. for a promotion.
   */
  trusted: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What a POST did with each event. */
export type DeploymentWriteOutcome = 'created' | 'updated' | 'unchanged';

export interface DeploymentWriteResult {
  deployment: Deployment;
  outcome: DeploymentWriteOutcome;
}

export interface DeploymentPage {
  items: Deployment[];
  /** Pass as `cursor` to get the next (older) page; absent on the last. */
  nextCursor?: string;
}

export interface DeploymentQuery {
  entityRef?: string;
  environment?: string;
  status?: DeploymentStatus;
  /** A group or user ref: deployments of the entities it owns. */
  owner?: string;
  since?: string;
  until?: string;
  /** Only deployments recorded by a trusted source (see {@link Deployment.trusted}). */
  trusted?: boolean;
  limit?: number;
  cursor?: string;
}

/** The version that last succeeded in one environment. */
export interface CurrentDeployment {
  environment: string;
  version: string;
  deployedAt: string;
  deployment: Deployment;
}

export interface CurrentDeployments {
  entityRef: string;
  items: CurrentDeployment[];
}

/** DORA performance bands, best first. */
export type DoraBand = 'elite' | 'high' | 'medium' | 'low';

export interface DoraScope {
  entityRef?: string;
  owner?: string;
  environment: string;
  from: string;
  to: string;
}

export interface DoraMetrics {
  scope: DoraScope;
  deploymentFrequency: {
    perDay: number;
    perWeek: number;
    band: DoraBand | null;
    sampleSize: number;
    /** Successful deployments per ISO week (Monday, UTC) in the window. */
    weekly: Array<{ weekStart: string; count: number }>;
  };
  leadTimeForChanges: {
    /** Median seconds from commit to successful deployment. */
    medianSeconds: number | null;
    band: DoraBand | null;
    sampleSize: number;
  };
  changeFailureRate: {
    /** Failed or rolled back, over all finished deployments (0..1). */
    ratio: number | null;
    band: DoraBand | null;
    sampleSize: number;
  };
  timeToRestore: {
    /** Median seconds from a failed deployment to the next success. */
    medianSeconds: number | null;
    band: DoraBand | null;
    sampleSize: number;
  };
}

export interface DoraQuery {
  entityRef?: string;
  owner?: string;
  environment?: string;
  from?: string;
  to?: string;
}
