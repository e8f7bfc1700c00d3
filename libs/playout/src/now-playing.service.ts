import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { BoundedCache } from '@siaran/core';
import { isDatabaseUnavailable, SecondlyAnswers } from '@siaran/http';
import { ReadyVariants } from '@siaran/media';
import { ListenerCounter } from './listener-counter';
import { buildNowPlaying, NowPlaying } from './now-playing';
import { PlayoutChannel } from './playout-channels';
import { type AiredItem, PlayoutStore } from './playout-store';
import { airingKey, LiveSource, ScheduleSource, type ScheduledOccurrence } from './playout-sources';
import { coversChannel, type OverrideOnAir } from '@siaran/emergency';
import { EmergencySource } from './emergency-source';

const UPCOMING_MS = 24 * 60 * 60 * 1000;
/** Songs in `song_history`, as AzuraCast keeps them. */
const SONG_HISTORY = 10;
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
  /** The end of the item it names (Infinity when unknown): past it, the answer is wrong. */
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
    return (await this.computed(channel, at)).value;
  }

  private async computed(channel: PlayoutChannel, at: number): Promise<Computed> {
    const cached = this.recent.get(channel.id);
    if (cached && at >= cached.at && at < cached.until)
      return { ...cached, value: advance(cached.value, at, this.listeners.count(channel.id, at)) };
    let value: NowPlaying;
    try {
      value = await this.at(channel, at);
    } catch (error) {
      // What airs was planned before the database went away: say so until that item ends.
      if (isDatabaseUnavailable(error) && cached && at >= cached.at && at < endOf(cached.value))
        return { ...cached, value: advance(cached.value, at, this.listeners.count(channel.id, at)) };
      throw error;
    }
    const endsAt = endOf(value);
    const reuseMs = value.live.is_live ? LIVE_REUSE_MS : REUSE_MS;
    const computed = { value, at, until: Math.min(at + reuseMs, endsAt, this.alertChanges(value, at)) };
    this.recent.set(channel.id, computed);
    return computed;
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

  /**
   * Built for the start of the second, unless the item of that instant has ended by `at`: the
   * switch falls where its segment boundary does, not on a whole second.
   */
  private async answer(channel: PlayoutChannel, at: number): Promise<Answer> {
    const second = Math.floor(at / 1000) * 1000;
    let value = await this.current(channel, second);
    if (endOf(value) <= at) value = await this.current(channel, at);
    const endsAt = endOf(value);
    return {
      json: Buffer.from(JSON.stringify(value)),
      holdsUntil: Math.min(
        endsAt > at ? endsAt : second + 1000,
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
    const history = item ? await this.store.songsBefore(channel.id, item.startedAt, SONG_HISTORY) : [];
    const liveFeed =
      item?.kind === 'live'
        ? ((await this.live.feeds()).get(channel.id)?.find((feed) => feed.inputId === item.liveInputId) ?? null)
        : null;
    const assetIds = new Set(upcoming.flatMap((o) => (o.source.kind === 'asset' ? [o.source.assetId] : [])));
    if (item) assetIds.add(item.assetId);
    const ready = await this.variants.readyDurations([...assetIds], channel.preset);
    const block = item?.playlistId && item.occurrenceKey ? await this.blockOf(item, upcoming) : null;

    return buildNowPlaying({
      channel,
      publicBaseUrl: this.config.publicBaseUrl,
      at,
      item,
      itemEndsAt: found
        ? (found.next?.startedAt ?? expectedEnd(found.item, upcoming, ready, at, channel, alert))
        : null,
      nextAirs: found?.next ?? null,
      upcoming,
      readyAssets: new Set(ready.keys()),
      listeners: this.listeners.count(channel.id, at),
      liveFeed,
      history,
      alert,
      block,
    });
  }

  /** The span of the block `item` airs in: until the timeline is planned past it, it ends with its slot. */
  private async blockOf(
    item: AiredItem,
    upcoming: readonly ScheduledOccurrence[],
  ): Promise<{ startedAt: number; endsAt: number | null }> {
    const span = await this.store.blockSpan(item);
    const slot = upcoming.find((o) => airingKey(o) === item.occurrenceKey);
    return { startedAt: span.startedAt, endsAt: span.endsAt ?? slot?.end.getTime() ?? null };
  }
}

/**
 * When an item is due to end while the timeline is not yet planned that far: its slot's end,
 * its asset's end, or the start of the programme that ends a filler. Within the playout
 * lookahead of the switch, the planned boundary replaces this estimate.
 */
function expectedEnd(
  item: AiredItem,
  upcoming: ScheduledOccurrence[],
  ready: ReadonlyMap<string, number>,
  at: number,
  channel: PlayoutChannel,
  alert: OverrideOnAir | null,
): number | null {
  if (item.kind === 'emergency' || item.reason === 'emergency') return alert ? alert.expiresAt.getTime() : null;
  if (item.kind === 'programme') {
    const slot = upcoming.find((o) => airingKey(o) === item.occurrenceKey);
    const assetEnd = item.startedAt.getTime() + (ready.get(item.assetId) ?? 0);
    return Math.min(slot ? slot.end.getTime() : assetEnd, assetEnd);
  }
  if (item.kind === 'live') {
    const slot = upcoming.find((o) => airingKey(o) === item.occurrenceKey);
    return slot ? slot.end.getTime() : (channel.takeover?.until ?? null);
  }
  const next = upcoming.find(
    (o) => o.start > item.startedAt && o.end.getTime() > at && o.source.kind === 'asset' && ready.has(o.source.assetId),
  );
  return next ? next.start.getTime() : null;
}
const endOf = (value: NowPlaying): number =>
  value.now_playing?.ends_at ? Date.parse(value.now_playing.ends_at) : Infinity;

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
