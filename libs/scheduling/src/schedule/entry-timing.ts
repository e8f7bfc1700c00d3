import { parseRecurrenceRule } from '../recurrence/recurrence-rule';
import { type Series, seriesOf } from '../recurrence/series';
import { InvalidScheduleInput, ScheduleErrorCode } from '../schedule-errors';
import { type TimeZone } from '../time/time-zone';
import { formatWallTime, parseWallTime } from '../time/wall-time';

export const MAX_DURATION_SECONDS = 86_400;

/** When something airs, as a request gives it: wall-clock start, and either a duration or an end. */
export interface TimingInput {
  start: string;
  durationSeconds?: number;
  end?: string;
}

/** Reads a wall-clock time of the channel's zone, refusing dates that do not exist and times skipped by daylight saving. */
export function wallTimeIn(text: string, zone: TimeZone, field: string): number {
  const wall = parseWallTime(text);
  if (wall === undefined)
    throw new InvalidScheduleInput(
      ScheduleErrorCode.InvalidLocalTime,
      `${field} ${JSON.stringify(text)} is not a local date-time such as 2026-12-01T19:00:00`,
      { field },
    );
  if (!zone.resolve(wall).exists) {
    throw new InvalidScheduleInput(
      ScheduleErrorCode.NonexistentLocalTime,
      `${field} ${formatWallTime(wall)} does not exist in ${zone.name}: the clocks skip it for daylight saving time`,
      { field },
    );
  }
  return wall;
}

/** Start and real duration of an airing; the end may fall on the next day, never more than 24 hours on. */
export function timingOf(input: TimingInput, zone: TimeZone): { startWall: number; durationSeconds: number } {
  const startWall = wallTimeIn(input.start, zone, 'start');
  if (input.durationSeconds !== undefined && input.end !== undefined)
    throw new InvalidScheduleInput(ScheduleErrorCode.DurationAndEnd, 'Give durationSeconds or end, not both');
  let durationSeconds: number;
  if (input.end !== undefined) {
    const endWall = wallTimeIn(input.end, zone, 'end');
    durationSeconds = (zone.toInstant(endWall) - zone.toInstant(startWall)) / 1000;
    if (durationSeconds <= 0)
      throw new InvalidScheduleInput(
        ScheduleErrorCode.EndBeforeStart,
        `end ${input.end} is not after start ${input.start}`,
      );
  } else if (input.durationSeconds !== undefined) {
    durationSeconds = input.durationSeconds;
    if (durationSeconds <= 0)
      throw new InvalidScheduleInput(ScheduleErrorCode.InvalidDuration, 'durationSeconds must be 1 or more');
  } else {
    throw new InvalidScheduleInput(ScheduleErrorCode.InvalidDuration, 'Give durationSeconds or end');
  }
  if (durationSeconds > MAX_DURATION_SECONDS)
    throw new InvalidScheduleInput(
      ScheduleErrorCode.DurationTooLong,
      `An airing lasts at most 24 hours (${MAX_DURATION_SECONDS} s); this one ${durationSeconds} s`,
    );
  return { startWall, durationSeconds };
}

/** The series of an entry as a request gives it; INVALID_RRULE, UNSUPPORTED_RRULE, START_NOT_IN_RECURRENCE, UNTIL_BEFORE_START. */
export function seriesFor(startWall: number, recurrence: string | null, zone: TimeZone): Series {
  return seriesOf(startWall, recurrence === null ? null : parseRecurrenceRule(recurrence), zone);
}
