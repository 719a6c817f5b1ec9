import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  FreezeWindowSpec,
  WEEKDAYS,
  Weekday,
  WeeklyTime,
} from '@internal/plugin-environments-common';
import { DateTime, IANAZone } from 'luxon';

const TIME = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;

/** One occurrence of a recurring window: the instants it starts and ends. */
export interface FreezeWindowOccurrence {
  start: Date;
  end: Date;
}

/**
 * The occurrence of a weekly window in force at instant `at`, or undefined
 * when the window is not in force then.
 *
 * Times are wall-clock times in the window's time zone, so a window keeps
 * its local hours across daylight saving changes (a week containing a
 * change is an hour shorter or longer). A start or end that falls into a
 * spring-forward gap moves forward by the gap (02:30 becomes 03:30); one
 * that occurs twice on a fall-back night means the first of the two. The
 * end is the first one after the start, so a window may span the week's end
 * (Friday 16:00 to Monday 08:00); start and end on the same weekday with an
 * earlier end time span almost the whole week.
 */
export function occurrenceAt(
  window: Pick<FreezeWindowSpec, 'timeZone' | 'start' | 'end'>,
  at: Date,
): FreezeWindowOccurrence | undefined {
  const now = DateTime.fromJSDate(at, { zone: window.timeZone });
  // The latest start at or before `at`: this week's, or last week's.
  let start = inWeekOf(now, window.start);
  if (start > now) {
    start = inWeekOf(now.minus({ weeks: 1 }), window.start);
  }
  let end = inWeekOf(start, window.end);
  if (end <= start) {
    end = inWeekOf(start.plus({ weeks: 1 }), window.end);
  }
  return now < end
    ? { start: start.toJSDate(), end: end.toJSDate() }
    : undefined;
}

/** The instant of `when` in the ISO week (Monday to Sunday) of `reference`. */
function inWeekOf(reference: DateTime, when: WeeklyTime): DateTime {
  const [, hour, minute] = TIME.exec(when.time)!.map(Number);
  const day = reference
    .startOf('week')
    .plus({ days: WEEKDAYS.indexOf(when.day) });
  // Built from calendar fields, so luxon resolves gaps and overlaps itself.
  return DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour, minute },
    { zone: reference.zone },
  );
}

/**
 * Checks a window from the API or app-config; throws an InputError naming
 * the field (prefixed with `path`, e.g. `environments.freezeWindows[2]`).
 */
export function validateFreezeWindowSpec(
  spec: FreezeWindowSpec,
  path?: string,
): FreezeWindowSpec {
  const field = (name: string) => (path ? `${path}.${name}` : name);
  if (!IANAZone.isValidZone(spec.timeZone)) {
    throw new InputError(
      `${field('timeZone')}: "${spec.timeZone}" is not an IANA time zone`,
    );
  }
  for (const side of ['start', 'end'] as const) {
    const { day, time } = spec[side];
    if (!WEEKDAYS.includes(day)) {
      throw new InputError(
        `${field(`${side}.day`)}: must be one of ${WEEKDAYS.join(', ')}`,
      );
    }
    if (!TIME.test(time)) {
      throw new InputError(`${field(`${side}.time`)}: must be HH:mm (24-hour)`);
    }
  }
  if (spec.start.day === spec.end.day && spec.start.time === spec.end.time) {
    throw new InputError(`${field('end')}: must differ from start`);
  }
  if (!spec.reason.trim()) {
    throw new InputError(`${field('reason')}: must not be empty`);
  }
  return spec;
}

const CONFIG_KEY = 'environments.freezeWindows';

/**
 * The windows of `environments.freezeWindows`, checked at startup so that a
 * typo fails the backend rather than silently not freezing. Each gets the id
 * `config:<index>`.
 */
export function readConfigFreezeWindows(
  config: Config,
): Array<FreezeWindowSpec & { id: string }> {
  return (config.getOptionalConfigArray(CONFIG_KEY) ?? []).map(
    (window, index) => {
      const path = `${CONFIG_KEY}[${index}]`;
      const weekly = (side: 'start' | 'end'): WeeklyTime => ({
        day: window
          .getString(`${side}.day`)
          .toLocaleLowerCase('en-US') as Weekday,
        time: window.getString(`${side}.time`),
      });
      try {
        return {
          id: `config:${index}`,
          ...validateFreezeWindowSpec(
            {
              environment: window
                .getString('environment')
                .toLocaleLowerCase('en-US'),
              reason: window.getString('reason'),
              timeZone: window.getString('timeZone'),
              start: weekly('start'),
              end: weekly('end'),
            },
            path,
          ),
        };
      } catch (error) {
        throw new Error(`Invalid ${(error as Error).message}`);
      }
    },
  );
}
