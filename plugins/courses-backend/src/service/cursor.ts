import { InputError } from '@backstage/errors';
import { isCourseId } from '@internal/plugin-courses-common';
import { CourseCursor } from '../database/CourseCatalogStore';

/** The opaque `nextCursor` of a list page: base64url JSON of its last key. */
export function encodeCursor(cursor: CourseCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/**
 * Reads a cursor back. It must be one this API handed out for the same kind
 * of list (ranked search results or the title-sorted catalog); anything
 * else is a 400.
 */
export function decodeCursor(
  value: string,
  kind: CourseCursor['kind'],
): CourseCursor {
  const invalid = new InputError(
    'cursor: not a cursor this API returned for this query',
  );
  let parsed: Partial<Record<string, unknown>>;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (!parsed || parsed.kind !== kind || !isCourseId(parsed.id)) {
    throw invalid;
  }
  if (kind === 'rank' && Number.isSafeInteger(parsed.rank)) {
    return { kind, rank: parsed.rank as number, id: parsed.id };
  }
  if (kind === 'title' && typeof parsed.sortTitle === 'string') {
    return { kind, sortTitle: parsed.sortTitle, id: parsed.id };
  }
  throw invalid;
}
