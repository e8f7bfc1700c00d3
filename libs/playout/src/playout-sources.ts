/**
 * What playout reads from scheduling and the media library, as narrow ports: the playout
 * logic depends on these shapes only, and the module binds them to the real services.
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

export interface RenditionInfo {
  name: string;
  bandwidth: number;
  averageBandwidth: number;
  codecs: string;
  resolution?: { width: number; height: number };
  frameRate?: number;
  audioOnly: boolean;
}

export interface ReadyVariantInfo {
  assetId: string;
  preset: string;
  title: string;
  durationMs: number;
  renditions: RenditionInfo[];
  segments: Array<{ index: number; durationMs: number }>;
}

export abstract class VariantSource {
  /** The ready variants of `preset` among `assetIds`, in one query. */
  abstract readyVariants(assetIds: readonly string[], preset: string): Promise<Map<string, ReadyVariantInfo>>;
}

/** A channel ladder as the live multivariant playlist advertises it. */
export interface LadderInfo {
  name: string;
  segmentSeconds: number;
  renditions: RenditionInfo[];
}

export abstract class LadderSource {
  abstract ladder(preset: string): LadderInfo;
}

export abstract class SegmentUrls {
  /** The URL a player fetches for an object key of an asset segment (never a redirect). */
  abstract segment(key: string): string;
  abstract segmentKey(assetId: string, preset: string, rendition: string, index: number): string;
}
