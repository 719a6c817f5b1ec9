/**
 * The parts of the ArgoCD REST API's objects (argoproj.io/v1alpha1) the
 * portal reads. ArgoCD omits empty fields, hence the optionals.
 */

/** The phase of an ArgoCD sync operation (`status.operationState.phase`). */
export type ArgoCdOperationPhase =
  | 'Running'
  | 'Terminating'
  | 'Succeeded'
  | 'Failed'
  | 'Error';

/** Where an application's manifests come from (`spec.source`). */
export interface ArgoCdApplicationSource {
  repoURL?: string;
  path?: string;
  chart?: string;
  targetRevision?: string;
}

/** Who started a sync: a user, or ArgoCD's automated sync policy. */
export interface ArgoCdInitiator {
  username?: string;
  automated?: boolean;
}

/** One entry of `status.history`: a sync that completed. */
export interface ArgoCdHistoryEntry {
  id: number;
  revision?: string;
  /** Multi-source applications list one revision per source instead. */
  revisions?: string[];
  deployedAt: string;
  /** Absent in histories written by ArgoCD before 2.0. */
  deployStartedAt?: string;
  source?: ArgoCdApplicationSource;
  initiatedBy?: ArgoCdInitiator;
}

/** `status.operationState`: the running sync, or the last one. */
export interface ArgoCdOperationState {
  phase: ArgoCdOperationPhase;
  message?: string;
  startedAt: string;
  finishedAt?: string;
  operation?: {
    sync?: { revision?: string; revisions?: string[]; dryRun?: boolean };
    initiatedBy?: ArgoCdInitiator;
  };
  syncResult?: { revision?: string; source?: ArgoCdApplicationSource };
}

/**
 * An Application, as `GET /api/v1/applications[/{name}]` returns it: its
 * sync history (deployments), destination (environments), sync state and
 * running images (drift).
 */
export interface ArgoCdApplication {
  metadata: { name: string; namespace?: string };
  spec: {
    project?: string;
    source?: ArgoCdApplicationSource;
    destination?: { server?: string; name?: string; namespace?: string };
  };
  status?: {
    /** `status`: `Synced`, `OutOfSync` or `Unknown`. */
    sync?: { status?: string; revision?: string };
    history?: ArgoCdHistoryEntry[];
    operationState?: ArgoCdOperationState;
    summary?: { images?: string[] };
  };
}
