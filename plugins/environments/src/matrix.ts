import { parseEntityRef } from '@backstage/catalog-model';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import {
  Environment,
  MatrixCell,
  MatrixRow,
} from '@internal/plugin-environments-common';

/** How a service's ref reads: "course-service", or "other/course-service". */
export function serviceName(entityRef: string): string {
  return humanizeEntityRef(parseEntityRef(entityRef), {
    defaultKind: 'component',
  });
}

/** A column of the version matrix: one environment. */
export interface MatrixColumn {
  name: string;
  /**
   * The environment as the environment list has it: its tier, owner and
   * lock. Absent for one that still has deployments but is gone.
   */
  environment?: Environment;
}

/** The matrix's environments, in its order, with what is known about each. */
export function matrixColumns(
  names: readonly string[],
  environments: readonly Environment[],
): MatrixColumn[] {
  const byName = new Map(environments.map(e => [e.name, e]));
  return names.map(name => ({ name, environment: byName.get(name) }));
}

/**
 * Whether versions move through the environment on their way to production.
 * Previews are off that path: nothing is promoted into or out of them.
 */
function isOnPromotionPath(column: MatrixColumn): boolean {
  return column.environment?.tier !== 'preview';
}

/**
 * The environment a version running in `from` is promoted to next: the
 * following one on the promotion path, or none after the last (production)
 * and for previews.
 */
export function nextEnvironment(
  columns: readonly MatrixColumn[],
  from: string,
): MatrixColumn | undefined {
  const path = columns.filter(isOnPromotionPath);
  const index = path.findIndex(column => column.name === from);
  return index === -1 ? undefined : path[index + 1];
}

/** A version of a service that can be promoted one environment further. */
export interface PromotionCandidate {
  /** A Component ref. */
  entityRef: string;
  version: string;
  from: string;
  /** The version's deployment in `from`. */
  source: MatrixCell;
  to: MatrixColumn;
  /** What runs in the target now, if anything. */
  current?: MatrixCell;
}

/** What a matrix cell offers to promote, if anything. */
export function promotionCandidate(
  row: MatrixRow,
  columns: readonly MatrixColumn[],
  from: string,
): PromotionCandidate | undefined {
  const source = row.versions[from];
  const to = nextEnvironment(columns, from);
  if (!source || !to) {
    return undefined;
  }
  return {
    entityRef: row.entityRef,
    version: source.version,
    from,
    source,
    to,
    current: row.versions[to.name],
  };
}

/** What a promotion changes in its target environment. */
export type PromotionChange =
  /** Nothing of the service runs there yet. */
  | { kind: 'first' }
  /** The version already runs there; promoting re-syncs it. */
  | { kind: 'same'; current: MatrixCell }
  | { kind: 'replace'; current: MatrixCell };

export function promotionChange(
  candidate: PromotionCandidate,
): PromotionChange {
  const { current, version } = candidate;
  if (!current) {
    return { kind: 'first' };
  }
  return current.version === version
    ? { kind: 'same', current }
    : { kind: 'replace', current };
}

/**
 * The columns worth a row of its own for one service: every environment on
 * the promotion path, and the previews it runs in.
 */
export function columnsOfService(
  columns: readonly MatrixColumn[],
  row: MatrixRow | undefined,
): MatrixColumn[] {
  return columns.filter(
    column => isOnPromotionPath(column) || Boolean(row?.versions[column.name]),
  );
}
