import { InputError } from '@backstage/errors';
import { DeploymentCursor } from '../database/DeploymentStore';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The opaque `nextCursor` of a page: base64url JSON of its last item's key. */
export function encodeCursor(cursor: DeploymentCursor): string {
  const json = JSON.stringify({
    startedAt: cursor.startedAt.toISOString(),
    id: cursor.id,
  });
  return Buffer.from(json, 'utf8').toString('base64url');
}

/** Reads a cursor back; anything this API did not hand out is a 400. */
export function decodeCursor(value: string): DeploymentCursor {
  const invalid = new InputError('cursor: not a cursor this API returned');
  let parsed: { startedAt?: unknown; id?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  const { startedAt, id } = parsed ?? {};
  // The id is compared with a uuid column; anything else would fail in SQL.
  if (
    typeof startedAt !== 'string' ||
    typeof id !== 'string' ||
    !UUID.test(id)
  ) {
    throw invalid;
  }
  const date = new Date(startedAt);
  if (Number.isNaN(date.getTime())) {
    throw invalid;
  }
  return { startedAt: date, id };
}
