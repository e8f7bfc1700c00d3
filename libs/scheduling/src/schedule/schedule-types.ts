/**
 * When an insert airs between the items of a playlist block: every N minutes of the block,
 * after every N items, or at minute M of every hour (the channel's wall clock).
 */
export type InsertRule =
  { every: 'minutes'; minutes: number } | { every: 'items'; items: number } | { every: 'hour'; minute: number };

/** One item of another playlist (station IDs, jingles, the news intro) inserted on a rule. */
export interface PlaylistInserts {
  playlistId: string;
  rule: InsertRule;
}

/** What an occurrence airs: nothing chosen yet, a media asset, a live input, or a block filled from a playlist. */
export type OccurrenceSource =
  | { kind: 'none' }
  | { kind: 'asset'; assetId: string }
  | { kind: 'live'; liveInputId: string }
  | { kind: 'playlist'; playlistId: string; inserts: PlaylistInserts | null };

export const NO_SOURCE: OccurrenceSource = Object.freeze({ kind: 'none' });

/** What an override changes besides timing; null keeps the series' own. */
export interface OverridePayload {
  programmeId: string | null;
  source: OccurrenceSource | null;
}

export interface ExceptionView {
  id: string;
  /** The occurrence's own start, which names it: wall-clock time in the channel's zone. */
  originalStart: string;
  cancelled: boolean;
  start: string | null;
  durationSeconds: number | null;
  programmeId: string | null;
  source: OccurrenceSource | null;
}

/** A schedule entry as stored: wall-clock times in the channel's zone. */
export interface EntryView {
  id: string;
  channelId: string;
  programmeId: string;
  start: string;
  durationSeconds: number;
  /** RFC 5545 RRULE, canonical; null for a single airing. */
  recurrence: string | null;
  /** Start of the last occurrence (from COUNT or UNTIL); null while the series has no end. */
  lastStart: string | null;
  source: OccurrenceSource;
  exceptions: ExceptionView[];
  createdAt: Date;
  updatedAt: Date;
}

export interface ProgrammeSummary {
  id: string;
  title: string;
  description: string | null;
  host: string | null;
  category: string | null;
  artworkUrl: string | null;
  language: string;
}

/** One airing, as the guide and the playout see it. */
export interface Occurrence {
  entryId: string;
  /** Stable name of this occurrence: entry id and original start. */
  occurrenceKey: string;
  /** Wall-clock start before any override, in the channel's zone: what addresses the occurrence in the API. */
  originalStart: string;
  start: Date;
  end: Date;
  programme: ProgrammeSummary;
  source: OccurrenceSource;
}

export const occurrenceKeyOf = (entryId: string, originalStart: string) => `${entryId}@${originalStart}`;

/** The source as its columns: kind, asset, live input, playlist, inserts (JSON). */
export function sourceColumns(
  source: OccurrenceSource | null,
): [string | null, string | null, string | null, string | null, string | null] {
  if (!source) return [null, null, null, null, null];
  if (source.kind === 'asset') return ['asset', source.assetId, null, null, null];
  if (source.kind === 'live') return ['live', null, source.liveInputId, null, null];
  if (source.kind === 'playlist')
    return ['playlist', null, null, source.playlistId, source.inserts ? JSON.stringify(source.inserts) : null];
  return ['none', null, null, null, null];
}

export function sourceFromColumns(
  kind: string | null,
  assetId: string | null,
  liveInputId: string | null,
  playlistId: string | null,
  inserts: PlaylistInserts | null,
): OccurrenceSource | null {
  if (kind === null) return null;
  if (kind === 'asset') return { kind: 'asset', assetId: assetId as string };
  if (kind === 'live') return { kind: 'live', liveInputId: liveInputId as string };
  if (kind === 'playlist') return { kind: 'playlist', playlistId: playlistId as string, inserts };
  return NO_SOURCE;
}
