import {
  MASKED_SECRET_VALUE,
  MAX_CONFIG_VALUE_BYTES,
} from '@internal/plugin-environments-common';
import {
  configKeyError,
  configValueError,
  diffStatusLabel,
  displayedValue,
} from './config';

describe('configKeyError', () => {
  it('accepts environment-variable and dotted keys', () => {
    expect(configKeyError('DATABASE_URL', [])).toBeUndefined();
    expect(configKeyError('_private', [])).toBeUndefined();
    expect(configKeyError('feature.search-v2', [])).toBeUndefined();
  });

  it.each(['', '1ST', 'has space', 'x'.repeat(129), 'ünïcode'])(
    'rejects %p',
    key => {
      expect(configKeyError(key, [])).toBeDefined();
    },
  );

  it('sends existing keys to their edit dialog', () => {
    expect(configKeyError('LOG_LEVEL', ['LOG_LEVEL'])).toBe(
      'LOG_LEVEL is already set; edit it instead.',
    );
  });
});

describe('configValueError', () => {
  it('limits values by their UTF-8 size', () => {
    expect(
      configValueError('x'.repeat(MAX_CONFIG_VALUE_BYTES)),
    ).toBeUndefined();
    expect(configValueError('é'.repeat(MAX_CONFIG_VALUE_BYTES / 2 + 1))).toBe(
      'Values are limited to 32 KiB.',
    );
  });
});

describe('displayedValue', () => {
  it('masks secrets whatever value arrives', () => {
    expect(displayedValue({ value: 'hunter2', secret: true })).toBe(
      MASKED_SECRET_VALUE,
    );
    expect(displayedValue({ value: 'info', secret: false })).toBe('info');
  });
});

describe('diffStatusLabel', () => {
  it('names the environment a key is only in', () => {
    expect(diffStatusLabel('only-from', 'staging', 'production')).toBe(
      'Only in staging',
    );
    expect(diffStatusLabel('only-to', 'staging', 'production')).toBe(
      'Only in production',
    );
    expect(diffStatusLabel('different', 'staging', 'production')).toBe(
      'Different',
    );
  });

  it('says why a secret was not compared', () => {
    expect(diffStatusLabel('not_compared', 'staging', 'production')).toBe(
      'Secret — you cannot compare it',
    );
  });
});
