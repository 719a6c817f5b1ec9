import { RE2JS } from 're2js';
import {
  compilePrometheusRegex,
  MAX_REGEX_PROGRAM_SIZE,
  scanPattern,
} from './regex';

describe('scanPattern', () => {
  it.each([
    'prod|staging',
    'course-.*',
    '(?i)critical|warning',
    '[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?',
    '(a|aa)+b',
    '(a{1,10}){1,10}b',
    '[a-z]{0,999}',
    '[a-z]{0,99}'.repeat(10),
    '(?:[a-z]{0,99}b)'.repeat(6),
    '(abc){3,}',
    '\\Qa.b{9}\\E+',
    '[]{}]{5}x\\{3}',
    '\\p{Greek}{100}',
  ])('estimates the RE2 program size of %s closely', pattern => {
    const real = RE2JS.compile(pattern).programSize();
    const { programSize } = scanPattern(pattern);
    expect(Math.abs(programSize - real)).toBeLessThanOrEqual(
      Math.max(3, real * 0.2),
    );
  });

  it('spots groups named with angle brackets, not lookarounds', () => {
    expect(scanPattern('(?<n>a)').angleNamedGroup).toBe(true);
    expect(scanPattern('(?P<n>a)').angleNamedGroup).toBe(false);
    expect(scanPattern('(?<=a)b|(?<!a)c').angleNamedGroup).toBe(false);
    expect(scanPattern('[(?<n>]\\(?<n>').angleNamedGroup).toBe(false);
  });
});

describe('compilePrometheusRegex', () => {
  it('matches anchored at both ends', () => {
    const compiled = compilePrometheusRegex('a|ab');
    expect(compiled.ok && compiled.regex.matches('ab')).toBe(true);
    expect(compiled.ok && compiled.regex.matches('abc')).toBe(false);
  });

  it('refuses a huge expansion without compiling it', () => {
    const compile = jest.spyOn(RE2JS, 'compile');
    const compiled = compilePrometheusRegex('[a-z]{0,999}'.repeat(80));
    expect(compiled).toEqual({
      ok: false,
      error: `too complex: it would compile to more than ${MAX_REGEX_PROGRAM_SIZE} instructions (shorten it, or use smaller repetition counts)`,
    });
    expect(compile).not.toHaveBeenCalled();
    compile.mockRestore();
  });

  it('refuses (?<name>...), which older Prometheus versions refuse', () => {
    expect(compilePrometheusRegex('(?<n>a)')).toMatchObject({
      ok: false,
      error: expect.stringContaining('(?P<name>...)'),
    });
    expect(compilePrometheusRegex('(?P<n>a)').ok).toBe(true);
  });
});
