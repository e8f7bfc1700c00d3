import { type AssetSongInfo } from '@siaran/media';
import { type PlaylistOrder, type RotationRules } from '@siaran/playlists';
import { type ChannelClock, type ChannelProfile, type Occurrence } from '@siaran/scheduling';
import type { LiveFeed } from './timeline';

/** The part of a scheduled occurrence that playout reads. */
export type ScheduledOccurrence = Pick<
  Occurrence,
  'entryId' | 'occurrenceKey' | 'start' | 'end' | 'programme' | 'source'
>;

/**
 * What playout calls one airing of an occurrence: its key and its start. An occurrence moved to
 * another time (even after it aired) is a new airing, and airs; one only lengthened or shortened
 * is the same airing.
 */
export const airingKey = (occurrence: Pick<ScheduledOccurrence, 'occurrenceKey' | 'start'>): string =>
  `${occurrence.occurrenceKey}>${occurrence.start.toISOString()}`;

/**
 * What playout reads from scheduling, as a narrow port: the playout logic depends on this
 * shape only, and the module binds it to the scheduling service.
 */
export abstract class ScheduleSource {
  /** Occurrences overlapping [from, to), sorted by start, cancellations removed, overrides applied. */
  abstract occurrences(channelId: string, from: Date, to: Date): Promise<ScheduledOccurrence[]>;

  /** The same, at the schedule version the caller read. */
  abstract occurrencesOf(channel: ChannelClock, from: Date, to: Date): Promise<ScheduledOccurrence[]>;

  /** The channel's zone and the version its schedule is at now; null when there is no such channel. */
  abstract clockOf(channelId: string): Promise<ChannelClock | null>;
}

/** The channels, as scheduling's catalog keeps them (each read is one query). */
export abstract class ChannelSource {
  /** Every channel, sorted by slug, each with the version its schedule was at. */
  abstract all(): Promise<ChannelProfile[]>;

  abstract bySlug(slug: string): Promise<ChannelProfile | null>;
}

/** What playout reads of assets from the media library, besides their ready variants. */
export abstract class AssetSource {
  /** Titles of the assets that exist, keyed by id. */
  abstract titlesOf(assetIds: readonly string[]): Promise<Map<string, string>>;

  /** Kind, song fields and picture of the assets that exist, keyed by id. */
  abstract songsOf(assetIds: readonly string[]): Promise<Map<string, AssetSongInfo>>;

  /** The station an asset belongs to; null when there is no such asset. */
  abstract stationOf(assetId: string): Promise<string | null>;

  /** Raised whenever a variant becomes ready or a ready one goes: a plan made at another version may be stale. */
  abstract readinessVersion(): Promise<string>;
}

/** A playlist as playout airs it: its order and rules, and its assets (nested playlists expanded). */
export interface PlaylistForAir {
  id: string;
  stationId: string;
  order: PlaylistOrder;
  rules: RotationRules;
  items: ReadonlyArray<{ assetId: string; weight: number }>;
}

/** What playout reads of the playlists. */
export abstract class PlaylistSource {
  /** The playlists that exist among `ids`, keyed by id. */
  abstract playlistsForAir(ids: readonly string[]): Promise<Map<string, PlaylistForAir>>;

  /** Raised by every change to a playlist or its items: a plan made at another version may be stale. */
  abstract version(): Promise<string>;
}

/** A live input's feed with what now-playing shows of it. */
export interface LiveFeedState extends LiveFeed {
  channelId: string;
  inputName: string;
  /** The session feeding the input now, if one is open. */
  session: {
    startedAt: Date;
    streamerName: string | null;
    /** The track title the studio sent last (Icecast metadata). */
    title: string | null;
  } | null;
}

/** What playout reads of live inputs: their feeds, as the live sessions store them. */
export abstract class LiveSource {
  /**
   * Feeds of every input whose session is open or ended lately, and of every input that airs
   * when connected, grouped by channel; each with the recent segments of its recording.
   */
  abstract feeds(): Promise<Map<string, LiveFeedState[]>>;

  /** Called with the channel's id whenever a feed of this process stored a segment, started or ended. */
  abstract onChange(listener: (channelId: string) => void): void;
}
