import { describe, expect, it } from 'vitest';
import { readConfig } from './config.js';

describe('readConfig', () => {
  it('has defaults for everything', () => {
    expect(readConfig({})).toEqual({
      port: ${{ values.port }},
      logLevel: 'info',
      shutdownDelayMs: 5000,
    });
  });

  it('reads the environment', () => {
    expect(
      readConfig({ PORT: '9000', LOG_LEVEL: 'debug', SHUTDOWN_DELAY_SECONDS: '0' }),
    ).toEqual({ port: 9000, logLevel: 'debug', shutdownDelayMs: 0 });
  });

  it('refuses values it cannot use, naming the variable', () => {
    expect(() => readConfig({ PORT: 'http' })).toThrow(/^PORT must be an integer/);
    expect(() => readConfig({ PORT: '70000' })).toThrow(/^PORT must be an integer/);
    expect(() => readConfig({ LOG_LEVEL: 'loud' })).toThrow(/^LOG_LEVEL must be one of/);
  });
});
