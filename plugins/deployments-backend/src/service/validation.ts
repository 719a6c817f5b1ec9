import {
  CompoundEntityRef,
  DEFAULT_NAMESPACE,
  Entity,
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { assertError, InputError } from '@backstage/errors';
import {
  DeploymentInput,
  httpUrlProblem,
  MAX_DEPLOYMENT_METADATA_BYTES,
  MAX_DEPLOYMENT_METADATA_DEPTH,
} from '@internal/plugin-deployments-common';
import { DateTime, Duration } from 'luxon';
import { DoraWindow } from './dora';

/*
 * The checks the OpenAPI schema cannot express. Each throws an InputError
 * whose message starts with the offending field, e.g. "items[3].entityRef".
 */

const DEFAULT_DORA_WINDOW = Duration.fromObject({ days: 90 });
const MAX_DORA_WINDOW = Duration.fromObject({ years: 2 });

const entityNames = makeValidator();

/** A Component ref (a bare name is one), normalized. */
export function parseComponentRef(value: string, field: string): string {
  return parseRefOfKind(value, field, ['component']);
}

/** A group or user ref (a bare name is a group), normalized. */
function parseOwnerRef(value: string, field: string): string {
  return parseRefOfKind(value, field, ['group', 'user']);
}

/** The entity or owner a query is about, each normalized when given. */
export function parseEntityScope(query: {
  entityRef?: string;
  owner?: string;
}): { entityRef?: string; owner?: string } {
  return {
    ...(query.entityRef !== undefined && {
      entityRef: parseComponentRef(query.entityRef, 'entityRef'),
    }),
    ...(query.owner !== undefined && {
      owner: parseOwnerRef(query.owner, 'owner'),
    }),
  };
}

/** An ISO 8601 timestamp that names a real instant (no February 30th). */
function parseTimestamp(value: string, field: string): Date {
  const parsed = DateTime.fromISO(value, { setZone: true });
  if (!parsed.isValid) {
    throw new InputError(`${field}: "${value}" is not a valid date-time`);
  }
  return parsed.toJSDate();
}

export function parseOptionalTimestamp(
  value: string | undefined,
  field: string,
): Date | undefined {
  return value === undefined ? undefined : parseTimestamp(value, field);
}

/**
 * Checks one event of a POST and returns it normalized: a lowercase entity
 * ref and UTC timestamps. `path` prefixes field names, e.g. "items[3]".
 */
export function validateDeploymentInput<T extends DeploymentInput>(
  input: T,
  path?: string,
): T {
  const field = (name: keyof DeploymentInput) =>
    path ? `${path}.${name}` : name;

  const entityRef = parseComponentRef(input.entityRef, field('entityRef'));
  const startedAt = parseTimestamp(input.startedAt, field('startedAt'));
  const finishedAt = parseOptionalTimestamp(
    input.finishedAt,
    field('finishedAt'),
  );
  const commitTime = parseOptionalTimestamp(
    input.commitTime,
    field('commitTime'),
  );
  if (finishedAt && finishedAt < startedAt) {
    throw new InputError(
      `${field('finishedAt')}: must not be before startedAt`,
    );
  }
  if (input.url !== undefined) {
    const problem = httpUrlProblem(input.url);
    if (problem) {
      throw new InputError(`${field('url')}: ${problem}`);
    }
  }
  if (input.metadata !== undefined) {
    const size = boundedJsonSize(input.metadata, {
      maxDepth: MAX_DEPLOYMENT_METADATA_DEPTH,
      maxBytes: MAX_DEPLOYMENT_METADATA_BYTES,
    });
    if (size === 'too-deep') {
      throw new InputError(
        `${field(
          'metadata',
        )}: nested deeper than ${MAX_DEPLOYMENT_METADATA_DEPTH} levels`,
      );
    }
    if (size === 'too-large') {
      throw new InputError(
        `${field(
          'metadata',
        )}: more than the ${MAX_DEPLOYMENT_METADATA_BYTES} bytes allowed, serialized as JSON`,
      );
    }
  }
  return {
    ...input,
    entityRef,
    startedAt: startedAt.toISOString(),
    ...(finishedAt && { finishedAt: finishedAt.toISOString() }),
    ...(commitTime && { commitTime: commitTime.toISOString() }),
  };
}

/**
 * The size of `value` serialized as JSON (what JSON.stringify makes of it),
 * or why it is out of bounds: nesting objects and arrays deeper than
 * `maxDepth`, or more than `maxBytes`. Walks with a stack of its own and
 * stops at the first bound it passes, so neither a value nested 20,000
 * levels deep nor a huge one costs more than the bound: JSON.stringify
 * would overflow the call stack on the first.
 */
export function boundedJsonSize(
  value: unknown,
  limits: { maxDepth: number; maxBytes: number },
): number | 'too-deep' | 'too-large' {
  const pending: Array<{ value: unknown; depth: number }> = [
    { value, depth: 0 },
  ];
  let bytes = 0;
  const add = (count: number) => {
    bytes += count;
    return bytes > limits.maxBytes;
  };
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (next.value === null || typeof next.value !== 'object') {
      if (add(primitiveJsonSize(next.value))) return 'too-large';
      continue;
    }
    const depth = next.depth + 1;
    if (depth > limits.maxDepth) return 'too-deep';
    if (Array.isArray(next.value)) {
      // Brackets and commas; JSON.stringify writes a skipped item as null.
      if (add(2 + Math.max(0, next.value.length - 1))) return 'too-large';
      for (const item of next.value) {
        pending.push({ value: isSkipped(item) ? null : item, depth });
      }
      continue;
    }
    const object = next.value as Record<string, unknown>;
    if (add(2)) return 'too-large';
    let separator = 0;
    for (const key of Object.keys(object)) {
      const item = object[key];
      if (isSkipped(item)) continue;
      // A comma before all but the first, the quoted key and its colon.
      const keyBytes = Buffer.byteLength(JSON.stringify(key), 'utf8');
      if (add(separator + keyBytes + 1)) return 'too-large';
      separator = 1;
      pending.push({ value: item, depth });
    }
  }
  return bytes;
}

/** Left out of an object by JSON.stringify (null in an array). */
function isSkipped(value: unknown): boolean {
  return (
    value === undefined ||
    typeof value === 'function' ||
    typeof value === 'symbol'
  );
}

function primitiveJsonSize(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return Buffer.byteLength(JSON.stringify(value), 'utf8');
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value).length : 4;
    case 'boolean':
      return value ? 4 : 5;
    default:
      // null, and what JSON cannot carry (undefined in an array is null)
      return 4;
  }
}

/**
 * The window of a DORA query: the last 90 days by default, ending `now`
 * unless `to` is given; at most two years long.
 */
export function parseDoraWindow(
  query: { from?: string; to?: string },
  now: Date,
): DoraWindow {
  const to = DateTime.fromJSDate(parseOptionalTimestamp(query.to, 'to') ?? now);
  const givenFrom = parseOptionalTimestamp(query.from, 'from');
  const from = givenFrom
    ? DateTime.fromJSDate(givenFrom)
    : to.minus(DEFAULT_DORA_WINDOW);
  if (from >= to) {
    throw new InputError('from: must be before to');
  }
  if (from < to.minus(MAX_DORA_WINDOW)) {
    throw new InputError('from, to: the window may span at most 2 years');
  }
  return { from: from.toJSDate(), to: to.toJSDate() };
}

function parseRefOfKind(
  value: string,
  field: string,
  kinds: [string, ...string[]],
): string {
  let ref;
  try {
    ref = parseEntityRef(value, {
      defaultKind: kinds[0],
      defaultNamespace: DEFAULT_NAMESPACE,
    });
  } catch (error) {
    assertError(error);
    throw new InputError(`${field}: ${error.message}`);
  }
  if (
    !entityNames.isValidNamespace(ref.namespace) ||
    !entityNames.isValidEntityName(ref.name)
  ) {
    throw new InputError(`${field}: "${value}" is not a valid entity ref`);
  }
  const kind = ref.kind.toLocaleLowerCase('en-US');
  if (!kinds.includes(kind)) {
    throw new InputError(
      `${field}: must refer to a ${kinds.join(' or ')}, not a ${kind}`,
    );
  }
  return normalizeEntityRef(ref);
}

/** Catalog refs are case-insensitive; deployments store them lowercased. */
export function normalizeEntityRef(ref: CompoundEntityRef | Entity): string {
  return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
}
