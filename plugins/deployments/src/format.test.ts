import {
  formatDecimal,
  formatDuration,
  formatPercent,
  pluralize,
  secondsBetween,
  shortSha,
} from './format';

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [0.4, '0 s'],
    [45, '45 s'],
    [60, '1 min'],
    [252, '4 min 12 s'],
    [3_600, '1 h'],
    [3_900, '1 h 5 min'],
    [7_199, '1 h 59 min'],
    [86_400, '1 d'],
    [183_600, '2 d 3 h'],
    [183_659, '2 d 3 h'],
    [172_830, '2 d'],
  ])('formats %p seconds as %p', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });

  it('treats negative durations, from clock skew, as zero', () => {
    expect(formatDuration(-5)).toBe('0 s');
  });
});

describe('secondsBetween', () => {
  it('measures the time between two timestamps', () => {
    expect(secondsBetween('2025-11-10T10:00:00Z', '2025-11-10T10:04:12Z')).toBe(
      252,
    );
  });

  it('is undefined while the end is unknown', () => {
    expect(secondsBetween('2025-11-10T10:00:00Z', undefined)).toBeUndefined();
  });
});

describe('number formats', () => {
  it('formats ratios as percentages with at most one decimal', () => {
    expect(formatPercent(0.125)).toBe('12.5%');
    expect(formatPercent(0.1)).toBe('10%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(1 / 3)).toBe('33.3%');
  });

  it('formats decimals with at most one decimal', () => {
    expect(formatDecimal(3.46)).toBe('3.5');
    expect(formatDecimal(12)).toBe('12');
  });

  it('pluralizes counted nouns', () => {
    expect(pluralize(1, 'deployment')).toBe('1 deployment');
    expect(pluralize(0, 'deployment')).toBe('0 deployments');
    expect(pluralize(12, 'failure')).toBe('12 failures');
  });

  it('shortens commit hashes as git does', () => {
    expect(shortSha('4b825dc642cb6eb9a060e54bf8d69288fbee4904')).toBe(
      '4b825dc',
    );
  });
});
