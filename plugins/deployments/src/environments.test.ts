import { compareEnvironments, sortEnvironments } from './environments';

describe('sortEnvironments', () => {
  it('puts the standard environments first, in promotion order', () => {
    expect(
      sortEnvironments([
        'sandbox',
        'production',
        'development',
        'qa',
        'staging',
        'production',
      ]),
    ).toEqual(['development', 'staging', 'production', 'qa', 'sandbox']);
  });

  it('sorts other environments alphabetically among themselves', () => {
    expect(compareEnvironments('perf', 'demo')).toBeGreaterThan(0);
    expect(compareEnvironments('production', 'demo')).toBeLessThan(0);
  });
});
