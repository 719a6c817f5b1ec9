/** How close to production an environment is. */
export type EnvironmentTier =
  | 'development'
  | 'staging'
  | 'production'
  | 'preview';

/** The tiers in promotion order; lists and the matrix sort by it. */
export const ENVIRONMENT_TIERS: readonly EnvironmentTier[] = [
  'development',
  'staging',
  'production',
  'preview',
];

/**
 * Where an environment is in its life. Catalog environments are always
 * `active`; a preview is `expiring` within an hour of its expiry and
 * `tearing_down` once the portal has started to destroy it.
 */
export type EnvironmentStatus = 'active' | 'expiring' | 'tearing_down';

/** Where an environment is defined. */
export type EnvironmentOrigin = 'catalog' | 'preview';

/** What holds an environment locked: a lock someone set, or a freeze window. */
export type EnvironmentLockSource = 'lock' | 'freeze-window';

/** Why promotions to an environment are refused right now. */
export interface EnvironmentLockSummary {
  reason: string;
  /** When the lock or the current freeze window ends, if known. */
  until?: string;
  source: EnvironmentLockSource;
}

export interface Environment {
  /** The catalog Resource's name, or the preview's (a DNS label). */
  name: string;
  title?: string;
  tier: EnvironmentTier;
  /** A group ref, e.g. `group:default/team-a`. */
  owner: string;
  status: EnvironmentStatus;
  /** Previews only: when the reaper tears it down. */
  expiresAt?: string;
  locked: boolean;
  /** Present when `locked`. */
  lock?: EnvironmentLockSummary;
  kubernetes?: { cluster: string; namespace: string };
  argocd?: { project: string; destinationNamespace: string };
  /** Catalog environments only, e.g. `resource:default/staging`. */
  entityRef?: string;
  origin: EnvironmentOrigin;
  /**
   * Previews only: the Component ref the preview is of; absent for previews
   * created before previews belonged to a service.
   */
  service?: string;
  /** Previews only: the user or service ref that created it. */
  createdBy?: string;
  /** Previews only. */
  createdAt?: string;
}

export interface EnvironmentList {
  items: Environment[];
}

/** The shortest time to live of a preview environment. */
export const MIN_PREVIEW_TTL = 'PT1H';
/** The longest time to live of a preview environment (also after extending). */
export const MAX_PREVIEW_TTL = 'P30D';

/** The body of `POST /environments`: a preview environment of a service. */
export interface CreatePreviewEnvironmentRequest {
  /** A DNS label (lowercase, digits, `-`, at most 63), unique among all environments. */
  name: string;
  tier: 'preview';
  /** An ISO 8601 duration between PT1H and P30D, e.g. `PT72H`. */
  ttl: string;
  /**
   * The Component the preview is of, e.g. `component:default/course-service`;
   * creating it needs `environment.create` on that entity.
   */
  service: string;
  /**
   * A group ref (a bare name is a group in the default namespace); defaults
   * to the service's owner. Otherwise it must be a group the caller is a
   * member of.
   */
  owner?: string;
  title?: string;
}

/** The body of `POST /environments/{name}/extend`. */
export interface ExtendEnvironmentRequest {
  /**
   * An ISO 8601 duration added to the current expiry; the preview may then
   * live at most P30D from now.
   */
  ttl: string;
}

/** What every endpoint returns in place of a secret's value. */
export const MASKED_SECRET_VALUE = '••••••';

export interface ConfigEntry {
  /** Letters, digits, `_`, `.` and `-`, starting with a letter or `_`. */
  key: string;
  /** The value, or {@link MASKED_SECRET_VALUE} for a secret. */
  value: string;
  secret: boolean;
  updatedAt: string;
  updatedBy: string;
}

export interface ConfigEntryList {
  items: ConfigEntry[];
}

/** The body of `PUT /environments/{name}/config/{key}`. */
export interface PutConfigEntryRequest {
  value: string;
  /** Defaults to false. Secrets are encrypted at rest and never returned. */
  secret?: boolean;
}

/** The largest config value, in UTF-8 bytes. */
export const MAX_CONFIG_VALUE_BYTES = 32 * 1024;

/**
 * How a key compares. `not_compared`: a secret on at least one side, and the
 * caller may not write the config of both environments, so the server does
 * not say whether the values differ.
 */
export type ConfigDiffStatus =
  | 'same'
  | 'different'
  | 'only-from'
  | 'only-to'
  | 'not_compared';

export interface ConfigDiffSide {
  /** Masked for secrets. */
  value: string;
  secret: boolean;
}

export interface ConfigDiffEntry {
  key: string;
  from?: ConfigDiffSide;
  to?: ConfigDiffSide;
  status: ConfigDiffStatus;
}

export interface ConfigDiff {
  from: string;
  to: string;
  items: ConfigDiffEntry[];
}

/** The status of the deployment a matrix cell shows. */
export type MatrixDeploymentStatus =
  | 'pending'
  | 'in_progress'
  | 'succeeded'
  | 'failed'
  | 'rolled_back'
  | 'cancelled';

/** Why a cell is drifted. */
export type DriftReason = 'out-of-sync' | 'image-mismatch';

export interface MatrixCell {
  version: string;
  deployedAt: string;
  status: MatrixDeploymentStatus;
  /** What runs differs from what was last deployed. */
  drift: boolean;
  /** Present when `drift`. */
  driftReason?: DriftReason;
}

export interface MatrixRow {
  /** A Component ref. */
  entityRef: string;
  /** By environment name; environments it was never deployed to are absent. */
  versions: Record<string, MatrixCell>;
}

export interface EnvironmentMatrix {
  /** Environment names by tier: development, staging, production, preview. */
  environments: string[];
  rows: MatrixRow[];
}

export interface EnvironmentLock {
  id: string;
  environment: string;
  reason: string;
  /** Absent: locked until someone removes the lock. */
  until?: string;
  createdBy: string;
  createdAt: string;
}

export interface EnvironmentLockList {
  items: EnvironmentLock[];
}

/** The body of `POST /locks`. */
export interface CreateLockRequest {
  environment: string;
  reason: string;
  /** Must be in the future. */
  until?: string;
}

export type Weekday =
  | 'monday'
  | 'tuesday'
  | 'wednesday'
  | 'thursday'
  | 'friday'
  | 'saturday'
  | 'sunday';

export const WEEKDAYS: readonly Weekday[] = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
];

/** A wall-clock moment of the week, in the window's time zone. */
export interface WeeklyTime {
  day: Weekday;
  /** `HH:mm`, 24-hour. */
  time: string;
}

/**
 * A freeze recurring every week from `start` to `end` (which may wrap past
 * Sunday night), in an IANA time zone.
 */
export interface FreezeWindowSpec {
  environment: string;
  reason: string;
  /** An IANA time zone, e.g. `Europe/Berlin`. */
  timeZone: string;
  start: WeeklyTime;
  end: WeeklyTime;
}

export interface FreezeWindow extends FreezeWindowSpec {
  /** `config:<index>` for windows from app-config, a uuid otherwise. */
  id: string;
  /** Windows from app-config cannot be deleted through the API. */
  source: 'config' | 'api';
  /** Whether the window is in force now. */
  active: boolean;
  createdBy?: string;
  createdAt?: string;
}

export interface FreezeWindowList {
  items: FreezeWindow[];
}

/** The body of `POST /freeze-windows`. */
export type CreateFreezeWindowRequest = FreezeWindowSpec;

export type PromotionStatus = 'pending';

/** The body of `POST /promotions`. */
export interface PromotionRequest {
  /** A Component ref. */
  entityRef: string;
  version: string;
  /**
   * Where the version succeeded; a deployment there that a trusted source
   * (CI, ArgoCD) recorded gives the commit to sync. Staging and production
   * take versions only from their previous environment
   * (`environments.argocd.targets.<env>.promotesFrom`, by default
   * development and staging); when given, this must be that environment.
   * Without it (for other targets): a trusted deployment anywhere.
   */
  fromEnvironment?: string;
  toEnvironment: string;
  /**
   * Promote even though the target is locked or in a freeze window. Needs
   * `environment.promote.override` (administrators); audited with the
   * reason.
   */
  override?: PromotionOverride;
}

/** Why a promotion goes past a lock or freeze window. */
export interface PromotionOverride {
  reason: string;
}

export interface Promotion {
  id: string;
  entityRef: string;
  version: string;
  fromEnvironment?: string;
  toEnvironment: string;
  status: PromotionStatus;
  /** The pending deployment recorded in the deployment history. */
  deploymentId: string;
  /** The commit ArgoCD was asked to sync to. */
  revision: string;
  requestedBy: string;
  createdAt: string;
}

export interface PromotionList {
  items: Promotion[];
}

/** Every kind of change the audit trail records. */
export type AuditAction =
  | 'environment.create'
  | 'environment.extend'
  | 'environment.delete'
  | 'environment.expiry-warning'
  | 'environment.teardown'
  | 'config.set'
  | 'config.delete'
  | 'lock.create'
  | 'lock.delete'
  | 'freeze-window.create'
  | 'freeze-window.delete'
  | 'promotion.create';

export const AUDIT_ACTIONS: readonly AuditAction[] = [
  'environment.create',
  'environment.extend',
  'environment.delete',
  'environment.expiry-warning',
  'environment.teardown',
  'config.set',
  'config.delete',
  'lock.create',
  'lock.delete',
  'freeze-window.create',
  'freeze-window.delete',
  'promotion.create',
];

/** One change: who did what to which environment, when. Never a secret value. */
export interface AuditEntry {
  id: string;
  /** Absent for changes not about one environment. */
  environment?: string;
  action: AuditAction;
  /** A user or service ref; `service:environments` for the reaper. */
  actor: string;
  createdAt: string;
  /** What changed, e.g. `{ key, secret }` for config.set. */
  details: Record<string, unknown>;
}

export interface AuditPage {
  items: AuditEntry[];
  /** Pass as `cursor` for the next (older) page; absent on the last. */
  nextCursor?: string;
}

export interface AuditQuery {
  environment?: string;
  /** 1 to 500, default 50. */
  limit?: number;
  cursor?: string;
}
