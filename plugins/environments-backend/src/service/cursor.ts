import { InputError } from '@backstage/errors';
import { AuditCursor } from '../database/EnvironmentStore';
import { isUuid } from './validation';

/** The opaque `nextCursor` of an audit page: base64url JSON of its last item's key. */
export function encodeCursor(cursor: AuditCursor): string {
  const json = JSON.stringify({
    createdAt: cursor.createdAt.toISOString(),
    id: cursor.id,
  });
  return Buffer.from(json, 'utf8').toString('base64url');
}

/** Reads a cursor back; anything this API did not hand out is a 400. */
export function decodeCursor(value: string): AuditCursor {
  const invalid = new InputError('cursor: not a cursor this API returned');
  let parsed: { createdAt?: unknown; id?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  const { createdAt, id } = parsed ?? {};
  // The id is compared with a uuid column; anything else would fail in SQL.
  if (typeof createdAt !== 'string' || typeof id !== 'string' || !isUuid(id)) {
    throw invalid;
  }
  const date = new Date(createdAt);
  if (Number.isNaN(date.getTime())) {
    throw invalid;
  }
  return { createdAt: date, id };
}
