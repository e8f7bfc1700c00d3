import { gzipSync } from 'node:zlib';
import { Injectable } from '@nestjs/common';
import { BoundedCache, DomainError } from '@siaran/core';
import {
  LadderPresets,
  MediaUrls,
  presetStreams,
  ReadyVariant,
  ReadyVariants,
  renderMultivariantPlaylist,
} from '@siaran/media';
import { StorageKeys } from '@siaran/storage';
import { coversChannel } from '@siaran/emergency';
import { EmergencySource, playlistAlertsOf } from './emergency-source';
import { type PlaylistAlert, renderLivePlaylist } from './live-playlist';
import { PlayoutChannel } from './playout-channels';
import { PlayoutSettings } from './playout-settings';
import { PlayoutStore, WindowSegment } from './playout-store';

/** A playlist encoded once, plain and gzipped: every request for it sends one of these buffers. */
export interface RenderedPlaylist {
  plain: Buffer;
  gzip: Buffer;
}

interface CachedWindow {
  segments: WindowSegment[];
  /** The window is the same until the next segment starts. */
  validUntil: number;
  rendered: Map<string, RenderedPlaylist>;
  /** The emergency overrides of the channel overlapping the window. */
  alerts: PlaylistAlert[];
}

export class UnknownRenditionError extends DomainError {
  constructor(slug: string, rendition: string) {
    super('not-found', 'PLAYLIST_NOT_FOUND', `Channel ${slug} has no rendition ${rendition}`);
  }
}

/** Nothing is on the channel's timeline yet. */
export class OffAirError extends DomainError {
  constructor(slug: string) {
    super(
      'unavailable',
      'CHANNEL_OFF_AIR',
      `Channel ${slug} is off air: nothing can air yet (no ready source or filler)`,
    );
  }
}

/** How long to reuse a window when the timeline has nothing after it yet. */
const STALLED_RECHECK_MS = 500;

const rendered = (text: string): RenderedPlaylist => ({ plain: Buffer.from(text), gzip: gzipSync(text) });

/**
 * Live playlists, derived from the durable timeline and cached until the next segment
 * starts: between boundaries every request is answered from memory.
 */
@Injectable()
export class LivePlaylists {
  private readonly windows = new Map<string, CachedWindow>();
  private readonly loading = new Map<string, Promise<CachedWindow>>();
  private readonly masters = new Map<string, RenderedPlaylist>();
  private readonly variantCache = new BoundedCache<string, ReadyVariant | null>(5000, 60_000);

  constructor(
    private readonly store: PlayoutStore,
    private readonly settings: PlayoutSettings,
    private readonly presets: LadderPresets,
    private readonly variants: ReadyVariants,
    private readonly urls: MediaUrls,
    private readonly emergency: EmergencySource,
  ) {}

  /** An emergency override changed in this process: the next request reads the window again. */
  forget(channelId: string): void {
    this.windows.delete(channelId);
  }

  master(channel: PlayoutChannel): RenderedPlaylist {
    const cached = this.masters.get(channel.preset);
    if (cached) return cached;
    const playlist = rendered(renderMultivariantPlaylist(presetStreams(this.presets.get(channel.preset))));
    this.masters.set(channel.preset, playlist);
    return playlist;
  }

  /** The media playlist when it is already rendered for the segment airing at `now`; undefined otherwise. */
  renderedMedia(channelId: string, rendition: string, now: number): RenderedPlaylist | undefined {
    const window = this.windows.get(channelId);
    return window && now < window.validUntil ? window.rendered.get(rendition) : undefined;
  }

  async media(channel: PlayoutChannel, rendition: string, now: number): Promise<RenderedPlaylist> {
    const preset = this.presets.get(channel.preset);
    if (!preset.renditions.some((r) => r.name === rendition)) throw new UnknownRenditionError(channel.slug, rendition);
    const window = await this.window(channel, now);
    const existing = window.rendered.get(rendition);
    if (existing) return existing;
    const fallbackOrder = preset.renditions.map((r) => r.name);
    const segments = [];
    const unmarked = [...window.alerts];
    for (const segment of window.segments) {
      // Each override is marked once, on the segment airing at its start (or the window's first).
      const alerts = unmarked.filter((alert) => alert.start < segment.startAt + segment.durationMs);
      alerts.forEach((alert) => unmarked.splice(unmarked.indexOf(alert), 1));
      const variant = await this.variant(segment.assetId, channel.preset, now);
      const available = variant?.renditions.map((r) => r.name) ?? [];
      segments.push({
        msn: segment.msn,
        startAt: segment.startAt,
        durationMs: segment.durationMs,
        discontinuity: segment.discontinuity,
        discontinuitySeq: segment.discontinuitySeq,
        uri: this.urls.segment(
          StorageKeys.assetSegment(
            segment.assetId,
            channel.preset,
            pickRendition(rendition, fallbackOrder, available),
            segment.segmentIndex,
          ),
        ),
        itemStart: segment.itemStart
          ? { id: segment.itemId, title: segment.itemTitle, kind: segment.itemKind }
          : undefined,
        ...(alerts.length ? { alerts } : {}),
      });
    }
    const playlist = rendered(renderLivePlaylist(segments, { targetDurationS: preset.segmentSeconds }));
    window.rendered.set(rendition, playlist);
    return playlist;
  }

  private window(channel: PlayoutChannel, now: number): Promise<CachedWindow> {
    const cached = this.windows.get(channel.id);
    if (cached && now < cached.validUntil) return Promise.resolve(cached);
    // At a segment boundary every waiting request shares one database read.
    const pending = this.loading.get(channel.id);
    if (pending) return pending;
    const load = this.loadWindow(channel, now).finally(() => this.loading.delete(channel.id));
    this.loading.set(channel.id, load);
    return load;
  }

  private async loadWindow(channel: PlayoutChannel, now: number): Promise<CachedWindow> {
    const segments = await this.store.window(channel.id, new Date(now), this.settings.windowSegments);
    if (segments.length === 0) throw new OffAirError(channel.slug);
    const last = segments[segments.length - 1];
    const lastEnd = last.startAt + last.durationMs;
    const validUntil = lastEnd > now ? lastEnd : now + STALLED_RECHECK_MS;
    const overrides = await this.emergency.overlapping(new Date(segments[0].startAt), new Date(lastEnd));
    const alerts = playlistAlertsOf(overrides.filter((o) => coversChannel(o, channel)));
    const window: CachedWindow = { segments, validUntil, rendered: new Map(), alerts };
    this.windows.set(channel.id, window);
    return window;
  }

  /** Ready variants never change; a deleted asset disappears within a minute. */
  private async variant(assetId: string, preset: string, now: number): Promise<ReadyVariant | null> {
    const key = `${assetId}/${preset}`;
    const cached = this.variantCache.get(key, now);
    if (cached !== undefined) return cached;
    const variant = (await this.variants.readyVariants([assetId], preset)).get(assetId) ?? null;
    this.variantCache.set(key, variant, now);
    return variant;
  }
}

/**
 * The rendition to reference for a wanted ladder rung: the rung itself, else the nearest
 * lower one the asset has (rungs above a source's height are never encoded), else its best.
 */
export function pickRendition(wanted: string, ladderOrder: readonly string[], available: readonly string[]): string {
  if (available.includes(wanted) || available.length === 0) return wanted;
  const from = ladderOrder.indexOf(wanted);
  const lower = ladderOrder.slice(from + 1).find((name) => available.includes(name));
  return lower ?? ladderOrder.find((name) => available.includes(name)) ?? available[0];
}
