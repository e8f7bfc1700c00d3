import type { Readable } from 'node:stream';

export const LIVE_INPUT_KINDS = ['rtmp', 'srt', 'icecast', 'relay'] as const;
export type LiveInputKind = (typeof LIVE_INPUT_KINDS)[number];

/** What to do when a studio publishes outside the input's scheduled slots. */
export const OUTSIDE_SLOT_POLICIES = ['refuse', 'standby'] as const;
export type OutsideSlotPolicy = (typeof OUTSIDE_SLOT_POLICIES)[number];

/** A live input as the ingest servers and the session manager see it. */
export interface InputForIngest {
  id: string;
  channelId: string;
  stationId: string;
  kind: LiveInputKind;
  name: string;
  airWhenConnected: boolean;
  outsideSlots: OutsideSlotPolicy;
}

/** How the live encoder reads a feed: ffmpeg arguments up to and including `-i <url>`, and what to pipe to its stdin. */
export interface FeedSource {
  inputArgs: string[];
  stdin?: Readable;
}

/** A studio connected and passed the handshake; the session manager decides whether it may publish. */
export interface IncomingFeed {
  input: InputForIngest;
  remoteAddress: string;
  source: FeedSource;
  /** The name the studio's software gave (Icecast `ice-name`, RTMP stream name), if any. */
  streamerName: string | null;
  /** Resolves when the connection is gone, whoever closed it. */
  ended: Promise<void>;
  /** Closes the connection from our side. */
  close(): void;
  /** Track titles sent by the studio (Icecast metadata updates). */
  onTitle(listener: (title: string) => void): void;
}

export type FeedVerdict =
  | { accepted: true }
  | { accepted: false; reason: 'already-publishing' | 'outside-slot' | 'unavailable'; message: string };

/** Receives every feed that passed its handshake (implemented by the session manager). */
export abstract class FeedHandler {
  abstract accept(feed: IncomingFeed): Promise<FeedVerdict>;
}
