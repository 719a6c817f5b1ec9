import { Settings } from 'luxon';
import {
  addDuration,
  formatFreezeWindow,
  isoToLocalInput,
  localInputToIso,
} from './format';

describe('format', () => {
  const defaultZone = Settings.defaultZone;

  beforeAll(() => {
    Settings.defaultZone = 'Europe/Berlin';
  });

  afterAll(() => {
    Settings.defaultZone = defaultZone;
  });

  it('extends an expiry by an ISO 8601 duration', () => {
    expect(addDuration('2025-11-10T12:00:00Z', 'PT72H')).toBe(
      '2025-11-13T12:00:00.000Z',
    );
    expect(addDuration('2025-11-10T12:00:00Z', 'P7D')).toBe(
      '2025-11-17T12:00:00.000Z',
    );
  });

  it('describes a weekly freeze window in its own zone', () => {
    expect(
      formatFreezeWindow({
        start: { day: 'friday', time: '18:00' },
        end: { day: 'monday', time: '06:00' },
        timeZone: 'America/New_York',
      }),
    ).toBe('Friday 18:00 – Monday 06:00 (America/New_York)');
  });

  it('converts datetime-local values from and to the browser zone', () => {
    expect(localInputToIso('2025-12-24T18:30')).toBe(
      '2025-12-24T17:30:00.000Z',
    );
    expect(isoToLocalInput('2025-12-24T17:30:00.000Z')).toBe(
      '2025-12-24T18:30',
    );
    expect(localInputToIso('')).toBeUndefined();
    expect(localInputToIso('2025-12-')).toBeUndefined();
  });
});
