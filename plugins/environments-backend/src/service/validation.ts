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
  MAX_CONFIG_VALUE_BYTES,
  MAX_PREVIEW_TTL,
  MIN_PREVIEW_TTL,
} from '@internal/plugin-environments-common';
import { DateTime, Duration } from 'luxon';

/*
 * The checks the OpenAPI schema cannot express. Each throws an InputError
 * whose message starts with the offending field, e.g. "ttl: ...".
 */

const entityNames = makeValidator();

const MIN_TTL = Duration.fromISO(MIN_PREVIEW_TTL);
const MAX_TTL = Duration.fromISO(MAX_PREVIEW_TTL);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A preview's name: a DNS label (RFC 1123), which is also a valid entity name. */
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Catalog refs are case-insensitive; the plugin stores them lowercased. */
export function normalizeEntityRef(ref: CompoundEntityRef | Entity): string {
  return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
}

/** A Component ref (a bare name is one), normalized. */
export function parseComponentRef(value: string, field: string): string {
  return parseRefOfKind(value, field, ['component']);
}

/** A group ref (a bare name is one), normalized. */
export function parseGroupRef(value: string, field: string): string {
  return parseRefOfKind(value, field, ['group']);
}

/** A group or user ref (a bare name is a group), normalized. */
export function parseOwnerRef(value: string, field: string): string {
  return parseRefOfKind(value, field, ['group', 'user']);
}

export function parsePreviewName(value: string, field: string): string {
  if (!DNS_LABEL.test(value)) {
    throw new InputError(
      `${field}: "${value}" is not a DNS label (lowercase letters, digits and '-', at most 63, starting and ending with a letter or digit)`,
    );
  }
  return value;
}

/**
 * An ISO 8601 duration in days, hours, minutes or seconds (weeks too), in
 * milliseconds. Months and years are refused: their length depends on the
 * date, which a time to live should not.
 */
export function parseDuration(value: string, field: string): Duration {
  const duration = Duration.fromISO(value);
  if (!duration.isValid) {
    throw new InputError(
      `${field}: "${value}" is not an ISO 8601 duration such as PT72H or P3D`,
    );
  }
  if (duration.years || duration.quarters || duration.months) {
    throw new InputError(
      `${field}: use weeks, days, hours or minutes, not months or years`,
    );
  }
  if (duration.toMillis() <= 0) {
    throw new InputError(`${field}: must be positive`);
  }
  return duration;
}

/** A preview's time to live: between PT1H and P30D. */
export function parseTtl(value: string, field = 'ttl'): Duration {
  const ttl = parseDuration(value, field);
  if (ttl.toMillis() < MIN_TTL.toMillis()) {
    throw new InputError(
      `${field}: must be at least ${MIN_PREVIEW_TTL} (1 hour)`,
    );
  }
  if (ttl.toMillis() > MAX_TTL.toMillis()) {
    throw new InputError(
      `${field}: must be at most ${MAX_PREVIEW_TTL} (30 days)`,
    );
  }
  return ttl;
}

/**
 * The new expiry of a preview extended by `ttl`: its current expiry (or
 * now, if that passed) plus `ttl`, at most P30D from now.
 */
export function extendedExpiry(
  expiresAt: Date,
  ttlValue: string,
  now: Date,
): Date {
  const ttl = parseDuration(ttlValue, 'ttl');
  if (ttl.toMillis() < MIN_TTL.toMillis()) {
    throw new InputError(`ttl: must be at least ${MIN_PREVIEW_TTL} (1 hour)`);
  }
  const from = Math.max(expiresAt.getTime(), now.getTime());
  const extended = new Date(from + ttl.toMillis());
  if (extended.getTime() - now.getTime() > MAX_TTL.toMillis()) {
    throw new InputError(
      `ttl: the preview would expire at ${extended.toISOString()}, more than ${MAX_PREVIEW_TTL} (30 days) from now`,
    );
  }
  return extended;
}

/** An ISO 8601 timestamp that names a real instant (no February 30th). */
export function parseTimestamp(value: string, field: string): Date {
  const parsed = DateTime.fromISO(value, { setZone: true });
  if (!parsed.isValid) {
    throw new InputError(`${field}: "${value}" is not a valid date-time`);
  }
  return parsed.toJSDate();
}

export function parseFutureTimestamp(
  value: string,
  field: string,
  now: Date,
): Date {
  const date = parseTimestamp(value, field);
  if (date <= now) {
    throw new InputError(`${field}: must be in the future`);
  }
  return date;
}

export function assertConfigValueSize(value: string, field = 'value') {
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > MAX_CONFIG_VALUE_BYTES) {
    throw new InputError(
      `${field}: ${bytes} bytes, more than the ${MAX_CONFIG_VALUE_BYTES} allowed`,
    );
  }
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
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
