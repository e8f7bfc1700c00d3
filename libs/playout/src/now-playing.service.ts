import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { BoundedCache } from '@siaran/core';
import { SecondlyAnswers } from '@siaran/http';
import { ReadyVariants } from '@siaran/media';
import { ListenerCounter } from './listener-counter';
import { buildNowPlaying, NowPlaying } from './now-playing';
import { PlayoutChannel } from './playout-channels';
import { PlayoutStore } from './playout-store';
import { airingKey, LiveSource, ScheduleSource } from './playout-sources';
import { coversChannel } from '@siaran/emergency';
import { EmergencySource } from './emergency-source';

const UPCOMING_MS = 24 * 60 * 60 * 1000;
/** A computed answer is reused this long (and never past the item's end): schedule edits show within it. */
const REUSE_MS = 2000;
/** While a live feed airs, its track title and streamer may change at any moment. */
const LIVE_REUSE_MS = 1000;

interface Computed {
  value: NowPlaying;
  at: number;
  until: number;
}

/** The serialised answer of one channel for one whole second. */
interface Answer {
  json: Buffer;
  /** The end of its second, or later the end of the item it names (Infinity when unknown): past it, the answer is wrong. */
  holdsUntil: number;
}

/** What a channel airs at an instant, read from the same timeline the playlists come from. */
@Injectable()
export class NowPlayingService {
  private readonly recent = new BoundedCache<string, Computed>(10_000);
  private readonly answers = new SecondlyAnswers<Answer>((answer, at) => at < answer.holdsUntil, 10_000);
  /** Per channel, when the next emergency override covering it starts (its answer changes then). */
  private readonly nextAlertStart = new BoundedCache<string, number>(10_000);

  constructor(
    private readonly store: PlayoutStore,
    private readonly schedule: ScheduleSource,
    private readonly variants: ReadyVariants,
    private readonly listeners: ListenerCounter,
    private readonly live: LiveSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly emergency: EmergencySource,
  ) {}

  /** The answer for `at`, reusing one computed moments before when nothing can have changed but the time. */
  async current(channel: PlayoutChannel, at: number): Promise<NowPlaying> {
    const cached = this.recent.get(channel.id);
    if (cached && at >= cached.at && at < cached.until)
      return advance(cached.value, at, this.listeners.count(channel.id, at));
    const value = await this.at(channel, at);
    const endsAt = value.now_playing?.ends_at ? Date.parse(value.now_playing.ends_at) : Infinity;
    const reuseMs = value.live.is_live ? LIVE_REUSE_MS : REUSE_MS;
    this.recent.set(channel.id, { value, at, until: Math.min(at + reuseMs, endsAt, this.alertChanges(value, at)) });
    return value;
  }

  /**
   * The public answer as JSON, built once per channel and second (its times are whole
   * seconds) however many players poll it.
   */
  async json(channel: PlayoutChannel, at: number): Promise<Buffer> {
    return (await this.answers.get(channel.id, at, () => this.answer(channel, at))).json;
  }

  /**
   * The answer for the fast lane: the one built for the second holding `at`, or, while that
   * one is being built, the answer of the second before if the item it names still airs
   * (only its elapsed time and listener count are a second old). Otherwise undefined, and
   * the controller answers.
   */
  laneAnswer(channel: PlayoutChannel, at: number): Buffer | undefined {
    return this.answers.peek(channel.id, at, () => this.answer(channel, at))?.json;
  }

  private async answer(channel: PlayoutChannel, at: number): Promise<Answer> {
    const second = Math.floor(at / 1000) * 1000;
    const value = await this.current(channel, second);
    const endsAt = value.now_playing?.ends_at;
    return {
      json: Buffer.from(JSON.stringify(value)),
      holdsUntil: Math.min(
        Math.max(second + 1000, endsAt ? Date.parse(endsAt) : Infinity),
        Math.max(second + 1000, this.alertChanges(value, second)),
      ),
    };
  }

  /** What airs on the channel changed in this process (a skip): answer afresh. */
  forget(channelId: string): void {
    this.recent.delete(channelId);
    this.answers.forget(channelId);
  }

  /** When the alert of an answer built at `at` may change: its expiry, or the start of the next override. */
  private alertChanges(value: NowPlaying, at: number): number {
    const next = this.nextAlertStart.get(value.channel.id);
    const expires = value.alert ? Date.parse(value.alert.expires_at) : Infinity;
    return Math.min(expires, next !== undefined && next > at ? next : Infinity);
  }

  async at(channel: PlayoutChannel, at: number): Promise<NowPlaying> {
    const [found, upcoming, overrides] = await Promise.all([
      this.store.itemAt(channel.id, new Date(at)),
      this.schedule.occurrences(channel.id, new Date(at), new Date(at + UPCOMING_MS)),
      this.emergency.overlapping(new Date(at), new Date(at + UPCOMING_MS)),
    ]);
    const covering = overrides.filter((o) => coversChannel(o, channel));
    const alert =
      covering
        .filter((o) => o.startsAt.getTime() <= at)
        .sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime())[0] ?? null;
    const nextStart = Math.min(...covering.map((o) => o.startsAt.getTime()).filter((t) => t > at));
    this.nextAlertStart.set(channel.id, nextStart);
    const item = found?.item ?? null;
    const liveFeed =
      item?.kind === 'live'
        ? ((await this.live.feeds()).get(channel.id)?.find((feed) => feed.inputId === item.liveInputId) ?? null)
        : null;
    const assetIds = new Set(upcoming.flatMap((o) => (o.source.kind === 'asset' ? [o.source.assetId] : [])));
    if (item) assetIds.add(item.assetId);
    const ready = await this.variants.readyDurations([...assetIds], channel.preset);

    let itemEndsAt: number | null = null;
    if (item && (item.kind === 'emergency' || item.reason === 'emergency')) {
      itemEndsAt = alert ? alert.expiresAt.getTime() : null;
    } else if (item?.kind === 'programme') {
      const slot = upcoming.find((o) => airingKey(o) === item.occurrenceKey);
      const assetEnd = item.startedAt.getTime() + (ready.get(item.assetId) ?? 0);
      itemEndsAt = Math.min(slot ? slot.end.getTime() : assetEnd, assetEnd);
    } else if (item?.kind === 'live') {
      const slot = upcoming.find((o) => airingKey(o) === item.occurrenceKey);
      itemEndsAt = slot ? slot.end.getTime() : (channel.takeover?.until ?? null);
    } else if (item) {
      // The programme that ends this filler: due after the filler began and not over. It airs
      // from the segment boundary nearest its start, so for a moment its start may be past.
      const next = upcoming.find(
        (o) =>
          o.start > item.startedAt && o.end.getTime() > at && o.source.kind === 'asset' && ready.has(o.source.assetId),
      );
      itemEndsAt = next ? next.start.getTime() : null;
    }
    return buildNowPlaying({
      channel,
      publicBaseUrl: this.config.publicBaseUrl,
      at,
      item,
      itemEndsAt,
      upcoming,
      readyAssets: new Set(ready.keys()),
      listeners: this.listeners.count(channel.id, at),
      liveFeed,
      alert,
    });
  }
}

/** The same answer a little later: only elapsed, remaining, listeners and the time move. */
function advance(value: NowPlaying, at: number, listeners: number): NowPlaying {
  const playing = value.now_playing;
  return {
    ...value,
    now_playing: playing && {
      ...playing,
      elapsed: Math.max(0, Math.round((at - Date.parse(playing.started_at)) / 1000)),
      remaining: playing.ends_at === null ? null : Math.max(0, Math.round((Date.parse(playing.ends_at) - at) / 1000)),
    },
    listeners: { current: listeners },
    updated_at: new Date(at).toISOString(),
  };
}
