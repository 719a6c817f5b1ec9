import {
  AuditAction,
  AuditEntry,
  EnvironmentLock,
  FreezeWindowSpec,
  Promotion,
} from '@internal/plugin-environments-common';

/**
 * A change for the audit trail. Stores write it in the same transaction as
 * the change itself. `details` must never hold a secret value.
 */
export interface NewAuditEntry {
  environment?: string;
  action: AuditAction;
  /** A user ref, or `service:<subject>`. */
  actor: string;
  details?: Record<string, unknown>;
}

interface ConfigEntryBase {
  environment: string;
  key: string;
  updatedAt: string;
  updatedBy: string;
}

/**
 * A config entry as stored: the plain value of a non-secret, or the
 * ciphertext of a secret. The store never sees a secret in clear.
 */
export type StoredConfigEntry = ConfigEntryBase &
  ({ secret: false; value: string } | { secret: true; ciphertext: string });

export type NewConfigEntry = Omit<ConfigEntryBase, 'updatedAt'> &
  ({ secret: false; value: string } | { secret: true; ciphertext: string });

export type PreviewRecordStatus = 'active' | 'tearing_down';

/** A preview environment as stored. */
export interface PreviewRecord {
  name: string;
  title?: string;
  /** A group ref. */
  owner: string;
  /**
   * The Component ref it is a preview of; absent for previews created
   * before previews belonged to a service.
   */
  service?: string;
  /** The ISO 8601 duration it was created with. */
  ttl: string;
  status: PreviewRecordStatus;
  expiresAt: string;
  /** When its owners were warned of the expiry; cleared by an extension. */
  warnedAt?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export type NewPreview = Pick<
  PreviewRecord,
  'name' | 'title' | 'owner' | 'ttl' | 'createdBy'
> & { service: string; expiresAt: Date };

/**
 * How many live previews (active, not expired) one owner group may have;
 * checked in the transaction that inserts a new one.
 */
export interface PreviewQuota {
  maxLivePerOwner: number;
  /** When "not expired" is judged. */
  now: Date;
}

/** The owner already has `limit` live previews; nothing was stored. */
export class PreviewQuotaExceededError extends Error {
  readonly name = 'PreviewQuotaExceededError';

  constructor(readonly owner: string, readonly limit: number) {
    super(`${owner} already has ${limit} live previews`);
  }
}

export type NewLock = Omit<EnvironmentLock, 'id' | 'createdAt' | 'until'> & {
  until?: Date;
};

/** A freeze window added through the API. */
export interface StoredFreezeWindow extends FreezeWindowSpec {
  id: string;
  createdBy: string;
  createdAt: string;
}

export type NewFreezeWindow = FreezeWindowSpec & { createdBy: string };

/** A promotion to store; its id may be chosen by the caller (it names the deployment). */
export type NewPromotion = Omit<Promotion, 'id' | 'createdAt'> & {
  id?: string;
};

/** The position after the last item of an audit page, newest first. */
export interface AuditCursor {
  createdAt: Date;
  id: string;
}

/**
 * The environment manager's own state: what the catalog does not hold.
 * The knex implementation serves SQLite and PostgreSQL. Every write takes
 * the audit entry that describes it and stores both or neither.
 */
export interface EnvironmentStore {
  listConfig(environment: string): Promise<StoredConfigEntry[]>;
  /** Inserts or replaces the entry of (environment, key). */
  putConfigEntry(
    entry: NewConfigEntry,
    audit: NewAuditEntry,
  ): Promise<StoredConfigEntry>;
  /** False (and nothing audited) when there was no such entry. */
  deleteConfigEntry(
    environment: string,
    key: string,
    audit: NewAuditEntry,
  ): Promise<boolean>;

  /** Locks in force at `activeAt` (no `until`, or `until` later), newest first. */
  listLocks(filter: {
    environment?: string;
    activeAt: Date;
  }): Promise<EnvironmentLock[]>;
  getLock(id: string): Promise<EnvironmentLock | undefined>;
  createLock(lock: NewLock, audit: NewAuditEntry): Promise<EnvironmentLock>;
  deleteLock(id: string, audit: NewAuditEntry): Promise<boolean>;

  listFreezeWindows(filter: {
    environment?: string;
  }): Promise<StoredFreezeWindow[]>;
  getFreezeWindow(id: string): Promise<StoredFreezeWindow | undefined>;
  createFreezeWindow(
    window: NewFreezeWindow,
    audit: NewAuditEntry,
  ): Promise<StoredFreezeWindow>;
  deleteFreezeWindow(id: string, audit: NewAuditEntry): Promise<boolean>;

  listPreviews(): Promise<PreviewRecord[]>;
  getPreview(name: string): Promise<PreviewRecord | undefined>;
  /**
   * Throws a ConflictError when a preview of that name exists, and a
   * {@link PreviewQuotaExceededError} when the owner has
   * `quota.maxLivePerOwner` live previews. Both are checked in the insert's
   * transaction, so concurrent creates cannot both pass.
   */
  createPreview(
    preview: NewPreview,
    audit: NewAuditEntry,
    quota?: PreviewQuota,
  ): Promise<PreviewRecord>;
  /** Sets a new expiry and clears the expiry warning, so a new one is sent. */
  extendPreview(
    name: string,
    expiresAt: Date,
    audit: NewAuditEntry,
  ): Promise<PreviewRecord | undefined>;
  /** Marks it as being torn down; undefined when there is no such preview. */
  markPreviewTearingDown(name: string): Promise<PreviewRecord | undefined>;
  /**
   * Removes the preview together with its config entries, locks and freeze
   * windows, so that a later preview of the same name starts empty.
   */
  deletePreview(name: string, audit: NewAuditEntry): Promise<boolean>;
  /** Previews whose expiry is at or before `by`, soonest first. */
  listPreviewsExpiringBy(by: Date): Promise<PreviewRecord[]>;
  /**
   * Records at `at` that the owners of an active preview expiring by
   * `expiresBy` were warned, unless that was recorded already (or it was
   * extended meanwhile). True for exactly one caller per expiry, even
   * across replicas.
   */
  claimExpiryWarning(
    name: string,
    when: { at: Date; expiresBy: Date },
    audit: NewAuditEntry,
  ): Promise<boolean>;

  createPromotion(
    promotion: NewPromotion,
    audit: NewAuditEntry,
  ): Promise<Promotion>;
  /** Newest first. */
  listPromotions(filter: {
    entityRef?: string;
    limit: number;
  }): Promise<Promotion[]>;

  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first (createdAt desc, id desc); reads `limit + 1` rows to know if more follow. */
  listAudit(options: {
    environment?: string;
    limit: number;
    after?: AuditCursor;
  }): Promise<{ items: AuditEntry[]; hasMore: boolean }>;
}
