import { formatDuration, formatPercent, humanize } from './format';

describe('formatDuration', () => {
  it.each([
    [45, '45 min'],
    [60, '1 h'],
    [90, '1 h 30 min'],
    [120, '2 h'],
  ])('%i minutes are "%s"', (minutes, text) => {
    expect(formatDuration(minutes)).toBe(text);
  });
});

describe('formatPercent', () => {
  it('rounds to whole percent', () => {
    expect(formatPercent(1 / 3)).toBe('33%');
    expect(formatPercent(2 / 3)).toBe('67%');
  });

  it('keeps within 0% and 100%', () => {
    expect(formatPercent(-0.1)).toBe('0%');
    expect(formatPercent(1.2)).toBe('100%');
  });
});

describe('humanize', () => {
  it('turns a slug into a label', () => {
    expect(humanize('continuous-delivery')).toBe('Continuous delivery');
  });
});
