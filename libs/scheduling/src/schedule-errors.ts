import { DomainError, FIRST_YEAR, LAST_YEAR } from '@siaran/core';

/** Stable codes of the scheduling endpoints. */
export const ScheduleErrorCode = {
  StationNotFound: 'STATION_NOT_FOUND',
  ChannelNotFound: 'CHANNEL_NOT_FOUND',
  ProgrammeNotFound: 'PROGRAMME_NOT_FOUND',
  EntryNotFound: 'SCHEDULE_ENTRY_NOT_FOUND',
  OccurrenceNotFound: 'OCCURRENCE_NOT_FOUND',
  SlugTaken: 'SLUG_TAKEN',
  StationHasChannels: 'STATION_HAS_CHANNELS',
  StationHasProgrammes: 'STATION_HAS_PROGRAMMES',
  ChannelHasSchedule: 'CHANNEL_HAS_SCHEDULE',
  ProgrammeStillScheduled: 'PROGRAMME_STILL_SCHEDULED',
  ProgrammeOfAnotherStation: 'PROGRAMME_OF_ANOTHER_STATION',
  ScheduleConflict: 'SCHEDULE_CONFLICT',
  InvalidRrule: 'INVALID_RRULE',
  UnsupportedRrule: 'UNSUPPORTED_RRULE',
  StartNotInRecurrence: 'START_NOT_IN_RECURRENCE',
  UntilBeforeStart: 'UNTIL_BEFORE_START',
  InvalidTimezone: 'INVALID_TIMEZONE',
  InvalidLocalTime: 'INVALID_LOCAL_TIME',
  NonexistentLocalTime: 'NONEXISTENT_LOCAL_TIME',
  EndBeforeStart: 'END_BEFORE_START',
  InvalidDuration: 'INVALID_DURATION',
  DurationTooLong: 'DURATION_TOO_LONG',
  DurationAndEnd: 'DURATION_AND_END',
  NotRecurring: 'ENTRY_NOT_RECURRING',
  InvalidOccurrenceChange: 'INVALID_OCCURRENCE_CHANGE',
  OccurrenceMovedTooFar: 'OCCURRENCE_MOVED_TOO_FAR',
  InvalidInstant: 'INVALID_INSTANT',
  InvalidRange: 'INVALID_RANGE',
  DateOutOfRange: 'DATE_OUT_OF_RANGE',
  RangeTooLong: 'RANGE_TOO_LONG',
  LiveInputNotFound: 'INPUT_NOT_FOUND',
  LiveInputOfAnotherChannel: 'INPUT_OF_ANOTHER_CHANNEL',
  LiveInputsUnavailable: 'LIVE_INPUTS_UNAVAILABLE',
  PlaylistNotFound: 'PLAYLIST_NOT_FOUND',
  PlaylistOfAnotherStation: 'PLAYLIST_OF_ANOTHER_STATION',
  PlaylistsUnavailable: 'PLAYLISTS_UNAVAILABLE',
} as const;

/** A schedule that cannot be, with a code saying why. */
export class InvalidScheduleInput extends DomainError {
  constructor(code: string, message: string, details?: unknown) {
    super('invalid', code, message, details);
  }
}

/** A date outside the years schedules live in (1970 to 2199). */
export function dateOutOfRange(what: string, details?: unknown): InvalidScheduleInput {
  return new InvalidScheduleInput(
    ScheduleErrorCode.DateOutOfRange,
    `${what} is outside the years a schedule covers (${FIRST_YEAR} to ${LAST_YEAR})`,
    details,
  );
}
