import { ChannelClock, Occurrence } from '@siaran/scheduling';

/** The part of a scheduled occurrence that playout reads. */
export type ScheduledOccurrence = Pick<Occurrence, 'entryId' | 'occurrenceKey' | 'start' | 'end' | 'programme' | 'source'>;

/**
 * What playout reads from scheduling, as a narrow port: the playout logic depends on this
 * shape only, and the module binds it to the scheduling service.
 */
export abstract class ScheduleSource {
  /** Occurrences overlapping [from, to), sorted by start, cancellations removed, overrides applied. */
  abstract occurrences(channelId: string, from: Date, to: Date): Promise<ScheduledOccurrence[]>;

  /** The same, at the schedule version the caller read. */
  abstract occurrencesOf(channel: ChannelClock, from: Date, to: Date): Promise<ScheduledOccurrence[]>;
}
