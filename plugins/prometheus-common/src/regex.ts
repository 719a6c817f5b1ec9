/*
 * The regular expressions of `=~` / `!~` label matchers, compiled with
 * re2js: Google's RE2 (Go's `regexp`, the dialect Prometheus uses) in
 * JavaScript, which matches in time linear in the input. JavaScript's own
 * RegExp backtracks, so a pattern such as `(a+)+$` from an entity
 * annotation could block the backend's event loop for minutes.
 *
 * Linear is not yet cheap: matching costs up to (program size x input
 * length), and compiling expands counted repetitions (`[a-z]{0,999}` eighty
 * times is 160,000 instructions, half a second to compile and seconds per
 * match). So a pattern is also refused when it would compile to more than
 * MAX_REGEX_PROGRAM_SIZE instructions, estimated before compiling.
 */
import { RE2JS } from 're2js';

/** The longest pattern accepted, in characters. */
export const MAX_REGEX_LENGTH = 1024;

/**
 * The most RE2 instructions a pattern may compile to: about one per
 * character of literal text, so alternatives (`prod|staging|...`) as long as
 * a whole selector fit; counted repetitions count expanded (`[a-z]{0,99}`
 * is 200). Measured worst case at this size: ~50 ms to match a
 * 1,000-character value, ~20 ms for 100 characters.
 */
export const MAX_REGEX_PROGRAM_SIZE = 1200;

/** A compiled pattern, matched as Prometheus does: anchored at both ends. */
export interface PrometheusRegex {
  /** Whether the whole of `value` matches. */
  matches(value: string): boolean;
}

export type CompiledRegex =
  | { ok: true; regex: PrometheusRegex }
  | { ok: false; error: string };

/**
 * Compiles a label-matcher pattern, or says why not. Prometheus anchors
 * patterns as `^(?:pattern)$`; the pattern is compiled on its own (so
 * `a)|(b` is refused rather than escaping the anchors) and matched anchored
 * at both ends. Like Prometheus 2, `.` does not match a newline.
 */
export function compilePrometheusRegex(pattern: string): CompiledRegex {
  if (pattern.length > MAX_REGEX_LENGTH) {
    return {
      ok: false,
      error: `longer than ${MAX_REGEX_LENGTH} characters`,
    };
  }
  const tooComplex = {
    ok: false as const,
    error: `too complex: it would compile to more than ${MAX_REGEX_PROGRAM_SIZE} instructions (shorten it, or use smaller repetition counts)`,
  };
  const scan = scanPattern(pattern);
  if (scan.programSize > MAX_REGEX_PROGRAM_SIZE) {
    return tooComplex;
  }
  if (scan.angleNamedGroup) {
    // RE2JS (like Go 1.22+) accepts it; Prometheus built with older Go
    // (e.g. Debian's 2.42) refuses it with bad_data.
    return {
      ok: false,
      error:
        'not a valid regular expression (name groups as (?P<name>...); older Prometheus versions refuse (?<name>...))',
    };
  }
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(pattern);
  } catch (error) {
    const message = String((error as Error)?.message ?? error).replace(
      /^error parsing regexp: /,
      '',
    );
    return { ok: false, error: `not a valid regular expression (${message})` };
  }
  if (regex.programSize() > MAX_REGEX_PROGRAM_SIZE) {
    return tooComplex;
  }
  return { ok: true, regex: { matches: value => regex.testExact(value) } };
}

/**
 * A light scan of RE2 syntax, before compiling: an estimate of the size of
 * the RE2 program, by RE2's own size formula (`calcSize` of its parser)
 * without expanding anything, and whether a group is named `(?<name>...)`.
 * The estimate only has to be close: the compiled program's real size is
 * checked afterwards; this keeps huge expansions from being compiled at
 * all. Patterns RE2 rejects may get any estimate.
 */
export function scanPattern(pattern: string): {
  programSize: number;
  angleNamedGroup: boolean;
} {
  let angleNamedGroup = false;
  interface Frame {
    /** Completed alternatives, with one split per `|`. */
    done: number;
    /** The alternative being read. */
    concat: number;
    /** The size of its last atom: what a repetition operator repeats. */
    last: number;
    capture: boolean;
  }
  const newFrame = (capture: boolean): Frame => ({
    done: 0,
    concat: 0,
    last: 0,
    capture,
  });
  const sizeOf = (frame: Frame) => {
    const inner = frame.done + frame.concat;
    return Math.max(1, frame.capture ? inner + 2 : inner);
  };
  const stack: Frame[] = [newFrame(false)];
  let top = stack[0];
  const atom = (size: number) => {
    top.concat += size;
    top.last = size;
  };
  // Replaces the last atom (size `sub`) with its repetition.
  const repeat = (size: (sub: number) => number) => {
    const sub = top.last;
    top.concat += size(sub) - sub;
    top.last = 0;
  };
  const REPEAT = /\{(\d{1,7})(,(\d{0,7}))?\}/y;

  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    switch (c) {
      case '\\': {
        const next = pattern[i + 1];
        if (next === 'Q') {
          // \Q...\E: literal text, one instruction per character.
          const end = pattern.indexOf('\\E', i + 2);
          const stop = end < 0 ? pattern.length : end;
          for (let j = i + 2; j < stop; j++) atom(1);
          i = end < 0 ? pattern.length : end + 2;
          continue;
        }
        if (
          (next === 'p' || next === 'P' || next === 'x') &&
          pattern[i + 2] === '{'
        ) {
          const end = pattern.indexOf('}', i + 3);
          i = end < 0 ? pattern.length : end + 1;
        } else {
          i += 2;
        }
        atom(1);
        continue;
      }
      case '[': {
        // A character class is one instruction, however long.
        let j = i + 1;
        if (pattern[j] === '^') j++;
        if (pattern[j] === ']') j++;
        while (j < pattern.length && pattern[j] !== ']') {
          if (pattern[j] === '\\') j += 2;
          else if (pattern.startsWith('[:', j)) {
            const end = pattern.indexOf(':]', j + 2);
            j = end < 0 ? j + 1 : end + 2;
          } else j++;
        }
        i = j + 1;
        atom(1);
        continue;
      }
      case '(': {
        const flagsOnly = /\(\?[imsU-]*\)/y;
        flagsOnly.lastIndex = i;
        if (flagsOnly.test(pattern)) {
          i = flagsOnly.lastIndex;
          continue;
        }
        const angle =
          pattern.startsWith('(?<', i) &&
          pattern[i + 3] !== '=' &&
          pattern[i + 3] !== '!';
        if (angle) angleNamedGroup = true;
        const capture =
          pattern[i + 1] !== '?' || pattern.startsWith('(?P<', i) || angle;
        top = newFrame(capture);
        stack.push(top);
        i++;
        continue;
      }
      case ')': {
        if (stack.length > 1) {
          const size = sizeOf(stack.pop()!);
          top = stack[stack.length - 1];
          atom(size);
        }
        i++;
        continue;
      }
      case '|':
        top.done += top.concat + 1;
        top.concat = 0;
        top.last = 0;
        i++;
        continue;
      case '*':
        repeat(sub => sub + 2);
        i += pattern[i + 1] === '?' ? 2 : 1;
        continue;
      case '+':
      case '?':
        repeat(sub => sub + 1);
        i += pattern[i + 1] === '?' ? 2 : 1;
        continue;
      case '{': {
        REPEAT.lastIndex = i;
        const m = REPEAT.exec(pattern);
        if (!m) break; // a literal brace
        const min = Number(m[1]);
        // {n} is n; {n,} is unbounded (-1); {n,m} is m.
        let max = min;
        if (m[2] !== undefined) max = m[3] ? Number(m[3]) : -1;
        repeat(sub => {
          if (max === -1) return min === 0 ? sub + 2 : 1 + min * sub;
          return max * sub + Math.max(0, max - min);
        });
        i = REPEAT.lastIndex + (pattern[REPEAT.lastIndex] === '?' ? 1 : 0);
        continue;
      }
      default:
        break;
    }
    atom(1);
    i++;
  }
  // Unclosed groups (RE2 refuses them anyway) count as closed.
  while (stack.length > 1) {
    const size = sizeOf(stack.pop()!);
    top = stack[stack.length - 1];
    atom(size);
  }
  return { programSize: sizeOf(stack[0]), angleNamedGroup };
}
