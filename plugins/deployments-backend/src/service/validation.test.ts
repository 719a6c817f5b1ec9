// Refused javascript: URLs are what these tests are about.
/* eslint-disable no-script-url */
import { DeploymentInput } from '@internal/plugin-deployments-common';
import { boundedJsonSize, validateDeploymentInput } from './validation';

const LIMITS = { maxDepth: 32, maxBytes: 16 * 1024 };

function input(overrides: Partial<DeploymentInput> = {}): DeploymentInput {
  return {
    entityRef: 'component:default/course-service',
    environment: 'production',
    version: '1.4.2',
    commitSha: 'a1b2c3d',
    status: 'succeeded',
    startedAt: '2026-01-10T10:00:00Z',
    source: 'ci',
    sourceId: 'run-1',
    ...overrides,
  };
}

/** An object nested `levels` deep, built without recursion. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < levels; i++) value = { next: value };
  return value;
}

describe('boundedJsonSize', () => {
  it.each<[string, unknown]>([
    ['an empty object', {}],
    ['an empty array', []],
    ['scalars', { a: 1, b: -2.5e-7, c: true, d: false, e: null, f: 'x' }],
    ['escapes', { 'quote"key': 'line\nbreak\t"quoted"\\', ctl: '\u0001' }],
    ['multi-byte text', { emoji: '🚀 déployé', rtl: '\u200fשלום' }],
    ['nested arrays', { a: [1, [2, [3, []]], { b: [] }] }],
    ['what JSON.stringify leaves out', { a: undefined, b: [undefined, 1] }],
    ['non-finite numbers', { a: Number.NaN, b: [Infinity] }],
    ['32 levels', nested(32)],
  ])('measures %s as JSON.stringify serializes it', (_, value) => {
    expect(boundedJsonSize(value, LIMITS)).toBe(
      Buffer.byteLength(JSON.stringify(value), 'utf8'),
    );
  });

  it('refuses more than maxDepth levels, however deep, without recursion', () => {
    expect(boundedJsonSize(nested(33), LIMITS)).toBe('too-deep');
    expect(boundedJsonSize(nested(20_000), LIMITS)).toBe('too-deep');
    let deepArray: unknown[] = [];
    for (let i = 0; i < 20_000; i++) deepArray = [deepArray];
    expect(boundedJsonSize({ list: deepArray }, LIMITS)).toBe('too-deep');
  });

  it('refuses more than maxBytes, stopping at the bound', () => {
    expect(boundedJsonSize({ log: 'x'.repeat(16 * 1024) }, LIMITS)).toBe(
      'too-large',
    );
    expect(boundedJsonSize(new Array(100_000).fill(0), LIMITS)).toBe(
      'too-large',
    );
    const wide = Object.fromEntries(
      Array.from({ length: 5_000 }, (_, i) => [`key-${i}`, i]),
    );
    expect(boundedJsonSize(wide, LIMITS)).toBe('too-large');
    // Exactly at the bound is allowed.
    const exact = { log: 'x'.repeat(16 * 1024 - 10) };
    expect(JSON.stringify(exact).length).toBe(16 * 1024);
    expect(boundedJsonSize(exact, LIMITS)).toBe(16 * 1024);
  });
});

describe('validateDeploymentInput', () => {
  it('names the field of metadata too deep, with its path in a batch', () => {
    expect(() =>
      validateDeploymentInput(input({ metadata: nested(20_000) }), 'items[7]'),
    ).toThrow('items[7].metadata: nested deeper than 32 levels');
  });

  it.each([
    [
      'javascript:alert(1)',
      'url: must be an http: or https: URL, not javascript:',
    ],
    ['data:text/html,hi', 'url: must be an http: or https: URL, not data:'],
    ['runs/1', 'url: must be an absolute http: or https: URL'],
    [
      'https://a:b@ci.example.com/runs/1',
      'url: must not contain credentials (user:password@)',
    ],
  ])('refuses the url %p', (url, message) => {
    expect(() => validateDeploymentInput(input({ url }))).toThrow(message);
  });

  it('keeps an http(s) url as given', () => {
    const url = 'https://ci.example.com/runs/1?attempt=2';
    expect(validateDeploymentInput(input({ url })).url).toBe(url);
  });
});
