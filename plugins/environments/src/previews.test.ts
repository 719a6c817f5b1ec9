import { previewNameError } from './previews';

describe('previewNameError', () => {
  it('accepts DNS labels', () => {
    expect(previewNameError('pr-482', [])).toBeUndefined();
    expect(previewNameError('a', [])).toBeUndefined();
    expect(previewNameError('x'.repeat(63), [])).toBeUndefined();
  });

  it.each([
    ['', /^Enter a name\.$/],
    ['PR-482', /lowercase letters/],
    ['pr_482', /lowercase letters/],
    ['-pr', /starting and ending/],
    ['pr-', /starting and ending/],
    ['x'.repeat(64), /^Use at most 63 characters\.$/],
  ])('rejects %p', (name, message) => {
    expect(previewNameError(name, [])).toMatch(message);
  });

  it('rejects the name of an existing environment', () => {
    expect(previewNameError('staging', ['development', 'staging'])).toBe(
      'An environment named staging already exists.',
    );
  });
});
