import {
  createSelectorMatcher,
  formatPrometheusSelector,
  matchesSelector,
  parsePrometheusSelector,
} from './selector';
import { getPrometheusSelectorAnnotation } from './annotations';
import { isSignalRange } from './types';

function parse(text: string) {
  const parsed = parsePrometheusSelector(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.matchers;
}

describe('parsePrometheusSelector', () => {
  it.each([
    ['app="course-service"', 'app="course-service"'],
    ['app=course-service', 'app="course-service"'],
    ['{app="a"}', 'app="a"'],
    [
      ' app = "a" ,namespace=~"prod|staging", code!~"5..",env!="dev", ',
      'app="a", namespace=~"prod|staging", code!~"5..", env!="dev"',
    ],
    ['app="say \\"hi\\" \\\\ there"', 'app="say \\"hi\\" \\\\ there"'],
    ['job=~"course-.*"', 'job=~"course-.*"'],
    ['path="/api/v1:8080"', 'path="/api/v1:8080"'],
  ])('accepts %s', (input, normalized) => {
    expect(formatPrometheusSelector(parse(input))).toBe(normalized);
  });

  it('unescapes quoted values', () => {
    expect(parse('app="a\\"b\\\\c"')).toEqual([
      { name: 'app', op: '=', value: 'a"b\\c' },
    ]);
  });

  it.each([
    ['', /no label matchers/],
    ['   ', /no label matchers/],
    ['app', /expected =, !=, =~ or !~ after app/],
    ['app=="a"', /expected a quoted value/],
    ['app="a"} or vector(1) or {x="', /expected a comma/],
    ['app="a"}[5m]) or up{', /expected a comma/],
    ['app="a" or up', /expected a comma/],
    ['app="a"; drop', /expected a comma/],
    ['app="a', /unterminated string/],
    ['app="a\nb"', /unterminated string/],
    ['app="\\x41"', /unknown escape/],
    ['app=a b', /expected a comma/],
    ['app=a)', /expected a comma/],
    ['1app="a"', /expected a label name/],
    ['__name__="up"', /reserved/],
    ['app="a",,b="c"', /expected a label name/],
    ['app=~"("', /not a valid regular expression/],
    ['app!="a"', /at least one = or =~ matcher/],
    ['app=""', /at least one = or =~ matcher/],
    [`app="a"${', x="y"'.repeat(16)}`, /more than 16 matchers/],
    [`app="${'a'.repeat(1100)}"`, /longer than 1024/],
  ])('rejects %j', (input, error) => {
    const parsed = parsePrometheusSelector(input);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(error);
  });

  it('never lets a value break out of its quotes', () => {
    const matchers = [
      { name: 'app', op: '=' as const, value: 'a"}) or up{x="' },
    ];
    const text = formatPrometheusSelector(matchers);
    expect(text).toBe('app="a\\"}) or up{x=\\""');
    expect(parse(text)).toEqual(matchers);
  });
});

describe('matchesSelector', () => {
  const matchers = parse(
    'app="course-service", severity=~"critical|warning", env!="dev", team!~"x.*"',
  );

  it('matches like Prometheus: anchored regexes, missing labels are empty', () => {
    expect(
      matchesSelector(matchers, { app: 'course-service', severity: 'warning' }),
    ).toBe(true);
    expect(
      matchesSelector(matchers, {
        app: 'course-service',
        severity: 'critical-ish',
      }),
    ).toBe(false);
    expect(
      matchesSelector(matchers, {
        app: 'course-service',
        severity: 'critical',
        env: 'dev',
      }),
    ).toBe(false);
    expect(
      matchesSelector(matchers, {
        app: 'course-service',
        severity: 'critical',
        team: 'xyz',
      }),
    ).toBe(false);
    expect(matchesSelector(matchers, { severity: 'critical' })).toBe(false);
  });
});

describe('regular expressions: RE2, as Prometheus', () => {
  it.each([
    // Exponential for a backtracking engine (JavaScript's RegExp, PCRE).
    ['(a+)+$', `${'a'.repeat(50_000)}!`],
    ['(a|aa)+b', 'a'.repeat(50_000)],
    ['(a|a?)+b', 'a'.repeat(50_000)],
    // Nested quantifiers.
    ['((a*)*)*b', 'a'.repeat(50_000)],
    ['(a{1,10}){1,10}b', 'a'.repeat(50_000)],
    ['(.*a){20}b', 'a'.repeat(50_000)],
  ])(
    'matches the catastrophic pattern %s against a long value in linear time',
    (pattern, value) => {
      const matchers = parse(`app="x", path=~"${pattern}"`);
      const labels = { app: 'x', path: value };

      const started = performance.now();
      const matched = matchesSelector(matchers, labels);
      const elapsed = performance.now() - started;

      expect(matched).toBe(false);
      expect(elapsed).toBeLessThan(100);
    },
  );

  it('speaks RE2 like Prometheus: flags, Perl and Unicode classes', () => {
    const matchers = parse(
      'severity=~"(?i)critical|warning", code=~"5\\\\d\\\\d", team=~"\\\\pL+"',
    );
    expect(
      matchesSelector(matchers, {
        severity: 'CRITICAL',
        code: '503',
        team: 'ä',
      }),
    ).toBe(true);
    expect(
      matchesSelector(matchers, {
        severity: 'warning',
        code: '5xx',
        team: 'a',
      }),
    ).toBe(false);
  });

  it('anchors patterns at both ends, also across alternatives', () => {
    const matchers = parse('severity=~"crit|warn"');
    expect(matchesSelector(matchers, { severity: 'crit' })).toBe(true);
    expect(matchesSelector(matchers, { severity: 'critical' })).toBe(false);
    expect(matchesSelector(matchers, { severity: 'prewarn' })).toBe(false);
  });

  it.each([
    // JavaScript-only syntax, which Prometheus refuses.
    [
      'app=~"(?=a)a"',
      /app=~: not a valid regular expression \(invalid or unsupported Perl syntax/,
    ],
    [
      'app=~"(a)\\\\1"',
      /app=~: not a valid regular expression \(invalid escape sequence/,
    ],
    [
      'app!~"a{1001}", b="c"',
      /app!~: not a valid regular expression \(invalid repeat count/,
    ],
    // Go before 1.22, so older Prometheus versions, refuse it.
    [
      'app=~"(?<n>a)"',
      /app=~: not a valid regular expression \(name groups as \(\?P<name>/,
    ],
    // Would escape the anchors of ^(?:...)$.
    ['app=~"x)|(.*"', /app=~: not a valid regular expression \(unexpected \)/],
    // Linear, but with a program big enough to cost seconds per match.
    [`app=~"${'[a-z]{0,999}'.repeat(80)}"`, /app=~: too complex/],
    [`app=~"${'[a-z]{0,99}'.repeat(7)}"`, /app=~: too complex/],
    // Selects every series, like an empty value.
    [
      'app=~".*"',
      /at least one = or =~ matcher that does not match the empty string/,
    ],
    [
      'app=~"a|", b!="c"',
      /at least one = or =~ matcher that does not match the empty string/,
    ],
  ])('refuses %j', (input, error) => {
    const parsed = parsePrometheusSelector(input);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(error);
  });

  it('accepts the largest patterns within the limits', () => {
    // Distinct names share no prefix: about one instruction per character.
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const names = Array.from(
      { length: 200 },
      (_, i) =>
        `${letters[i % 26]}${letters[(i * 7) % 26]}${(i * 7919) % 10007}`,
    );
    const text = `app=~"${names.join('|')}"`.slice(0, 1020);
    const selector = `${text.slice(0, text.lastIndexOf('|'))}"`;
    expect(selector.length).toBeGreaterThan(1000);
    expect(parsePrometheusSelector(selector).ok).toBe(true);
    expect(
      parsePrometheusSelector(`app=~"${'[a-z]{1,99}'.repeat(5)}"`).ok,
    ).toBe(true);
  });

  it('compiles each pattern once for many label sets', () => {
    const matches = createSelectorMatcher(
      parse('app=~"course-.*", env!~"dev|test"'),
    );
    expect(matches({ app: 'course-service', env: 'prod' })).toBe(true);
    expect(matches({ app: 'course-service', env: 'dev' })).toBe(false);
    expect(matches({ app: 'quiz-service' })).toBe(false);
  });

  it('refuses matchers that were not parsed: invalid or over-long patterns', () => {
    expect(() =>
      createSelectorMatcher([{ name: 'app', op: '=~', value: '(' }]),
    ).toThrow(/app=~: not a valid regular expression/);
    expect(() =>
      createSelectorMatcher([
        { name: 'app', op: '!~', value: 'a'.repeat(1025) },
      ]),
    ).toThrow(/app!~: longer than 1024 characters/);
  });
});

describe('annotations and ranges', () => {
  it('reads a non-blank selector annotation', () => {
    const entity = (annotations?: Record<string, string>) => ({
      metadata: { annotations },
    });
    expect(
      getPrometheusSelectorAnnotation(
        entity({ 'prometheus.io/selector': 'app="a"' }),
      ),
    ).toBe('app="a"');
    expect(
      getPrometheusSelectorAnnotation(
        entity({ 'prometheus.io/selector': ' ' }),
      ),
    ).toBeUndefined();
    expect(getPrometheusSelectorAnnotation(entity())).toBeUndefined();
  });

  it('knows the ranges', () => {
    expect(isSignalRange('7d')).toBe(true);
    expect(isSignalRange('30d')).toBe(false);
  });
});
