import * as HLS from 'hls-parser';
import { type MediaPlaylist } from 'hls-parser/types';
import { type TestApp } from './app';
import { type Broadcast, openBroadcast } from './broadcast';
import { waitForOnAir } from './wait';

HLS.setOptions({ strictMode: true });

export interface SeenSegment {
  uri: string;
  durationS: number;
  pdt: number;
  discontinuityNumber: number;
  title?: string;
}

/**
 * Follows one live media playlist over successive fetches and collects every violation of
 * RFC 8216 and ../shared/reference/hls.md that can be seen from outside.
 */
export class LivePlaylistWatcher {
  readonly problems: string[] = [];
  readonly seen = new Map<number, SeenSegment>();
  private lastSequence = -1;
  private targetDuration?: number;
  fetches = 0;

  constructor(
    private readonly name: string,
    private readonly minimumWindow: number,
  ) {}

  observe(text: string, now: number): MediaPlaylist {
    this.fetches += 1;
    const playlist = HLS.parse(text) as MediaPlaylist;
    const problem = (message: string) => this.problems.push(`${this.name} fetch ${this.fetches}: ${message}`);
    if (playlist.isMasterPlaylist) problem('not a media playlist');
    if (playlist.endlist) problem('a live playlist has ENDLIST');
    if (playlist.playlistType) problem(`a live playlist has PLAYLIST-TYPE ${playlist.playlistType}`);
    this.targetDuration ??= playlist.targetDuration;
    if (playlist.targetDuration !== this.targetDuration)
      problem(`target duration changed ${this.targetDuration} -> ${playlist.targetDuration}`);
    if (playlist.mediaSequenceBase === undefined || playlist.mediaSequenceBase < this.lastSequence)
      problem(`media sequence went back ${this.lastSequence} -> ${playlist.mediaSequenceBase}`);
    this.lastSequence = playlist.mediaSequenceBase ?? -1;
    const totalS = playlist.segments.reduce((sum, s) => sum + s.duration, 0);
    if (playlist.segments.length < this.minimumWindow)
      problem(`window of ${playlist.segments.length} segments, fewer than ${this.minimumWindow}`);
    if (totalS < 3 * playlist.targetDuration) problem(`window of ${totalS} s, less than 3 target durations`);

    let discontinuityNumber = playlist.discontinuitySequenceBase ?? 0;
    let title: string | undefined;
    playlist.segments.forEach((segment, i) => {
      const msn = (playlist.mediaSequenceBase ?? 0) + i;
      if (segment.discontinuity) discontinuityNumber += 1;
      if (Math.round(segment.duration) > playlist.targetDuration)
        problem(`segment ${msn} lasts ${segment.duration} s, over the target duration`);
      const pdt = segment.programDateTime?.getTime();
      if (pdt === undefined) return problem(`segment ${msn} has no PROGRAM-DATE-TIME`);
      if (pdt > now) problem(`segment ${msn} listed before its air time`);
      if (i > 0) {
        const previous = playlist.segments[i - 1];
        const expected = (previous.programDateTime as Date).getTime() + Math.round(previous.duration * 1000);
        if (Math.abs(pdt - expected) > 1) problem(`PDT of segment ${msn} is not contiguous (${pdt - expected} ms)`);
      }
      const range = segment.dateRange as { attributes?: Record<string, string> } | undefined;
      title = range?.attributes?.['X-SIARAN-TITLE'] ?? title;
      const current: SeenSegment = { uri: segment.uri, durationS: segment.duration, pdt, discontinuityNumber, title };
      const before = this.seen.get(msn);
      if (
        before &&
        (before.uri !== current.uri ||
          before.durationS !== current.durationS ||
          before.pdt !== current.pdt ||
          before.discontinuityNumber !== current.discontinuityNumber)
      ) {
        problem(`segment ${msn} changed after it was listed: ${JSON.stringify(before)} -> ${JSON.stringify(current)}`);
      }
      if (!before) this.seen.set(msn, current);
    });
    return playlist;
  }
}

/** Fetches each watched playlist (`slug/rendition` → watcher) every `everyMs` until the returned timer is cleared. */
export function pollLivePlaylists(
  baseUrl: string,
  watchers: Map<string, LivePlaylistWatcher>,
  everyMs: number,
): NodeJS.Timeout {
  return setInterval(() => {
    for (const [path, watcher] of watchers)
      void fetch(`${baseUrl}/live/${path}.m3u8`)
        .then(async (res) => (res.ok ? watcher.observe(await res.text(), Date.now()) : undefined))
        .catch(() => undefined);
  }, everyMs);
}

/**
 * Opens the Pekalongan broadcast (Batik TV and Radio Kota Batik), waits until both channels air
 * (their slates, made at creation), then starts polling the watched playlists every second.
 */
export async function openWatchedBroadcast(
  t: TestApp,
  watchers: Map<string, LivePlaylistWatcher>,
): Promise<{ broadcast: Broadcast; watching: NodeJS.Timeout }> {
  const broadcast = await openBroadcast(t);
  for (const slug of ['batik-tv', 'rkb']) await waitForOnAir(t.url, slug, 180_000);
  return { broadcast, watching: pollLivePlaylists(t.url, watchers, 1000) };
}
