/**
 * What playout reads from scheduling, as a narrow port: the playout logic depends on this
 * shape only, and the module binds it to the scheduling service.
 */

export interface ScheduledProgramme {
  id: string;
  title: string;
  description: string | null;
  host: string | null;
  category: string | null;
  artworkUrl: string | null;
}

export type ScheduledSource = { kind: 'none' } | { kind: 'asset'; assetId: string } | { kind: 'live'; liveInputId: string };

export interface ScheduledOccurrence {
  entryId: string;
  occurrenceKey: string;
  start: Date;
  end: Date;
  programme: ScheduledProgramme;
  source: ScheduledSource;
}

export abstract class ScheduleSource {
  /** Occurrences overlapping [from, to), sorted by start, cancellations removed, overrides applied. */
  abstract occurrences(channelId: string, from: Date, to: Date): Promise<ScheduledOccurrence[]>;
}
