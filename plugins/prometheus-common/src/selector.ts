/*
 * The label-selector grammar of the `prometheus.io/selector` annotation.
 *
 *   selector := matcher ( "," matcher )* [","]
 *   matcher  := label op value
 *   label    := [a-zA-Z_][a-zA-Z0-9_]*        (not starting with "__")
 *   op       := "=" | "!=" | "=~" | "!~"
 *   value    := '"' ( any char but '"', '\' or a newline | escape )* '"'
 *             | [a-zA-Z0-9_.:/-]+              (a bare value, for convenience)
 *   escape   := '\\' | '\"' | '\n' | '\t'
 *
 * with optional whitespace between tokens, at most
 * MAX_SELECTOR_MATCHERS matchers and MAX_SELECTOR_LENGTH characters, and at
 * least one `=` or `=~` matcher that does not match the empty string
 * (Prometheus refuses selectors that match every series). Regular
 * expressions are RE2, as in Prometheus, and must compile within the limits
 * of ./regex.ts; they are matched with RE2 too, in linear time.
 *
 * The backend never splices the annotation's text into PromQL: it parses it
 * with this grammar and writes the matchers back out with
 * formatPrometheusSelector, quoting and escaping every value.
 */

import {
  compilePrometheusRegex,
  MAX_REGEX_LENGTH,
  MAX_REGEX_PROGRAM_SIZE,
} from './regex';

export { MAX_REGEX_LENGTH, MAX_REGEX_PROGRAM_SIZE };

export type LabelMatcherOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  name: string;
  op: LabelMatcherOp;
  value: string;
}

export type ParsedSelector =
  | { ok: true; matchers: LabelMatcher[] }
  | { ok: false; error: string };

export const MAX_SELECTOR_LENGTH = 1024;
export const MAX_SELECTOR_MATCHERS = 16;

const LABEL_NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const BARE_VALUE = /[a-zA-Z0-9_.:/-]+/y;
const WHITESPACE = /\s*/y;
const ESCAPES: Record<string, string> = {
  '\\': '\\',
  '"': '"',
  n: '\n',
  t: '\t',
};

/**
 * Parses a label selector (see the grammar above). Returns every matcher or
 * the first problem, with its position.
 */
export function parsePrometheusSelector(raw: string): ParsedSelector {
  if (typeof raw !== 'string') {
    return { ok: false, error: 'the selector must be a string' };
  }
  if (raw.length > MAX_SELECTOR_LENGTH) {
    return {
      ok: false,
      error: `the selector is longer than ${MAX_SELECTOR_LENGTH} characters`,
    };
  }
  // Tolerate surrounding braces, as people copy selectors from PromQL.
  let input = raw.trim();
  if (input.startsWith('{') && input.endsWith('}')) {
    input = input.slice(1, -1);
  }
  let pos = 0;
  const fail = (what: string): ParsedSelector => ({
    ok: false,
    error: `${what} at position ${pos + 1} of the selector`,
  });
  const skipSpace = () => {
    WHITESPACE.lastIndex = pos;
    WHITESPACE.exec(input);
    pos = WHITESPACE.lastIndex;
  };
  const take = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = pos;
    const match = pattern.exec(input);
    if (!match) return undefined;
    pos = pattern.lastIndex;
    return match[0];
  };

  const matchers: LabelMatcher[] = [];
  // Whether some = or =~ matcher rules out series without the label.
  let selective = false;
  skipSpace();
  while (pos < input.length) {
    const name = take(LABEL_NAME);
    if (name === undefined) return fail('expected a label name');
    if (name.startsWith('__')) {
      return fail(`label ${name} is reserved`);
    }
    skipSpace();
    let op: LabelMatcherOp;
    if (input.startsWith('=~', pos)) op = '=~';
    else if (input.startsWith('!~', pos)) op = '!~';
    else if (input.startsWith('!=', pos)) op = '!=';
    else if (input.startsWith('=', pos)) op = '=';
    else return fail(`expected =, !=, =~ or !~ after ${name}`);
    pos += op.length;
    skipSpace();

    let value: string;
    if (input[pos] === '"') {
      pos++;
      value = '';
      for (;;) {
        const c = input[pos];
        if (c === undefined || c === '\n') {
          return fail('unterminated string');
        }
        pos++;
        if (c === '"') break;
        if (c === '\\') {
          const escaped = ESCAPES[input[pos]];
          if (escaped === undefined) {
            return fail('unknown escape (use \\\\, \\", \\n or \\t)');
          }
          value += escaped;
          pos++;
        } else {
          value += c;
        }
      }
    } else {
      const bare = take(BARE_VALUE);
      if (bare === undefined) {
        return fail(`expected a quoted value after ${name}${op}`);
      }
      value = bare;
    }
    let matchesEmpty = value === '';
    if (op === '=~' || op === '!~') {
      const compiled = compilePrometheusRegex(value);
      if (!compiled.ok) return fail(`${name}${op}: ${compiled.error}`);
      matchesEmpty = compiled.regex.matches('');
    }
    matchers.push({ name, op, value });
    if ((op === '=' || op === '=~') && !matchesEmpty) selective = true;
    if (matchers.length > MAX_SELECTOR_MATCHERS) {
      return fail(`more than ${MAX_SELECTOR_MATCHERS} matchers`);
    }

    skipSpace();
    if (pos >= input.length) break;
    if (input[pos] !== ',') return fail('expected a comma');
    pos++;
    skipSpace();
  }
  if (matchers.length === 0) {
    return { ok: false, error: 'the selector has no label matchers' };
  }
  if (!selective) {
    return {
      ok: false,
      error:
        'the selector needs at least one = or =~ matcher that does not match the empty string',
    };
  }
  return { ok: true, matchers };
}

/** Quotes a label value as a PromQL string. */
export function quotePromqlString(value: string): string {
  return `"${value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t')}"`;
}

/**
 * Writes matchers as PromQL label matchers without braces, every value
 * quoted: `app="course-service", namespace=~"prod|staging"`.
 */
export function formatPrometheusSelector(matchers: LabelMatcher[]): string {
  return matchers
    .map(m => `${m.name}${m.op}${quotePromqlString(m.value)}`)
    .join(', ');
}

/** Whether a label set satisfies a selector. */
export type SelectorMatcher = (labels: Record<string, string>) => boolean;

/**
 * Compiles matchers into a test of label sets (e.g. alerts' labels), which
 * decides as Prometheus does: a missing label is the empty string; regular
 * expressions are RE2, anchored at both ends, matched in linear time.
 * Compile once to test many label sets. Throws for a regular expression
 * that parsePrometheusSelector would have refused.
 */
export function createSelectorMatcher(
  matchers: LabelMatcher[],
): SelectorMatcher {
  const tests = matchers.map((m): ((actual: string) => boolean) => {
    switch (m.op) {
      case '=':
        return actual => actual === m.value;
      case '!=':
        return actual => actual !== m.value;
      case '=~':
      case '!~': {
        const compiled = compilePrometheusRegex(m.value);
        if (!compiled.ok) {
          throw new Error(`${m.name}${m.op}: ${compiled.error}`);
        }
        const { regex } = compiled;
        return m.op === '=~'
          ? actual => regex.matches(actual)
          : actual => !regex.matches(actual);
      }
      default:
        return () => false;
    }
  });
  return labels => matchers.every((m, i) => tests[i](labels[m.name] ?? ''));
}

/**
 * Whether a label set satisfies every matcher (see createSelectorMatcher,
 * which is cheaper for many label sets).
 */
export function matchesSelector(
  matchers: LabelMatcher[],
  labels: Record<string, string>,
): boolean {
  return createSelectorMatcher(matchers)(labels);
}
