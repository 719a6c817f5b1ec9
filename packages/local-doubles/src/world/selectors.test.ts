import {
  parseFieldSelector,
  parseLabelSelector,
  SelectorParseError,
} from './selectors';

const labels = {
  app: 'course-service',
  tier: 'backend',
  'backstage.io/kubernetes-id': 'course-service',
};

describe('parseLabelSelector', () => {
  it.each([
    ['', true],
    ['backstage.io/kubernetes-id=course-service', true],
    ['backstage.io/kubernetes-id==course-service', true],
    ['backstage.io/kubernetes-id=user-service', false],
    ['app=course-service,tier=backend', true],
    ['app=course-service,tier=frontend', false],
    ['tier!=frontend', true],
    ['missing!=x', true],
    ['tier in (backend, worker)', true],
    ['tier notin (backend,worker)', false],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
  ])('%j matches: %s', (selector, expected) => {
    expect(parseLabelSelector(selector)(labels)).toBe(expected);
  });

  it('treats absent labels as an empty set', () => {
    expect(parseLabelSelector('app=x')(undefined)).toBe(false);
    expect(parseLabelSelector('!app')(undefined)).toBe(true);
  });

  it.each(['app=a=b', 'app in a', '=value', 'app=,', 'tier in (a b)'])(
    'rejects %j like the API server',
    selector => {
      expect(() => parseLabelSelector(selector)).toThrow(SelectorParseError);
      expect(() => parseLabelSelector(selector)).toThrow(
        /^unable to parse requirement/,
      );
    },
  );
});

describe('parseFieldSelector', () => {
  const event = {
    involvedObject: { name: 'pod-a', kind: 'Pod' },
    type: 'Warning',
  };

  it('compares dotted paths', () => {
    expect(parseFieldSelector('involvedObject.name=pod-a')(event)).toBe(true);
    expect(parseFieldSelector('involvedObject.name=pod-b')(event)).toBe(false);
    expect(
      parseFieldSelector('involvedObject.kind=Pod,type!=Normal')(event),
    ).toBe(true);
  });

  it('rejects requirements without an operator', () => {
    expect(() => parseFieldSelector('involvedObject.name')).toThrow(
      SelectorParseError,
    );
  });
});
