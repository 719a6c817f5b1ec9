import { DateTime, Settings } from 'luxon';
import { formatDateTime, formatRelativeTime } from './format';

describe('formatRelativeTime', () => {
  const now = DateTime.fromISO('2025-11-10T12:00:00Z');

  it('says how long ago something was', () => {
    expect(formatRelativeTime('2025-11-10T09:00:00Z', now)).toBe('3 hours ago');
    expect(formatRelativeTime('2025-11-08T12:00:00Z', now)).toBe('2 days ago');
  });

  it('says how soon something will be', () => {
    expect(formatRelativeTime('2025-11-12T12:00:00Z', now)).toBe('in 2 days');
  });

  it('is relative to the present by default', () => {
    const twoHoursAgo = DateTime.now().minus({ hours: 2 }).toISO()!;
    expect(formatRelativeTime(twoHoursAgo)).toBe('2 hours ago');
  });

  it('shows what it got when that is not a timestamp', () => {
    expect(formatRelativeTime('not a date', now)).toBe('not a date');
  });
});

describe('formatDateTime', () => {
  const defaultZone = Settings.defaultZone;
  const defaultLocale = Settings.defaultLocale;

  beforeAll(() => {
    Settings.defaultZone = 'Europe/Berlin';
    Settings.defaultLocale = 'en-US';
  });

  afterAll(() => {
    Settings.defaultZone = defaultZone;
    Settings.defaultLocale = defaultLocale;
  });

  it('shows the full date and time in the local zone, with the zone', () => {
    expect(formatDateTime('2025-11-10T12:00:00Z')).toBe(
      'November 10, 2025 at 1:00 PM GMT+1',
    );
  });
});
