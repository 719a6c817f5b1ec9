import {
  CurrentDeployment,
  Deployment,
  DeploymentInput,
  DeploymentStatus,
  DeploymentWriteResult,
} from '@internal/plugin-deployments-common';

/** A deployment event after validation, with who set it off resolved. */
export type ReportedDeployment = DeploymentInput & { triggeredBy: string };

/**
 * A reported deployment with who records it (see Deployment.recordedBy):
 * what the store writes. `recordedBy` is only stored when the event creates
 * the deployment; it never changes afterwards.
 */
export type NewDeployment = ReportedDeployment & { recordedBy: string };

/** How a write treats deployments it finds already stored. */
export interface RecordOptions {
  /**
   * Called inside the write transaction with the entities of the stored
   * deployments the batch replays or updates, before any of them is
   * written; a throw refuses the whole batch. The router checks the
   * caller's permission on each here, so the check reads the stored rows
   * themselves, not what the caller claims.
   */
  authorizeStored?: (entityRefs: string[]) => Promise<void>;
  /**
   * What to do with an event whose (source, sourceId) is stored for another
   * entity: `refuse` (the default) fails the batch with a 409; `skip` leaves
   * that deployment as it is and reports the event `unchanged`, for the
   * ArgoCD reader, whose application may have moved to another component
   * since it recorded the old syncs.
   */
  onEntityConflict?: 'refuse' | 'skip';
}

/** Filters of a deployment listing. All are optional and combine with AND. */
export interface DeploymentFilter {
  /** Deployments of any of these entities (an owner resolved to its entities). */
  entityRefs?: string[];
  environment?: string;
  status?: DeploymentStatus;
  /** startedAt >= since */
  since?: Date;
  /** startedAt < until */
  until?: Date;
  /** Only deployments recorded (true) or not recorded (false) by a trusted source. */
  trusted?: boolean;
}

/** The position after the last item of a page, newest first. */
export interface DeploymentCursor {
  startedAt: Date;
  id: string;
}

/** What DORA needs of one deployment; the store reads no more than this. */
export interface DoraSample {
  entityRef: string;
  environment: string;
  status: DeploymentStatus;
  startedAt: Date;
  finishedAt?: Date;
  commitTime?: Date;
}

/** Storage of deployments. The knex implementation serves SQLite and PostgreSQL. */
export interface DeploymentStore {
  /**
   * Stores a batch in one transaction: all or nothing. Idempotent on
   * (source, sourceId): an event whose status ranks higher than the stored
   * one (DEPLOYMENT_STATUS_RANK) updates it, anything else leaves it
   * unchanged. Results are in input order.
   *
   * A stored deployment keeps its entity and who recorded it: an event of
   * another entity (also one of the same batch), or one recorded by a person
   * for a deployment a service or the plugin recorded, fails the batch with
   * a ConflictError (see RecordOptions.onEntityConflict). These checks read
   * the rows in the write transaction, so concurrent writers cannot pass
   * them by racing.
   */
  record(
    items: NewDeployment[],
    options?: RecordOptions,
  ): Promise<DeploymentWriteResult[]>;

  /**
   * `record`, but only into an empty store: undefined, with nothing
   * written, when anything is stored. Of concurrent callers (replicas
   * starting together on an empty database) only the first records.
   */
  recordIfEmpty(
    items: NewDeployment[],
  ): Promise<DeploymentWriteResult[] | undefined>;

  /** Newest first (startedAt desc, id desc); `limit + 1` rows are read to know if more follow. */
  list(options: {
    filter: DeploymentFilter;
    limit: number;
    after?: DeploymentCursor;
  }): Promise<{ items: Deployment[]; hasMore: boolean }>;

  /** The latest succeeded deployment of the entity in each environment. */
  current(entityRef: string): Promise<CurrentDeployment[]>;

  /**
   * `current` of many entities at once, one query per chunk of refs: each
   * given ref maps to its current deployments by environment name (empty
   * when it has none). `environments`, when given, keeps only those.
   */
  currentMany(
    entityRefs: string[],
    environments?: string[],
  ): Promise<Map<string, CurrentDeployment[]>>;

  /**
   * Deployments of the given entities in one environment that started in
   * [from, to), plus, for time to restore, the first success after `to` of
   * any entity whose last failure in the window no success in it follows
   * (a failure followed only by a cancelled deployment still counts).
   */
  doraSamples(options: {
    entityRefs: string[];
    environment: string;
    from: Date;
    to: Date;
  }): Promise<DoraSample[]>;

  /** Whether anything is stored; the demo seed runs only on an empty store. */
  isEmpty(): Promise<boolean>;
}
