import { ConfigReader } from '@backstage/config';
import { FreezeWindowSpec } from '@internal/plugin-environments-common';
import {
  occurrenceAt,
  readConfigFreezeWindows,
  validateFreezeWindowSpec,
} from './freezeWindows';

function window(overrides: Partial<FreezeWindowSpec> = {}): FreezeWindowSpec {
  return {
    environment: 'production',
    reason: 'Weekend freeze',
    timeZone: 'Europe/Berlin',
    start: { day: 'friday', time: '16:00' },
    end: { day: 'monday', time: '08:00' },
    ...overrides,
  };
}

const active = (spec: FreezeWindowSpec, at: string) =>
  occurrenceAt(spec, new Date(at)) !== undefined;

describe('occurrenceAt', () => {
  // January: Berlin is UTC+1. 2026-01-09 is a Friday.
  it.each([
    ['Friday 15:59 local', '2026-01-09T14:59:00Z', false],
    ['Friday 16:00 local (start is inclusive)', '2026-01-09T15:00:00Z', true],
    ['Saturday noon', '2026-01-10T11:00:00Z', true],
    ['Sunday just before midnight', '2026-01-11T22:59:59Z', true],
    ['Monday just after midnight (week wrap)', '2026-01-11T23:00:01Z', true],
    ['Monday 07:59 local', '2026-01-12T06:59:00Z', true],
    ['Monday 08:00 local (end is exclusive)', '2026-01-12T07:00:00Z', false],
    ['Wednesday', '2026-01-14T12:00:00Z', false],
  ])('a Friday-to-Monday window at %s: %p', (_, at, expected) => {
    expect(active(window(), at)).toBe(expected);
  });

  it('returns the instants the occurrence starts and ends', () => {
    expect(occurrenceAt(window(), new Date('2026-01-10T11:00:00Z'))).toEqual({
      start: new Date('2026-01-09T15:00:00Z'),
      end: new Date('2026-01-12T07:00:00Z'),
    });
  });

  it('handles a window across midnight within a week', () => {
    const nightly = window({
      start: { day: 'tuesday', time: '22:00' },
      end: { day: 'wednesday', time: '02:00' },
    });
    // 2026-01-13 is a Tuesday.
    expect(active(nightly, '2026-01-13T20:59:00Z')).toBe(false);
    expect(active(nightly, '2026-01-13T21:00:00Z')).toBe(true);
    expect(active(nightly, '2026-01-14T00:30:00Z')).toBe(true);
    expect(active(nightly, '2026-01-14T01:00:00Z')).toBe(false);
  });

  it('handles a window from Sunday night into Monday', () => {
    const sundayNight = window({
      start: { day: 'sunday', time: '22:00' },
      end: { day: 'monday', time: '06:00' },
    });
    expect(active(sundayNight, '2026-01-11T21:30:00Z')).toBe(true); // Sun 22:30
    expect(active(sundayNight, '2026-01-12T02:00:00Z')).toBe(true); // Mon 03:00
    expect(active(sundayNight, '2026-01-12T05:00:00Z')).toBe(false); // Mon 06:00
  });

  it('reads an end earlier in the week than the start as almost a full week', () => {
    const longFreeze = window({
      start: { day: 'monday', time: '10:00' },
      end: { day: 'monday', time: '09:00' },
    });
    expect(active(longFreeze, '2026-01-12T08:30:00Z')).toBe(false); // Mon 09:30
    expect(active(longFreeze, '2026-01-16T12:00:00Z')).toBe(true); // Fri
    expect(active(longFreeze, '2026-01-19T07:59:00Z')).toBe(true); // next Mon 08:59
  });

  it('keeps local hours across the spring-forward change (Berlin, 2026-03-29)', () => {
    // Before the change Berlin is UTC+1, after it UTC+2.
    const spec = window();
    // Friday 2026-03-27 16:00 CET = 15:00Z.
    expect(active(spec, '2026-03-27T14:59:00Z')).toBe(false);
    expect(active(spec, '2026-03-27T15:00:00Z')).toBe(true);
    // Monday 2026-03-30 08:00 CEST = 06:00Z, not 07:00Z.
    expect(active(spec, '2026-03-30T05:59:00Z')).toBe(true);
    expect(active(spec, '2026-03-30T06:00:00Z')).toBe(false);
    expect(occurrenceAt(spec, new Date('2026-03-28T12:00:00Z'))).toEqual({
      start: new Date('2026-03-27T15:00:00Z'),
      end: new Date('2026-03-30T06:00:00Z'),
    });
  });

  it('keeps local hours across the fall-back change (Berlin, 2026-10-25)', () => {
    const spec = window();
    // Friday 2026-10-23 16:00 CEST = 14:00Z; Monday 2026-10-26 08:00 CET = 07:00Z.
    expect(active(spec, '2026-10-23T13:59:00Z')).toBe(false);
    expect(active(spec, '2026-10-23T14:00:00Z')).toBe(true);
    expect(active(spec, '2026-10-26T06:59:00Z')).toBe(true);
    expect(active(spec, '2026-10-26T07:00:00Z')).toBe(false);
  });

  it('moves a start inside the spring-forward gap to after the gap', () => {
    const gap = window({
      start: { day: 'sunday', time: '02:30' },
      end: { day: 'sunday', time: '05:00' },
    });
    // 02:30 does not exist on 2026-03-29 in Berlin; it becomes 03:30 CEST = 01:30Z.
    expect(active(gap, '2026-03-29T01:29:00Z')).toBe(false);
    expect(active(gap, '2026-03-29T01:30:00Z')).toBe(true);
    // 05:00 CEST = 03:00Z.
    expect(active(gap, '2026-03-29T02:59:00Z')).toBe(true);
    expect(active(gap, '2026-03-29T03:00:00Z')).toBe(false);
  });

  it('evaluates the window in its own time zone', () => {
    const newYork = window({ timeZone: 'America/New_York' });
    const tokyo = window({ timeZone: 'Asia/Tokyo' });
    // Friday 2026-01-09 16:30Z: 11:30 in New York, Saturday 01:30 in Tokyo.
    expect(active(newYork, '2026-01-09T16:30:00Z')).toBe(false);
    expect(active(tokyo, '2026-01-09T16:30:00Z')).toBe(true);
    // Monday 2026-01-12 05:00Z: Monday 00:00 in New York, 14:00 in Tokyo.
    expect(active(newYork, '2026-01-12T05:00:00Z')).toBe(true);
    expect(active(tokyo, '2026-01-12T05:00:00Z')).toBe(false);
  });

  it('handles New York, whose DST starts on another date than Berlin', () => {
    // 2026-03-08: New York springs forward; Monday 2026-03-09 08:00 EDT = 12:00Z.
    const newYork = window({ timeZone: 'America/New_York' });
    expect(active(newYork, '2026-03-09T11:59:00Z')).toBe(true);
    expect(active(newYork, '2026-03-09T12:00:00Z')).toBe(false);
  });
});

describe('validateFreezeWindowSpec', () => {
  it.each([
    [
      { timeZone: 'Mars/Olympus' },
      /^timeZone: "Mars\/Olympus" is not an IANA time zone$/,
    ],
    [{ start: { day: 'friday', time: '24:00' } }, /^start.time: must be HH:mm/],
    [{ end: { day: 'funday', time: '08:00' } }, /^end.day: must be one of/],
    [
      {
        start: { day: 'monday', time: '08:00' },
        end: { day: 'monday', time: '08:00' },
      },
      /^end: must differ from start$/,
    ],
    [{ reason: '  ' }, /^reason: must not be empty$/],
  ] as Array<[Partial<FreezeWindowSpec>, RegExp]>)(
    'rejects %p',
    (overrides, message) => {
      expect(() => validateFreezeWindowSpec(window(overrides))).toThrow(
        message,
      );
    },
  );
});

describe('readConfigFreezeWindows', () => {
  it('reads windows with config ids, normalizing days and names', () => {
    const config = new ConfigReader({
      environments: {
        freezeWindows: [
          {
            environment: 'Production',
            reason: 'Weekend freeze',
            timeZone: 'Europe/Berlin',
            start: { day: 'Friday', time: '16:00' },
            end: { day: 'monday', time: '08:00' },
          },
        ],
      },
    });
    expect(readConfigFreezeWindows(config)).toEqual([
      { id: 'config:0', ...window() },
    ]);
  });

  it('fails on an invalid window, naming it', () => {
    const config = new ConfigReader({
      environments: {
        freezeWindows: [
          {
            environment: 'production',
            reason: 'Weekend freeze',
            timeZone: 'Nowhere',
            start: { day: 'friday', time: '16:00' },
            end: { day: 'monday', time: '08:00' },
          },
        ],
      },
    });
    expect(() => readConfigFreezeWindows(config)).toThrow(
      /^Invalid environments.freezeWindows\[0\].timeZone/,
    );
  });
});
