import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  AuditAction,
  AuditEntry,
  EnvironmentLock,
  Promotion,
  PromotionStatus,
  Weekday,
} from '@internal/plugin-environments-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import {
  AuditCursor,
  EnvironmentStore,
  NewAuditEntry,
  NewConfigEntry,
  NewFreezeWindow,
  NewLock,
  NewPreview,
  NewPromotion,
  PreviewQuota,
  PreviewQuotaExceededError,
  PreviewRecord,
  PreviewRecordStatus,
  StoredConfigEntry,
  StoredFreezeWindow,
} from './EnvironmentStore';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-environments-backend',
  'migrations',
);

const CONFIG = 'environment_config';
const LOCKS = 'environment_locks';
const FREEZE_WINDOWS = 'environment_freeze_windows';
const PREVIEWS = 'preview_environments';
const PROMOTIONS = 'environment_promotions';
const AUDIT = 'environment_audit';

/** PostgreSQL returns a Date; SQLite the epoch milliseconds (see migration). */
type DbTimestamp = Date | number;

interface ConfigRow {
  environment: string;
  key: string;
  /** SQLite returns 0 or 1. */
  secret: boolean | number;
  value: string | null;
  ciphertext: string | null;
  updated_at: DbTimestamp;
  updated_by: string;
}

interface LockRow {
  id: string;
  environment: string;
  reason: string;
  until: DbTimestamp | null;
  created_by: string;
  created_at: DbTimestamp;
}

interface FreezeWindowRow {
  id: string;
  environment: string;
  reason: string;
  time_zone: string;
  start_day: string;
  start_time: string;
  end_day: string;
  end_time: string;
  created_by: string;
  created_at: DbTimestamp;
}

interface PreviewRow {
  name: string;
  title: string | null;
  owner: string;
  /** Null for previews created before previews belonged to a service. */
  service: string | null;
  ttl: string;
  status: PreviewRecordStatus;
  expires_at: DbTimestamp;
  warned_at: DbTimestamp | null;
  created_by: string;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

interface PromotionRow {
  id: string;
  entity_ref: string;
  version: string;
  from_environment: string | null;
  to_environment: string;
  status: PromotionStatus;
  deployment_id: string;
  revision: string;
  requested_by: string;
  created_at: DbTimestamp;
}

interface AuditRow {
  id: string;
  environment: string | null;
  action: AuditAction;
  actor: string;
  details: string;
  created_at: DbTimestamp;
}

/** The environment manager's state in SQLite or PostgreSQL through knex. */
export class KnexEnvironmentStore implements EnvironmentStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<KnexEnvironmentStore> {
    const { database, skipMigrations } = options;
    const client = await database.getClient();
    if (!database.migrations?.skip && !skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new KnexEnvironmentStore(client);
  }

  private constructor(private readonly db: Knex) {}

  // --- Config -------------------------------------------------------------

  async listConfig(environment: string): Promise<StoredConfigEntry[]> {
    const rows: ConfigRow[] = await this.db<ConfigRow>(CONFIG)
      .where({ environment })
      .orderBy('key');
    return rows.map(toConfigEntry);
  }

  async putConfigEntry(
    entry: NewConfigEntry,
    audit: NewAuditEntry,
  ): Promise<StoredConfigEntry> {
    const row: ConfigRow = {
      environment: entry.environment,
      key: entry.key,
      secret: entry.secret,
      value: entry.secret ? null : entry.value,
      ciphertext: entry.secret ? entry.ciphertext : null,
      updated_at: new Date(),
      updated_by: entry.updatedBy,
    };
    await this.db.transaction(async tx => {
      await tx(CONFIG)
        .insert(row)
        .onConflict(['environment', 'key'])
        .merge(['secret', 'value', 'ciphertext', 'updated_at', 'updated_by']);
      await insertAudit(tx, audit);
    });
    return toConfigEntry(row);
  }

  async deleteConfigEntry(
    environment: string,
    key: string,
    audit: NewAuditEntry,
  ): Promise<boolean> {
    return this.deleteAudited(
      tx => tx(CONFIG).where({ environment, key }).delete(),
      audit,
    );
  }

  // --- Locks --------------------------------------------------------------

  async listLocks(filter: {
    environment?: string;
    activeAt: Date;
  }): Promise<EnvironmentLock[]> {
    const query = this.db<LockRow>(LOCKS)
      .where(q => q.whereNull('until').orWhere('until', '>', filter.activeAt))
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    if (filter.environment !== undefined) {
      query.where('environment', filter.environment);
    }
    const rows: LockRow[] = await query;
    return rows.map(toLock);
  }

  async getLock(id: string): Promise<EnvironmentLock | undefined> {
    const row: LockRow | undefined = await this.db<LockRow>(LOCKS)
      .where({ id })
      .first();
    return row && toLock(row);
  }

  async createLock(
    lock: NewLock,
    audit: NewAuditEntry,
  ): Promise<EnvironmentLock> {
    const row: LockRow = {
      id: randomUUID(),
      environment: lock.environment,
      reason: lock.reason,
      until: lock.until ?? null,
      created_by: lock.createdBy,
      created_at: new Date(),
    };
    await this.db.transaction(async tx => {
      await tx(LOCKS).insert(row);
      await insertAudit(tx, withId(audit, 'lockId', row.id));
    });
    return toLock(row);
  }

  async deleteLock(id: string, audit: NewAuditEntry): Promise<boolean> {
    return this.deleteAudited(tx => tx(LOCKS).where({ id }).delete(), audit);
  }

  // --- Freeze windows -----------------------------------------------------

  async listFreezeWindows(filter: {
    environment?: string;
  }): Promise<StoredFreezeWindow[]> {
    const query = this.db<FreezeWindowRow>(FREEZE_WINDOWS).orderBy([
      'created_at',
      'id',
    ]);
    if (filter.environment !== undefined) {
      query.where('environment', filter.environment);
    }
    const rows: FreezeWindowRow[] = await query;
    return rows.map(toFreezeWindow);
  }

  async getFreezeWindow(id: string): Promise<StoredFreezeWindow | undefined> {
    const row: FreezeWindowRow | undefined = await this.db<FreezeWindowRow>(
      FREEZE_WINDOWS,
    )
      .where({ id })
      .first();
    return row && toFreezeWindow(row);
  }

  async createFreezeWindow(
    window: NewFreezeWindow,
    audit: NewAuditEntry,
  ): Promise<StoredFreezeWindow> {
    const row: FreezeWindowRow = {
      id: randomUUID(),
      environment: window.environment,
      reason: window.reason,
      time_zone: window.timeZone,
      start_day: window.start.day,
      start_time: window.start.time,
      end_day: window.end.day,
      end_time: window.end.time,
      created_by: window.createdBy,
      created_at: new Date(),
    };
    await this.db.transaction(async tx => {
      await tx(FREEZE_WINDOWS).insert(row);
      await insertAudit(tx, withId(audit, 'freezeWindowId', row.id));
    });
    return toFreezeWindow(row);
  }

  async deleteFreezeWindow(id: string, audit: NewAuditEntry): Promise<boolean> {
    return this.deleteAudited(
      tx => tx(FREEZE_WINDOWS).where({ id }).delete(),
      audit,
    );
  }

  // --- Previews -----------------------------------------------------------

  async listPreviews(): Promise<PreviewRecord[]> {
    const rows: PreviewRow[] = await this.db<PreviewRow>(PREVIEWS).orderBy(
      'name',
    );
    return rows.map(toPreview);
  }

  async getPreview(name: string): Promise<PreviewRecord | undefined> {
    const row: PreviewRow | undefined = await this.db<PreviewRow>(PREVIEWS)
      .where({ name })
      .first();
    return row && toPreview(row);
  }

  async createPreview(
    preview: NewPreview,
    audit: NewAuditEntry,
    quota?: PreviewQuota,
  ): Promise<PreviewRecord> {
    const now = new Date();
    const row: PreviewRow = {
      name: preview.name,
      title: preview.title ?? null,
      owner: preview.owner,
      service: preview.service,
      ttl: preview.ttl,
      status: 'active',
      expires_at: preview.expiresAt,
      warned_at: null,
      created_by: preview.createdBy,
      created_at: now,
      updated_at: now,
    };
    const conflict = new ConflictError(
      `name: a preview environment named ${preview.name} exists`,
    );
    try {
      await this.db.transaction(async tx => {
        if (quota) {
          await this.assertBelowQuota(tx, preview.owner, quota);
        }
        if (await tx(PREVIEWS).where({ name: preview.name }).first('name')) {
          throw conflict;
        }
        await tx(PREVIEWS).insert(row);
        await insertAudit(tx, audit);
      });
    } catch (error) {
      // A concurrent create of the same name lost the primary key race.
      if (
        error !== conflict &&
        !(error instanceof PreviewQuotaExceededError) &&
        (await this.getPreview(preview.name))
      ) {
        throw conflict;
      }
      throw error;
    }
    return toPreview(row);
  }

  /**
   * Counts the owner's live previews inside the insert's transaction. On
   * PostgreSQL a transaction-scoped advisory lock per owner serializes the
   * count-and-insert of concurrent creates (READ COMMITTED would let two
   * both count below the limit); SQLite runs one write transaction at a time.
   */
  private async assertBelowQuota(
    tx: Knex.Transaction,
    owner: string,
    quota: PreviewQuota,
  ): Promise<void> {
    if (this.db.client.config.client === 'pg') {
      await tx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [
        `environments.preview-quota:${owner}`,
      ]);
    }
    const [{ count }] = await tx(PREVIEWS)
      .where({ owner, status: 'active' })
      .where('expires_at', '>', quota.now)
      .count({ count: '*' });
    if (Number(count) >= quota.maxLivePerOwner) {
      throw new PreviewQuotaExceededError(owner, quota.maxLivePerOwner);
    }
  }

  async extendPreview(
    name: string,
    expiresAt: Date,
    audit: NewAuditEntry,
  ): Promise<PreviewRecord | undefined> {
    return this.db.transaction(async tx => {
      const count = await tx(PREVIEWS)
        .where({ name, status: 'active' })
        .update({
          expires_at: expiresAt,
          warned_at: null,
          updated_at: new Date(),
        });
      if (count === 0) {
        return undefined;
      }
      await insertAudit(tx, audit);
      const row: PreviewRow = await tx(PREVIEWS).where({ name }).first();
      return toPreview(row);
    });
  }

  async markPreviewTearingDown(
    name: string,
  ): Promise<PreviewRecord | undefined> {
    const count = await this.db(PREVIEWS)
      .where({ name })
      .update({ status: 'tearing_down', updated_at: new Date() });
    return count === 0 ? undefined : this.getPreview(name);
  }

  async deletePreview(name: string, audit: NewAuditEntry): Promise<boolean> {
    return this.db.transaction(async tx => {
      const count = await tx(PREVIEWS).where({ name }).delete();
      if (count === 0) {
        return false;
      }
      await tx(CONFIG).where({ environment: name }).delete();
      await tx(LOCKS).where({ environment: name }).delete();
      await tx(FREEZE_WINDOWS).where({ environment: name }).delete();
      await insertAudit(tx, audit);
      return true;
    });
  }

  async listPreviewsExpiringBy(by: Date): Promise<PreviewRecord[]> {
    const rows: PreviewRow[] = await this.db<PreviewRow>(PREVIEWS)
      .where('expires_at', '<=', by)
      .orderBy(['expires_at', 'name']);
    return rows.map(toPreview);
  }

  async claimExpiryWarning(
    name: string,
    when: { at: Date; expiresBy: Date },
    audit: NewAuditEntry,
  ): Promise<boolean> {
    return this.db.transaction(async tx => {
      const count = await tx(PREVIEWS)
        .where({ name, status: 'active' })
        .whereNull('warned_at')
        .where('expires_at', '<=', when.expiresBy)
        .update({ warned_at: when.at });
      if (count === 0) {
        return false;
      }
      await insertAudit(tx, audit);
      return true;
    });
  }

  // --- Promotions ---------------------------------------------------------

  async createPromotion(
    promotion: NewPromotion,
    audit: NewAuditEntry,
  ): Promise<Promotion> {
    const row: PromotionRow = {
      id: promotion.id ?? randomUUID(),
      entity_ref: promotion.entityRef,
      version: promotion.version,
      from_environment: promotion.fromEnvironment ?? null,
      to_environment: promotion.toEnvironment,
      status: promotion.status,
      deployment_id: promotion.deploymentId,
      revision: promotion.revision,
      requested_by: promotion.requestedBy,
      created_at: new Date(),
    };
    await this.db.transaction(async tx => {
      await tx(PROMOTIONS).insert(row);
      await insertAudit(tx, withId(audit, 'promotionId', row.id));
    });
    return toPromotion(row);
  }

  async listPromotions(filter: {
    entityRef?: string;
    limit: number;
  }): Promise<Promotion[]> {
    const query = this.db<PromotionRow>(PROMOTIONS)
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(filter.limit);
    if (filter.entityRef !== undefined) {
      query.where('entity_ref', filter.entityRef);
    }
    const rows: PromotionRow[] = await query;
    return rows.map(toPromotion);
  }

  // --- Audit --------------------------------------------------------------

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    return insertAudit(this.db, entry);
  }

  async listAudit(options: {
    environment?: string;
    limit: number;
    after?: AuditCursor;
  }): Promise<{ items: AuditEntry[]; hasMore: boolean }> {
    const { environment, limit, after } = options;
    const query = this.db<AuditRow>(AUDIT)
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit + 1);
    if (environment !== undefined) {
      query.where('environment', environment);
    }
    if (after) {
      query.whereRaw('(created_at, id) < (?, ?)', [after.createdAt, after.id]);
    }
    const rows: AuditRow[] = await query;
    return {
      items: rows.slice(0, limit).map(toAuditEntry),
      hasMore: rows.length > limit,
    };
  }

  /** Runs a delete and, if it removed anything, audits it in the same transaction. */
  private async deleteAudited(
    remove: (tx: Knex.Transaction) => Promise<number>,
    audit: NewAuditEntry,
  ): Promise<boolean> {
    return this.db.transaction(async tx => {
      if ((await remove(tx)) === 0) {
        return false;
      }
      await insertAudit(tx, audit);
      return true;
    });
  }
}

async function insertAudit(
  db: Knex | Knex.Transaction,
  entry: NewAuditEntry,
): Promise<AuditEntry> {
  const row: AuditRow = {
    id: randomUUID(),
    environment: entry.environment ?? null,
    action: entry.action,
    actor: entry.actor,
    details: JSON.stringify(entry.details ?? {}),
    created_at: new Date(),
  };
  await db(AUDIT).insert(row);
  return toAuditEntry(row);
}

/** The audit entry with the id of what the write created. */
function withId(audit: NewAuditEntry, name: string, id: string): NewAuditEntry {
  return { ...audit, details: { ...audit.details, [name]: id } };
}

function toIso(value: DbTimestamp): string {
  return new Date(value).toISOString();
}

function toOptionalIso(value: DbTimestamp | null): string | undefined {
  return value === null ? undefined : toIso(value);
}

function toConfigEntry(row: ConfigRow): StoredConfigEntry {
  const base = {
    environment: row.environment,
    key: row.key,
    updatedAt: toIso(row.updated_at),
    updatedBy: row.updated_by,
  };
  return row.secret
    ? { ...base, secret: true, ciphertext: row.ciphertext! }
    : { ...base, secret: false, value: row.value! };
}

function toLock(row: LockRow): EnvironmentLock {
  return {
    id: row.id,
    environment: row.environment,
    reason: row.reason,
    ...(row.until !== null && { until: toIso(row.until) }),
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
  };
}

function toFreezeWindow(row: FreezeWindowRow): StoredFreezeWindow {
  return {
    id: row.id,
    environment: row.environment,
    reason: row.reason,
    timeZone: row.time_zone,
    start: { day: row.start_day as Weekday, time: row.start_time },
    end: { day: row.end_day as Weekday, time: row.end_time },
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
  };
}

function toPreview(row: PreviewRow): PreviewRecord {
  const warnedAt = toOptionalIso(row.warned_at);
  return {
    name: row.name,
    ...(row.title !== null && { title: row.title }),
    owner: row.owner,
    ...(row.service !== null && { service: row.service }),
    ttl: row.ttl,
    status: row.status,
    expiresAt: toIso(row.expires_at),
    ...(warnedAt && { warnedAt }),
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

function toPromotion(row: PromotionRow): Promotion {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    version: row.version,
    ...(row.from_environment !== null && {
      fromEnvironment: row.from_environment,
    }),
    toEnvironment: row.to_environment,
    status: row.status,
    deploymentId: row.deployment_id,
    revision: row.revision,
    requestedBy: row.requested_by,
    createdAt: toIso(row.created_at),
  };
}

function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    ...(row.environment !== null && { environment: row.environment }),
    action: row.action,
    actor: row.actor,
    createdAt: toIso(row.created_at),
    details: JSON.parse(row.details),
  };
}
