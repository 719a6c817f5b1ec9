import {
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
