import { dateOutOfRange, InvalidScheduleInput, ScheduleErrorCode } from '../schedule-errors';
import { type TimeZone } from '../time/time-zone';
import { inCalendar } from '@siaran/core';
import { DAY_MS, dayOfWall, formatWallTime, timeOfDayOfWall, weekdayOfDay } from '../time/wall-time';
import { formatRecurrenceRule, type RecurrenceRule, WEEKDAYS } from './recurrence-rule';
import { ruleDays } from './rule-days';

/** The Gregorian calendar's weekday pattern repeats every 28 years (1901-2099): 10,227 days, 336 months. */
export const CALENDAR_CYCLE_DAYS = 10_227;
const CALENDAR_CYCLE_MONTHS = 336;
const SEARCH_CHUNK_DAYS = 400;

/**
 * When a schedule entry airs, in wall-clock time: its first start, its rule (none for a
 * single airing) and its last start (null while the series has no end). COUNT and UNTIL
 * are turned into the last start once, when the entry is written.
 */
export class Series {
  private readonly startDay: number;
  private readonly timeOfDay: number;

  constructor(
    readonly startWall: number,
    readonly rule: RecurrenceRule | null,
    readonly lastStartWall: number | null,
  ) {
    this.startDay = dayOfWall(startWall);
    this.timeOfDay = timeOfDayOfWall(startWall);
  }

  get isRecurring(): boolean {
    return this.rule !== null;
  }

  /** Wall-time starts of the occurrences on the days [fromDay, toDay], ascending. */
  startsOnDays(fromDay: number, toDay: number): number[] {
    const lastDay = this.lastStartWall === null ? toDay : Math.min(toDay, dayOfWall(this.lastStartWall));
    if (!this.rule) return this.startDay >= fromDay && this.startDay <= lastDay ? [this.startWall] : [];
    return ruleDays(this.rule, this.startDay, fromDay, lastDay).map((day) => day * DAY_MS + this.timeOfDay);
  }

  hasStartAt(wall: number): boolean {
    const day = dayOfWall(wall);
    return this.startsOnDays(day, day).includes(wall);
  }

  /**
   * Days after which the series' wall-clock pattern repeats (0 for a single airing): what
   * makes checking two endless series over a bounded window exact. Patterns tied to months
   * repeat with the calendar, whose weekdays repeat every 28 years (in 1901-2099).
   */
  periodDays(): number {
    const rule = this.rule;
    if (!rule) return 0;
    if (rule.freq === 'MONTHLY')
      return CALENDAR_CYCLE_DAYS * (lcm(rule.interval, CALENDAR_CYCLE_MONTHS) / CALENDAR_CYCLE_MONTHS);
    const days = rule.freq === 'WEEKLY' ? 7 * rule.interval : rule.byDay.length ? lcm(rule.interval, 7) : rule.interval;
    return rule.byMonth.length || rule.byMonthDay.length ? lcm(days, CALENDAR_CYCLE_DAYS) : days;
  }

  describeRule(): string | null {
    return this.rule ? formatRecurrenceRule(this.rule) : null;
  }
}

export function lcm(a: number, b: number): number {
  const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
  return (a / gcd(a, b)) * b;
}

/**
 * Builds the series of an entry as written: checks that the start is an occurrence of the
 * rule and resolves COUNT or UNTIL (a date, a wall time, or a UTC instant read in the
 * channel's zone) into the last start.
 */
export function seriesOf(startWall: number, rule: RecurrenceRule | null, zone: TimeZone): Series {
  if (!rule) return new Series(startWall, null, startWall);
  const open = new Series(startWall, rule, null);
  if (!open.hasStartAt(startWall)) {
    const weekday = WEEKDAYS[weekdayOfDay(dayOfWall(startWall))];
    throw new InvalidScheduleInput(
      ScheduleErrorCode.StartNotInRecurrence,
      `The start ${formatWallTime(startWall)} (${weekday}) is not a day of ${formatRecurrenceRule(rule)}; start the series on its first occurrence`,
    );
  }
  if (rule.count !== null) return new Series(startWall, rule, nthStart(open, rule.count));
  if (rule.until) {
    const untilWall =
      rule.until.kind === 'date'
        ? (rule.until.day + 1) * DAY_MS - 1000
        : rule.until.kind === 'local'
          ? rule.until.wall
          : zone.toWall(rule.until.instant);
    if (untilWall < startWall) {
      throw new InvalidScheduleInput(
        ScheduleErrorCode.UntilBeforeStart,
        `UNTIL (${formatWallTime(untilWall)}) is before the start (${formatWallTime(startWall)})`,
      );
    }
    return new Series(startWall, rule, lastStartUpTo(open, untilWall));
  }
  return open;
}

function nthStart(series: Series, count: number): number {
  let seen = 0;
  for (let from = dayOfWall(series.startWall); inCalendar(from * DAY_MS); from += SEARCH_CHUNK_DAYS) {
    const starts = series.startsOnDays(from, from + SEARCH_CHUNK_DAYS - 1);
    if (seen + starts.length >= count) {
      const nth = starts[count - seen - 1];
      if (inCalendar(nth)) return nth;
      break;
    }
    seen += starts.length;
  }
  throw dateOutOfRange(`The last occurrence of COUNT=${count}`, { field: 'recurrence' });
}

function lastStartUpTo(series: Series, untilWall: number): number {
  const startDay = dayOfWall(series.startWall);
  for (let to = dayOfWall(untilWall); to >= startDay; to -= SEARCH_CHUNK_DAYS) {
    const starts = series
      .startsOnDays(Math.max(startDay, to - SEARCH_CHUNK_DAYS + 1), to)
      .filter((wall) => wall <= untilWall);
    if (starts.length) return starts[starts.length - 1];
  }
  return series.startWall;
}
