import { InputError } from '@backstage/errors';

/*
 * Search input is reduced to words before it reaches either database's query
 * syntax, so no user input is ever parsed as tsquery or FTS5 operators.
 */

/** More words narrow the result without changing it much; cap the work. */
const MAX_TERMS = 8;

/**
 * The words of a search (letters and digits), lowercased. Every word must
 * occur in a course, as a prefix of one of its words.
 */
export function searchTerms(search: string): string[] {
  const words = search.toLocaleLowerCase('en-US').match(/[\p{L}\p{N}]+/gu);
  if (!words) {
    throw new InputError('search: must contain a letter or digit');
  }
  return [...new Set(words)].slice(0, MAX_TERMS);
}

/** A PostgreSQL tsquery matching every term as a prefix: `argo:* & deploy:*`. */
export function toTsQuery(terms: string[]): string {
  return terms.map(term => `${term}:*`).join(' & ');
}

/** An FTS5 query matching every term as a prefix: `"argo"* "deploy"*`. */
export function toFts5Query(terms: string[]): string {
  return terms.map(term => `"${term}"*`).join(' ');
}
