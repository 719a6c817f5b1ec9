import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  CurrentDeployment,
  DEPLOYMENT_STATUS_RANK,
  DEPLOYMENT_STATUSES,
  Deployment,
  DeploymentSource,
  DeploymentStatus,
  DeploymentWriteOutcome,
  DeploymentWriteResult,
} from '@internal/plugin-deployments-common';
import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import {
  DeploymentCursor,
  DeploymentFilter,
  DeploymentStore,
  DoraSample,
  NewDeployment,
  RecordOptions,
} from './DeploymentStore';
import { inBatches } from '../lib/inBatches';
import {
  describeRecorder,
  isTrustedRecorder,
  USER_RECORDER_PREFIX,
} from '../lib/recordedBy';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-deployments-backend',
  'migrations',
);

const TABLE = 'deployments';
/** The newest success of each entity in each environment (see migrations). */
const CURRENT_TABLE = 'current_deployments';
/** The first key of this store's advisory locks on PostgreSQL. */
const CURRENT_LOCK_CLASS = 0x64706c79; // 'dply'
/** The first key of the lock of recordIfEmpty. */
const SEED_LOCK_CLASS = 0x73656564; // 'seed'

/** Keys per lookup query, well under both databases' bind parameter limits. */
const LOOKUP_CHUNK_SIZE = 500;
/** Rows per multi-row insert: 18 columns each, under SQLite's 32,766 binds. */
const INSERT_CHUNK_SIZE = 200;

/** PostgreSQL returns a Date; SQLite the epoch milliseconds (see migration). */
type DbTimestamp = Date | number;

/**
 * Trusted rows, as SQL: the predicate of the partial index
 * deployments_trusted_started_at_idx, repeated literally (not as a bound
 * parameter) so that both databases can use that index.
 */
const TRUSTED_SQL = `recorded_by not like '${USER_RECORDER_PREFIX}%'`;
const UNTRUSTED_SQL = `recorded_by like '${USER_RECORDER_PREFIX}%'`;

interface DeploymentRow {
  id: string;
  entity_ref: string;
  environment: string;
  version: string;
  commit_sha: string;
  commit_time: DbTimestamp | null;
  image: string | null;
  status: DeploymentStatus;
  started_at: DbTimestamp;
  finished_at: DbTimestamp | null;
  triggered_by: string;
  recorded_by: string;
  source: DeploymentSource;
  source_id: string;
  url: string | null;
  metadata: string | null;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

/** What DORA reads of a deployment. */
const SAMPLE_COLUMNS = [
  'entity_ref',
  'environment',
  'status',
  'started_at',
  'finished_at',
  'commit_time',
] satisfies Array<keyof DeploymentRow>;

type SampleRow = Pick<DeploymentRow, (typeof SAMPLE_COLUMNS)[number]>;

/** The columns an event sets; the rest belong to the stored row. */
type EventColumns = Omit<
  DeploymentRow,
  'id' | 'source' | 'source_id' | 'recorded_by' | 'created_at' | 'updated_at'
>;

/** A deployment stored in SQLite or PostgreSQL through knex. */
export class KnexDeploymentStore implements DeploymentStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<KnexDeploymentStore> {
    const { database, skipMigrations } = options;
    const client = await database.getClient();
    if (!database.migrations?.skip && !skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new KnexDeploymentStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async record(
    items: NewDeployment[],
    options: RecordOptions = {},
  ): Promise<DeploymentWriteResult[]> {
    return this.db.transaction(tx => recordInTransaction(tx, items, options));
  }

  async recordIfEmpty(
    items: NewDeployment[],
  ): Promise<DeploymentWriteResult[] | undefined> {
    return this.db.transaction(async tx => {
      // Replicas starting together on an empty database take turns here, so
      // the second sees what the first stored. SQLite has one writer anyway.
      if (tx.client.config.client === 'pg') {
        await tx.raw('select pg_advisory_xact_lock(?, 0)', [SEED_LOCK_CLASS]);
      }
      if (await tx(TABLE).first('id')) {
        return undefined;
      }
      return recordInTransaction(tx, items, {});
    });
  }

  async list(options: {
    filter: DeploymentFilter;
    limit: number;
    after?: DeploymentCursor;
  }): Promise<{ items: Deployment[]; hasMore: boolean }> {
    const { filter, limit, after } = options;
    const query = this.db<DeploymentRow>(TABLE)
      .select('*')
      .orderBy([
        { column: 'started_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit + 1);
    if (filter.entityRefs) {
      query.whereIn('entity_ref', filter.entityRefs);
    }
    if (filter.environment) {
      query.where('environment', filter.environment);
    }
    if (filter.status) {
      query.where('status', filter.status);
    }
    if (filter.since) {
      query.where('started_at', '>=', filter.since);
    }
    if (filter.until) {
      query.where('started_at', '<', filter.until);
    }
    if (filter.trusted !== undefined) {
      query.whereRaw(filter.trusted ? TRUSTED_SQL : UNTRUSTED_SQL);
    }
    if (after) {
      query.whereRaw('(started_at, id) < (?, ?)', [after.startedAt, after.id]);
    }
    const rows: DeploymentRow[] = await query;
    return {
      items: rows.slice(0, limit).map(toDeployment),
      hasMore: rows.length > limit,
    };
  }

  async current(entityRef: string): Promise<CurrentDeployment[]> {
    return (await this.currentMany([entityRef])).get(entityRef) ?? [];
  }

  /** Reads what runs where from the current_deployments table. */
  async currentMany(
    entityRefs: string[],
    environments?: string[],
  ): Promise<Map<string, CurrentDeployment[]>> {
    const refs = [...new Set(entityRefs)];
    const result = new Map<string, CurrentDeployment[]>(
      refs.map(ref => [ref, []]),
    );
    if (environments?.length === 0) {
      return result;
    }
    for (const chunk of inBatches(refs, LOOKUP_CHUNK_SIZE)) {
      const query = this.db<DeploymentRow>(`${CURRENT_TABLE} as c`)
        .join(`${TABLE} as d`, 'd.id', 'c.deployment_id')
        .select('d.*')
        .whereIn('c.entity_ref', chunk)
        .orderBy(['c.entity_ref', 'c.environment']);
      if (environments) {
        query.whereIn('c.environment', environments);
      }
      for (const row of (await query) as DeploymentRow[]) {
        result.get(row.entity_ref)?.push(toCurrentDeployment(row));
      }
    }
    return result;
  }

  async doraSamples(options: {
    entityRefs: string[];
    environment: string;
    from: Date;
    to: Date;
  }): Promise<DoraSample[]> {
    const { entityRefs, environment, from, to } = options;
    if (entityRefs.length === 0) {
      return [];
    }
    const inWindow: SampleRow[] = await this.db(TABLE)
      .select(SAMPLE_COLUMNS)
      .whereIn('entity_ref', entityRefs)
      .where('environment', environment)
      .where('started_at', '>=', from)
      .where('started_at', '<', to)
      .orderBy(['started_at', 'id']);

    const unrestored = entitiesAwaitingRestore(inWindow);
    if (unrestored.length === 0) {
      return inWindow.map(toDoraSample);
    }
    const firstSuccessAfter = this.db(TABLE)
      .select(SAMPLE_COLUMNS)
      .select(
        this.db.raw(
          'row_number() over (partition by entity_ref order by started_at, id) as position',
        ),
      )
      .whereIn('entity_ref', unrestored)
      .where({ environment, status: 'succeeded' })
      .where('started_at', '>=', to);
    const restores: SampleRow[] = await this.db
      .from(firstSuccessAfter.as('ranked'))
      .where('position', 1);
    return [...inWindow, ...restores].map(toDoraSample);
  }

  async isEmpty(): Promise<boolean> {
    return !(await this.db(TABLE).first('id'));
  }
}

/** See DeploymentStore.record. */
async function recordInTransaction(
  tx: Knex.Transaction,
  items: NewDeployment[],
  options: RecordOptions,
): Promise<DeploymentWriteResult[]> {
  assertOneEntityPerKey(items);
  const winners = pickWinningEvents(items);
  const events = [...winners.values()].map(index => items[index]);
  const written = await writeEvents(tx, events, options);

  // A key's write is reported once, on the event that won; its duplicates
  // in the batch get the same record as 'unchanged'.
  return items.map((item, index) => {
    const key = keyOf(item);
    const result = written.get(key)!;
    return winners.get(key) === index
      ? result
      : { deployment: result.deployment, outcome: 'unchanged' };
  });
}

/** (source, sourceId) as one string; a source never contains ':'. */
function keyOf(item: { source: string; sourceId: string }): string {
  return `${item.source}:${item.sourceId}`;
}

function rowKey(row: DeploymentRow): string {
  return keyOf({ source: row.source, sourceId: row.source_id });
}

/** How a refusal names a deployment: by its key, which the caller sent. */
function describeKey(item: { source: string; sourceId: string }): string {
  return `the ${item.source} deployment ${JSON.stringify(item.sourceId)}`;
}

/** Events of one key in a batch must agree on their entity, as stored ones do. */
function assertOneEntityPerKey(items: NewDeployment[]) {
  const entityOfKey = new Map<string, string>();
  for (const item of items) {
    const key = keyOf(item);
    const entityRef = entityOfKey.get(key) ?? item.entityRef;
    if (entityRef !== item.entityRef) {
      throw new ConflictError(
        `entityRef: ${describeKey(item)} is given for both ${entityRef} and ${
          item.entityRef
        } in one batch`,
      );
    }
    entityOfKey.set(key, entityRef);
  }
}

/**
 * The events that may be written over the stored rows of their keys (those
 * without a stored row pass): a stored deployment keeps its entity, and one
 * a service or the plugin recorded is only written by a service or the
 * plugin. Then asks the caller's authorizeStored about the stored entities.
 */
async function admitOverStored(
  events: NewDeployment[],
  stored: ReadonlyMap<string, DeploymentRow>,
  options: RecordOptions,
): Promise<NewDeployment[]> {
  const admitted: NewDeployment[] = [];
  const storedEntityRefs = new Set<string>();
  for (const event of events) {
    const row = stored.get(keyOf(event));
    if (!row) {
      admitted.push(event);
      continue;
    }
    if (row.entity_ref !== event.entityRef) {
      if (options.onEntityConflict === 'skip') {
        continue;
      }
      throw new ConflictError(
        `entityRef: ${describeKey(event)} is recorded for ${
          row.entity_ref
        }; it cannot be recorded for ${event.entityRef}`,
      );
    }
    if (
      isTrustedRecorder(row.recorded_by) &&
      !isTrustedRecorder(event.recordedBy)
    ) {
      throw new ConflictError(
        `${describeKey(event)} of ${
          row.entity_ref
        } was recorded by ${describeRecorder(
          row.recorded_by,
        )}; only CI or another service can update it, not a person`,
      );
    }
    storedEntityRefs.add(row.entity_ref);
    admitted.push(event);
  }
  if (storedEntityRefs.size > 0 && options.authorizeStored) {
    await options.authorizeStored([...storedEntityRefs]);
  }
  return admitted;
}

/**
 * The index of the event that decides each key of a batch: the one of the
 * highest status rank, the last of them on a tie.
 */
function pickWinningEvents(items: NewDeployment[]): Map<string, number> {
  const winners = new Map<string, number>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    const current = winners.get(key);
    if (
      current === undefined ||
      DEPLOYMENT_STATUS_RANK[item.status] >=
        DEPLOYMENT_STATUS_RANK[items[current].status]
    ) {
      winners.set(key, index);
    }
  });
  return winners;
}

async function readByKeys(
  tx: Knex.Transaction,
  items: NewDeployment[],
): Promise<Map<string, DeploymentRow>> {
  const idsBySource = new Map<DeploymentSource, string[]>();
  for (const { source, sourceId } of items) {
    const ids = idsBySource.get(source) ?? [];
    ids.push(sourceId);
    idsBySource.set(source, ids);
  }
  const rows = new Map<string, DeploymentRow>();
  for (const [source, sourceIds] of idsBySource) {
    for (const chunk of inBatches(sourceIds, LOOKUP_CHUNK_SIZE)) {
      const found: DeploymentRow[] = await tx<DeploymentRow>(TABLE)
        .where('source', source)
        .whereIn('source_id', chunk);
      for (const row of found) {
        rows.set(rowKey(row), row);
      }
    }
  }
  return rows;
}

/**
 * Writes events of distinct keys, inserting the new ones and moving stored
 * ones forward by rank, and returns each key's result.
 */
async function writeEvents(
  tx: Knex.Transaction,
  reported: NewDeployment[],
  options: RecordOptions,
): Promise<Map<string, DeploymentWriteResult>> {
  const now = new Date();
  const stored = await readByKeys(tx, reported);
  let events = await admitOverStored(reported, stored, options);
  const fresh = events.filter(event => !stored.has(keyOf(event)));
  const createdIds = await insertIgnoringConflicts(tx, fresh, now);
  const freshRows = await readByKeys(tx, fresh);
  // A concurrent writer may have inserted some of them first: those count
  // as stored, and go through the same checks and the rank check like any
  // other. Entity and recordedBy never change once inserted, so what this
  // transaction read of them is what it writes over.
  const raced = new Map<string, DeploymentRow>();
  for (const [key, row] of freshRows) {
    if (!createdIds.has(row.id)) {
      stored.set(key, row);
      raced.set(key, row);
    }
  }
  if (raced.size > 0) {
    events = await admitOverStored(events, raced, options);
  }
  const updatedKeys = await updateByRank(tx, events, stored, now);
  await refreshCurrent(tx, [
    ...events
      .filter(event => {
        const key = keyOf(event);
        const inserted = freshRows.get(key);
        return (
          updatedKeys.has(key) || (inserted && createdIds.has(inserted.id))
        );
      })
      .map((event): Pair => [event.entityRef, event.environment]),
    // An update may move a deployment to another environment (never to
    // another entity: admitOverStored).
    ...[...stored]
      .filter(([key]) => updatedKeys.has(key))
      .map(([, row]): Pair => [row.entity_ref, row.environment]),
  ]);
  const updatedRows = await readByKeys(
    tx,
    events.filter(event => updatedKeys.has(keyOf(event))),
  );

  const outcomeOf = (
    key: string,
    row: DeploymentRow,
  ): DeploymentWriteOutcome => {
    if (createdIds.has(row.id)) {
      return 'created';
    }
    return updatedKeys.has(key) ? 'updated' : 'unchanged';
  };
  const rows = new Map([...stored, ...freshRows, ...updatedRows]);
  return new Map(
    [...rows].map(([key, row]) => [
      key,
      { deployment: toDeployment(row), outcome: outcomeOf(key, row) },
    ]),
  );
}

/**
 * Rebuilds the whole current_deployments table from the history, for bulk
 * loads that write `deployments` directly (benchmarks); the store keeps it
 * up to date itself.
 */
export async function rebuildCurrentDeployments(db: Knex): Promise<void> {
  await db.transaction(async tx => {
    await tx(CURRENT_TABLE).delete();
    await tx.raw(`
      insert into ${CURRENT_TABLE} (entity_ref, environment, deployment_id)
      select entity_ref, environment, id from (
        select entity_ref, environment, id, row_number() over (
          partition by entity_ref, environment
          order by started_at desc, id desc
        ) as position
        from ${TABLE} where status = 'succeeded'
      ) ranked where position = 1
    `);
  });
}

type Pair = [entityRef: string, environment: string];

/**
 * Recomputes the current deployment of each (entity, environment) pair a
 * write changed. On PostgreSQL, writers of the same pair take turns (an
 * advisory lock until commit): the recomputation runs after the previous
 * writer committed, so it never stores an answer that misses its row.
 * SQLite runs one writer at a time anyway.
 */
async function refreshCurrent(tx: Knex.Transaction, pairs: Pair[]) {
  const unique = [
    ...new Map(pairs.map(pair => [pair.join('\n'), pair])).entries(),
  ]
    // One lock order for every writer, so that they cannot deadlock.
    .sort(([a], [b]) => compareStrings(a, b));
  if (unique.length === 0) {
    return;
  }
  if (tx.client.config.client === 'pg') {
    // unnest yields the keys in array order, hence in lock order.
    await tx.raw(
      'select pg_advisory_xact_lock(?, hashtext(key)) from unnest(?::text[]) as keys(key)',
      [CURRENT_LOCK_CLASS, unique.map(([key]) => key)],
    );
  }
  for (const chunk of inBatches(
    unique.map(([, pair]) => pair),
    LOOKUP_CHUNK_SIZE,
  )) {
    await tx(CURRENT_TABLE)
      .whereIn(['entity_ref', 'environment'], chunk)
      .delete();
    await tx.raw(
      `with pairs (entity_ref, environment) as (
        values ${chunk.map(() => '(?, ?)').join(', ')}
      )
      insert into ${CURRENT_TABLE} (entity_ref, environment, deployment_id)
      select entity_ref, environment, deployment_id from (
        select pairs.entity_ref, pairs.environment, (
          select d.id from ${TABLE} d
          where d.entity_ref = pairs.entity_ref
            and d.environment = pairs.environment
            and d.status = 'succeeded'
          order by d.started_at desc, d.id desc limit 1
        ) as deployment_id from pairs
      ) newest where deployment_id is not null`,
      chunk.flat(),
    );
  }
}

/**
 * Inserts the events with fresh ids, skipping any key another transaction
 * stored meanwhile, and returns the ids it generated. Rows go in key order
 * so that concurrent batches take the unique index's locks in the same
 * order and cannot deadlock.
 */
async function insertIgnoringConflicts(
  tx: Knex.Transaction,
  events: NewDeployment[],
  now: Date,
): Promise<Set<string>> {
  const rows = [...events]
    .sort((a, b) => compareStrings(keyOf(a), keyOf(b)))
    .map(event => ({
      id: randomUUID(),
      source: event.source,
      source_id: event.sourceId,
      ...eventColumns(event),
      recorded_by: event.recordedBy,
      created_at: now,
      updated_at: now,
    }));
  for (const chunk of inBatches(rows, INSERT_CHUNK_SIZE)) {
    await tx(TABLE).insert(chunk).onConflict(['source', 'source_id']).ignore();
  }
  return new Set(rows.map(row => row.id));
}

/**
 * Moves stored deployments forward where the event's status ranks higher,
 * and returns the keys it updated. The status condition in the UPDATE makes
 * it a compare-and-set: a concurrent writer that got further first wins.
 * Optional fields the event leaves out keep their stored values.
 */
async function updateByRank(
  tx: Knex.Transaction,
  events: NewDeployment[],
  stored: Map<string, DeploymentRow>,
  now: Date,
): Promise<Set<string>> {
  const updates = events
    .map(event => ({ event, row: stored.get(keyOf(event)) }))
    .filter(
      (update): update is { event: NewDeployment; row: DeploymentRow } =>
        update.row !== undefined &&
        DEPLOYMENT_STATUS_RANK[update.event.status] >
          DEPLOYMENT_STATUS_RANK[update.row.status],
    )
    // Row lock order, as for inserts.
    .sort((a, b) => compareStrings(a.row.id, b.row.id));

  const updated = new Set<string>();
  for (const { event, row } of updates) {
    const count = await tx(TABLE)
      .where('id', row.id)
      .whereIn('status', statusesRankedBelow(event.status))
      .update({ ...withoutNulls(eventColumns(event)), updated_at: now });
    if (count > 0) {
      updated.add(keyOf(event));
    }
  }
  return updated;
}

function eventColumns(event: NewDeployment): EventColumns {
  return {
    entity_ref: event.entityRef,
    environment: event.environment,
    version: event.version,
    commit_sha: event.commitSha,
    commit_time: toDateOrNull(event.commitTime),
    image: event.image ?? null,
    status: event.status,
    started_at: new Date(event.startedAt),
    finished_at: toDateOrNull(event.finishedAt),
    triggered_by: event.triggeredBy,
    url: event.url ?? null,
    metadata: event.metadata ? JSON.stringify(event.metadata) : null,
  };
}

function statusesRankedBelow(status: DeploymentStatus): DeploymentStatus[] {
  const rank = DEPLOYMENT_STATUS_RANK[status];
  return DEPLOYMENT_STATUSES.filter(s => DEPLOYMENT_STATUS_RANK[s] < rank);
}

/** Failing entities of a window (rows in time order) not yet succeeded. */
function entitiesAwaitingRestore(rows: SampleRow[]): string[] {
  const awaiting = new Set<string>();
  for (const row of rows) {
    if (row.status === 'failed' || row.status === 'rolled_back') {
      awaiting.add(row.entity_ref);
    } else if (row.status === 'succeeded') {
      awaiting.delete(row.entity_ref);
    }
  }
  return [...awaiting];
}

function toDeployment(row: DeploymentRow): Deployment {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    environment: row.environment,
    version: row.version,
    commitSha: row.commit_sha,
    ...(row.commit_time !== null && { commitTime: toIso(row.commit_time) }),
    ...(row.image !== null && { image: row.image }),
    status: row.status,
    startedAt: toIso(row.started_at),
    ...(row.finished_at !== null && { finishedAt: toIso(row.finished_at) }),
    triggeredBy: row.triggered_by,
    recordedBy: row.recorded_by,
    trusted: isTrustedRecorder(row.recorded_by),
    source: row.source,
    sourceId: row.source_id,
    ...(row.url !== null && { url: row.url }),
    ...(row.metadata !== null && { metadata: JSON.parse(row.metadata) }),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

function toCurrentDeployment(row: DeploymentRow): CurrentDeployment {
  const deployment = toDeployment(row);
  return {
    environment: deployment.environment,
    version: deployment.version,
    deployedAt: deployment.finishedAt ?? deployment.startedAt,
    deployment,
  };
}

function toDoraSample(row: SampleRow): DoraSample {
  return {
    entityRef: row.entity_ref,
    environment: row.environment,
    status: row.status,
    startedAt: new Date(row.started_at),
    ...(row.finished_at !== null && { finishedAt: new Date(row.finished_at) }),
    ...(row.commit_time !== null && { commitTime: new Date(row.commit_time) }),
  };
}

function toIso(value: DbTimestamp): string {
  return new Date(value).toISOString();
}

function toDateOrNull(value: string | undefined): Date | null {
  return value === undefined ? null : new Date(value);
}

function withoutNulls<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== null),
  ) as Partial<T>;
}

function compareStrings(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}
