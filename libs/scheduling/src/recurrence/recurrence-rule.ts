import { dateOutOfRange, InvalidScheduleInput, ScheduleErrorCode } from '../schedule-errors';
import { FIRST_YEAR, LAST_YEAR } from '@siaran/core';
import { DAY_MS, daysFromCivil, HOUR_MS, MINUTE_MS } from '../time/wall-time';

export type Frequency = 'DAILY' | 'WEEKLY' | 'MONTHLY';

export interface WeekdayRule {
  /** 0 = Monday … 6 = Sunday */
  weekday: number;
  /** `2` in 2FR (second Friday), `-1` in -1SU (last Sunday); null for every such weekday. */
  ordinal: number | null;
}

/** UNTIL as written: a date (the whole day counts), a wall time in the channel's zone, or a UTC instant. */
export type Until = { kind: 'date'; day: number } | { kind: 'local'; wall: number } | { kind: 'utc'; instant: number };

/** The part of RFC 5545 recurrence rules Siaran supports (see `parseRecurrenceRule`). */
export interface RecurrenceRule {
  freq: Frequency;
  interval: number;
  byDay: WeekdayRule[];
  byMonthDay: number[];
  byMonth: number[];
  bySetPos: number[];
  /** Week start for WEEKLY with INTERVAL > 1; 0 = Monday (the default). */
  wkst: number;
  until: Until | null;
  count: number | null;
}

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export const MAX_INTERVAL: Record<Frequency, number> = { DAILY: 366, WEEKLY: 52, MONTHLY: 12 };
export const MAX_COUNT = 5000;

const SUPPORTED_PARTS = ['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'BYMONTH', 'BYSETPOS', 'WKST', 'UNTIL', 'COUNT'];
const TIME_OF_DAY_PARTS = ['BYSECOND', 'BYMINUTE', 'BYHOUR'];
const RFC_ONLY_PARTS = [...TIME_OF_DAY_PARTS, 'BYYEARDAY', 'BYWEEKNO'];
const RFC_ONLY_FREQUENCIES = ['SECONDLY', 'MINUTELY', 'HOURLY', 'YEARLY'];

const invalid = (message: string) =>
  new InvalidScheduleInput(ScheduleErrorCode.InvalidRrule, `Invalid recurrence rule: ${message}`);
const unsupported = (message: string) =>
  new InvalidScheduleInput(
    ScheduleErrorCode.UnsupportedRrule,
    `Unsupported recurrence rule: ${message}. Supported: FREQ=DAILY, WEEKLY or MONTHLY with INTERVAL, BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS (monthly), WKST, and UNTIL or COUNT`,
  );

function integer(text: string, part: string): number {
  if (!/^[+-]?\d{1,6}$/.test(text)) throw invalid(`${part}=${text} is not a whole number`);
  return Number(text);
}

function integerList(text: string, part: string, min: number, max: number, allowNegative: boolean): number[] {
  return text.split(',').map((item) => {
    const value = integer(item, part);
    if (value === 0 || Math.abs(value) < min || Math.abs(value) > max || (!allowNegative && value < 0))
      throw invalid(`${part} value ${item} is out of range`);
    return value;
  });
}

function weekday(text: string, part: string): number {
  const index = WEEKDAYS.indexOf(text as (typeof WEEKDAYS)[number]);
  if (index < 0) throw invalid(`${part} has an unknown weekday ${text}`);
  return index;
}

function parseUntil(text: string): Until {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(text);
  if (!match)
    throw invalid(`UNTIL=${text} is not a date (20261231) or date-time (20261231T235959 or 20261231T165959Z)`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < FIRST_YEAR || year > LAST_YEAR) throw dateOutOfRange(`UNTIL=${text}`, { field: 'recurrence' });
  const days = daysFromCivil(year, month, day);
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - daysFromCivil(year, month, 1) < day
  ) {
    throw invalid(`UNTIL=${text} is not a calendar date`);
  }
  if (match[4] === undefined) return { kind: 'date', day: days };
  const [hour, minute, second] = [Number(match[4]), Number(match[5]), Number(match[6])];
  if (hour > 23 || minute > 59 || second > 59) throw invalid(`UNTIL=${text} is not a time of day`);
  const wall = days * DAY_MS + hour * HOUR_MS + minute * MINUTE_MS + second * 1000;
  return match[7] ? { kind: 'utc', instant: wall } : { kind: 'local', wall };
}

/**
 * Parses an RFC 5545 RRULE value (with or without the `RRULE:` prefix). INVALID_RRULE
 * when it breaks RFC 5545; UNSUPPORTED_RRULE when it is valid but outside what Siaran
 * schedules: the time of day always comes from the entry's start, so HOURLY and the
 * BYHOUR/BYMINUTE/BYSECOND parts are out, and so are YEARLY, BYYEARDAY and BYWEEKNO.
 */
export function parseRecurrenceRule(text: string): RecurrenceRule {
  const body = text
    .trim()
    .toUpperCase()
    .replace(/^RRULE:/, '');
  if (!body) throw invalid('it is empty');
  const parts = new Map<string, string>();
  for (const part of body.split(';')) {
    const match = /^([A-Z]+)=([^=;]+)$/.exec(part);
    if (!match) throw invalid(`"${part}" is not NAME=VALUE`);
    const [, name, value] = match;
    if (parts.has(name)) throw invalid(`${name} appears twice`);
    if (name === 'DTSTART') throw invalid('DTSTART does not belong in the rule; the entry has its own start');
    if (RFC_ONLY_PARTS.includes(name))
      throw unsupported(TIME_OF_DAY_PARTS.includes(name) ? `${name} (the time of day comes from the start)` : name);
    if (!SUPPORTED_PARTS.includes(name)) throw invalid(`unknown part ${name}`);
    parts.set(name, value);
  }

  const freqText = parts.get('FREQ');
  if (!freqText) throw invalid('FREQ is required');
  if (RFC_ONLY_FREQUENCIES.includes(freqText)) throw unsupported(`FREQ=${freqText}`);
  if (!['DAILY', 'WEEKLY', 'MONTHLY'].includes(freqText)) throw invalid(`FREQ=${freqText} is not a frequency`);
  const freq = freqText as Frequency;

  const interval = parts.has('INTERVAL') ? integer(parts.get('INTERVAL') as string, 'INTERVAL') : 1;
  if (interval < 1) throw invalid('INTERVAL must be 1 or more');
  if (interval > MAX_INTERVAL[freq]) throw unsupported(`INTERVAL above ${MAX_INTERVAL[freq]} with FREQ=${freq}`);

  const byDay = (parts.get('BYDAY')?.split(',') ?? []).map((item): WeekdayRule => {
    const match = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(item);
    if (!match) throw invalid(`BYDAY value ${item} is not a weekday such as MO, 2FR or -1SU`);
    const ordinal = match[1] === undefined ? null : integer(match[1], 'BYDAY');
    if (ordinal !== null) {
      if (freq !== 'MONTHLY') throw invalid(`BYDAY=${item}: a numbered weekday needs FREQ=MONTHLY`);
      if (ordinal === 0 || Math.abs(ordinal) > 5) throw invalid(`BYDAY=${item}: a month has at most 5 of each weekday`);
    }
    return { weekday: weekday(match[2], 'BYDAY'), ordinal };
  });
  const byMonthDay = parts.has('BYMONTHDAY')
    ? integerList(parts.get('BYMONTHDAY') as string, 'BYMONTHDAY', 1, 31, true)
    : [];
  if (byMonthDay.length && freq === 'WEEKLY') throw invalid('BYMONTHDAY cannot be used with FREQ=WEEKLY');
  const byMonth = parts.has('BYMONTH') ? integerList(parts.get('BYMONTH') as string, 'BYMONTH', 1, 12, false) : [];
  const bySetPos = parts.has('BYSETPOS') ? integerList(parts.get('BYSETPOS') as string, 'BYSETPOS', 1, 31, true) : [];
  if (bySetPos.length) {
    if (freq !== 'MONTHLY') throw unsupported(`BYSETPOS with FREQ=${freq}`);
    if (!byDay.length && !byMonthDay.length) throw invalid('BYSETPOS needs BYDAY or BYMONTHDAY');
  }
  const wkst = parts.has('WKST') ? weekday(parts.get('WKST') as string, 'WKST') : 0;

  if (parts.has('UNTIL') && parts.has('COUNT')) throw invalid('UNTIL and COUNT cannot both be given');
  const until = parts.has('UNTIL') ? parseUntil(parts.get('UNTIL') as string) : null;
  const count = parts.has('COUNT') ? integer(parts.get('COUNT') as string, 'COUNT') : null;
  if (count !== null && count < 1) throw invalid('COUNT must be 1 or more');
  if (count !== null && count > MAX_COUNT)
    throw unsupported(`COUNT above ${MAX_COUNT} (leave it out for a series without end)`);

  return {
    freq,
    interval,
    byDay,
    byMonthDay: unique(byMonthDay),
    byMonth: unique(byMonth),
    bySetPos: unique(bySetPos),
    wkst,
    until,
    count,
  };
}

const unique = (values: number[]) => [...new Set(values)];

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

function formatUntil(until: Until): string {
  const wall = until.kind === 'date' ? until.day * DAY_MS : until.kind === 'local' ? until.wall : until.instant;
  const date = new Date(wall);
  const day = `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}`;
  if (until.kind === 'date') return day;
  return `${day}T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}${until.kind === 'utc' ? 'Z' : ''}`;
}

/** The canonical text of a rule, as stored and shown: `FREQ=WEEKLY;BYDAY=MO,WE,FR`. */
export function formatRecurrenceRule(rule: RecurrenceRule): string {
  const parts = [`FREQ=${rule.freq}`];
  if (rule.interval !== 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.byMonth.length) parts.push(`BYMONTH=${rule.byMonth.join(',')}`);
  if (rule.byMonthDay.length) parts.push(`BYMONTHDAY=${rule.byMonthDay.join(',')}`);
  if (rule.byDay.length)
    parts.push(`BYDAY=${rule.byDay.map((d) => `${d.ordinal ?? ''}${WEEKDAYS[d.weekday]}`).join(',')}`);
  if (rule.bySetPos.length) parts.push(`BYSETPOS=${rule.bySetPos.join(',')}`);
  if (rule.wkst !== 0) parts.push(`WKST=${WEEKDAYS[rule.wkst]}`);
  if (rule.count !== null) parts.push(`COUNT=${rule.count}`);
  if (rule.until) parts.push(`UNTIL=${formatUntil(rule.until)}`);
  return parts.join(';');
}
