import {
  CurrentDeployment,
  Deployment,
  DeploymentInput,
  DeploymentStatus,
  DeploymentWriteResult,
} from '@internal/plugin-deployments-common';

/** A deployment event after validation, with its caller resolved. */
export type NewDeployment = DeploymentInput & { triggeredBy: string };

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
   */
  record(items: NewDeployment[]): Promise<DeploymentWriteResult[]>;

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
