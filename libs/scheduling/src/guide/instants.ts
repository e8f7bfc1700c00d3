import { dateOutOfRange, InvalidScheduleInput, ScheduleErrorCode } from '../schedule-errors';
import { type TimeZone } from '../time/time-zone';
import { inCalendar } from '@siaran/core';
import { DAY_MS, parseWallTime } from '../time/wall-time';

export const MAX_RANGE_DAYS = 31;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** An instant as a query gives it: ISO 8601 with an offset (`2026-12-01T19:00:00+07:00`, `…Z`), or a date meaning midnight in the channel's zone. */
export function parseInstant(text: string, zone: TimeZone, field: string): Date {
  let instant = Number.NaN;
  if (DATE_ONLY.test(text)) {
    const wall = parseWallTime(`${text}T00:00`);
    if (wall !== undefined) instant = zone.toInstant(wall);
  } else if (ISO_INSTANT.test(text)) instant = Date.parse(text);
  if (!Number.isNaN(instant)) {
    if (!inCalendar(instant)) throw dateOutOfRange(`${field} ${text}`, { field });
    return new Date(instant);
  }
  throw new InvalidScheduleInput(
    ScheduleErrorCode.InvalidInstant,
    `${field} ${JSON.stringify(text)} is not an ISO 8601 date-time with offset (2026-12-01T19:00:00+07:00) or a date (2026-12-01)`,
    { field },
  );
}

/** A range of at most 31 days, `from` before `to`. */
export function parseRange(
  fromText: string | undefined,
  toText: string | undefined,
  zone: TimeZone,
): { from: Date; to: Date } {
  if (fromText === undefined || toText === undefined)
    throw new InvalidScheduleInput(ScheduleErrorCode.InvalidRange, 'Give both from and to');
  const from = parseInstant(fromText, zone, 'from');
  const to = parseInstant(toText, zone, 'to');
  if (to.getTime() <= from.getTime())
    throw new InvalidScheduleInput(ScheduleErrorCode.InvalidRange, 'to must be after from');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS)
    throw new InvalidScheduleInput(ScheduleErrorCode.RangeTooLong, `A range spans at most ${MAX_RANGE_DAYS} days`);
  return { from, to };
}
