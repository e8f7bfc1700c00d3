import { Injectable } from '@nestjs/common';
import { LiveRecordings } from '@siaran/media';
import { LiveChanges } from './live-changes';
import { LiveSessionStore } from './live-session-store';

/** What playout plans from: a live input's recording and its recent segments (see playout's `LiveSource`). */
export interface LiveFeedView {
  inputId: string;
  channelId: string;
  inputName: string;
  assetId: string | null;
  airWhenConnected: boolean;
  segments: Array<{ index: number; durationMs: number; recordedAt: number; discontinuity: boolean }>;
  session: { startedAt: Date; streamerName: string | null; title: string | null } | null;
}

/** Sessions ended longer ago than this no longer matter to what airs. */
const RECENT_MS = 10 * 60 * 1000;
/** Enough segments for a good run and a little history. */
const RECENT_SEGMENTS = 8;

/** The read side of live sessions: every channel's live feeds, in two queries. */
@Injectable()
export class LiveFeeds {
  constructor(
    private readonly sessions: LiveSessionStore,
    private readonly recordings: LiveRecordings,
    private readonly changes: LiveChanges,
  ) {}

  async feeds(): Promise<Map<string, LiveFeedView[]>> {
    const latest = await this.sessions.latest(RECENT_MS);
    const segments = await this.recordings.recentSegments(
      latest.map((s) => s.recordingAssetId),
      RECENT_SEGMENTS,
    );
    const byChannel = new Map<string, LiveFeedView[]>();
    for (const session of latest) {
      const feed: LiveFeedView = {
        inputId: session.inputId,
        channelId: session.channelId,
        inputName: session.inputName,
        assetId: session.recordingAssetId,
        airWhenConnected: session.airWhenConnected,
        segments: (segments.get(session.recordingAssetId) ?? []).map((s) => ({
          index: s.index,
          durationMs: s.durationMs,
          recordedAt: s.recordedAt.getTime(),
          discontinuity: s.discontinuity,
        })),
        session: session.holding
          ? { startedAt: session.startedAt, streamerName: session.streamerName, title: session.title }
          : null,
      };
      byChannel.set(feed.channelId, [...(byChannel.get(feed.channelId) ?? []), feed]);
    }
    return byChannel;
  }

  onChange(listener: (channelId: string) => void): void {
    this.changes.onChange(listener);
  }
}
