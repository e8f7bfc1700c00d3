import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { type AssetSongInfo, LadderPresets, MediaUrls, ReadyVariants } from '@siaran/media';
import { APP_CONFIG, type AppConfig } from '@siaran/config';
import {
  type BlockInserts,
  planBlock,
  Rotation,
  type RotationItem,
  type RotationPlaylist,
  sequenceAt,
} from '@siaran/playlists';
import { TimeZone } from '@siaran/scheduling';
import { Clock } from '@siaran/time';
import { AirSwitchLog } from './air-switch-log';
import { blockHistory, type EarlierBlock, rulesWindowMs } from './block-history';
import { PlayoutSettings } from './playout-settings';
import { ChannelPlayoutState, ItemMeta, PlayoutStore, TimelineMark } from './playout-store';
import {
  airingKey,
  AssetSource,
  type LiveFeedState,
  LiveSource,
  type PlaylistForAir,
  PlaylistSource,
  ScheduledOccurrence,
  ScheduleSource,
} from './playout-sources';
import { ListedChannel, PlayoutChannel, PlayoutChannels } from './playout-channels';
import { coversChannel, type OverrideOnAir } from '@siaran/emergency';
import {
  emergencyAirings,
  emergencyAssetIds,
  EmergencySource,
  emergencyStateOf,
  emergencyTitle,
} from './emergency-source';
import { type EmergencyAiring, emergencyItemKey } from './emergency-airing';
import {
  goodRun,
  isReceiving,
  type LivePlan,
  needsPlanning,
  PlannedOccurrence,
  planUntil,
  reachesFarEnough,
  StartedItem,
  VariantTimeline,
} from './timeline';

export interface ChannelInputs {
  channel: PlayoutChannel;
  occurrences: ScheduledOccurrence[];
  planned: PlannedOccurrence[];
  variants: Map<string, VariantTimeline>;
  filler: VariantTimeline | null;
  /** Filler from a playlist: the item at each position of its sequence. */
  fillerAt?: (position: number) => VariantTimeline;
  live: LivePlan;
  feeds: LiveFeedState[];
  /** The emergency overrides covering the channel in the planned range, and how they air. */
  overrides: OverrideOnAir[];
  emergency: EmergencyAiring[];
  fingerprint: string;
  /** What the inputs were read from (see `planSourcesOf`). */
  sources: string;
  /** Kind and song of every asset of the playlists aired. */
  songs: Songs;
}

/** The playlist's items that can air on the channel (a ready variant), each with its length and song. */
function rotationItems(
  playlist: PlaylistForAir,
  variants: ReadonlyMap<string, VariantTimeline>,
  songs: Songs,
): RotationItem[] {
  const items: RotationItem[] = [];
  for (const item of playlist.items) {
    const variant = variants.get(item.assetId);
    const durationMs = variant ? variant.segmentDurationsMs.reduce((sum, ms) => sum + ms, 0) : 0;
    if (durationMs <= 0) continue;
    const meta = songs.get(item.assetId);
    items.push({
      assetId: item.assetId,
      artist: meta?.song?.artist ?? null,
      kind: meta?.kind ?? 'music',
      weight: item.weight,
      durationMs,
    });
  }
  return items;
}

/** The versions a plan is made from, read before what they guard. */
export interface PlanVersions {
  timezone: string;
  /** The channel's schedule version (scheduling raises it with every change to what the channel airs). */
  scheduleVersion: string;
  /** The media library's readiness version: raised whenever a variant becomes ready or a ready one goes. */
  readinessVersion: string;
  /** The playlists' version: raised by every change to a playlist. */
  playlistsVersion: string;
}

type Songs = Map<string, AssetSongInfo>;

/** A channel that has no timeline yet. */
const UNPLANNED: TimelineMark = { plannedFrom: null, end: null };

/**
 * Everything a channel's plan is made from, as versions: while it stays the same, planning
 * again can change nothing but how far the timeline reaches. `liveState` is the part of the
 * live feeds that changes what airs (see `liveStateOf`), not every segment they store.
 */
export function planSourcesOf(channel: PlayoutChannel, versions: PlanVersions, liveState: string): string {
  return JSON.stringify([
    versions.scheduleVersion,
    versions.readinessVersion,
    versions.playlistsVersion,
    channel.preset,
    channel.fillerAssetId,
    channel.fillerPlaylistId,
    channel.slateAssetId,
    liveState,
  ]);
}

/** What of a channel's live feeds decides what airs: the takeover, and which feeds are in and could air. */
export function liveStateOf(channel: PlayoutChannel, live: LivePlan): string {
  return JSON.stringify([
    channel.takeover,
    [...live.feeds.values()].map((feed) => [
      feed.inputId,
      feed.assetId,
      feed.airWhenConnected,
      isReceiving(feed, live),
      goodRun(feed, live, -Infinity) !== null,
    ]),
  ]);
}

/** The live state of a channel with the state of the overrides covering it: both decide what airs. */
function withEmergency(liveState: string, overrides: readonly OverrideOnAir[], preset: string): string {
  return overrides.length === 0 ? liveState : JSON.stringify([liveState, emergencyStateOf(overrides, preset)]);
}

/**
 * Keeps every channel's timeline materialised a little ahead of real time. The future
 * beyond what players have been given is re-planned whenever what it was planned from
 * changes (schedule edits, assets becoming ready or going away, filler changes).
 */
@Injectable()
export class PlayoutEngine {
  private readonly logger = new Logger(PlayoutEngine.name);
  /** The tick running or last run in this process: the next one starts after it. */
  private ticking: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: PlayoutStore,
    private readonly channels: PlayoutChannels,
    private readonly schedule: ScheduleSource,
    private readonly assets: AssetSource,
    private readonly variants: ReadyVariants,
    private readonly presets: LadderPresets,
    private readonly settings: PlayoutSettings,
    private readonly clock: Clock,
    private readonly live: LiveSource,
    private readonly switches: AirSwitchLog,
    private readonly playlists: PlaylistSource,
    private readonly emergencySource: EmergencySource,
    private readonly urls: MediaUrls,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Where a song's picture is served: a full URL, as now-playing gives it to players anywhere. */
  private pictureUrl(key: string | null | undefined): string | null {
    if (!key) return null;
    const url = this.urls.object(key);
    return url.startsWith('/') ? `${this.config.publicBaseUrl}${url}` : url;
  }

  /**
   * One pass over `channels` (default: every channel); returns the channels where what airs
   * changed: an item was added or the plan was redone. One read of the channels (with their
   * schedule versions), of the timelines and of the readiness version tells which channels
   * need planning; the others are left alone.
   */
  tick(channels?: readonly ListedChannel[]): Promise<string[]> {
    // One tick at a time in a process (the heartbeat, live changes, emergency changes): a tick that
    // read the clock and the feeds before another one ran must not plan over what that one planned.
    const run = this.ticking.then(() => this.tickNow(channels));
    this.ticking = run.catch(() => undefined);
    return run;
  }

  private async tickNow(channels?: readonly ListedChannel[]): Promise<string[]> {
    const all = channels ?? (await this.channels.all());
    const now = this.clock.now().getTime();
    const [marks, readinessVersion, playlistsVersion, feeds, overrides] = await Promise.all([
      this.store.timelineMarks(),
      this.assets.readinessVersion(),
      this.playlists.version(),
      this.live.feeds(),
      this.emergencySource.overlapping(new Date(now), new Date(this.overridesSeenUntil(now))),
    ]);
    const changed: string[] = [];
    for (const channel of all) {
      const versions: PlanVersions = {
        timezone: channel.timezone,
        scheduleVersion: channel.scheduleVersion,
        readinessVersion,
        playlistsVersion,
      };
      const channelFeeds = feeds.get(channel.id) ?? [];
      const liveState = withEmergency(
        liveStateOf(channel, this.livePlan(channel, channelFeeds, now)),
        overrides.filter((o) => coversChannel(o, channel)),
        channel.preset,
      );
      if (
        !needsPlanning(
          marks.get(channel.id) ?? UNPLANNED,
          planSourcesOf(channel, versions, liveState),
          now,
          this.settings.lookaheadMs,
        )
      )
        continue;
      try {
        if (await this.extend(channel, now, versions, channelFeeds)) changed.push(channel.id);
      } catch (error) {
        this.logger.error(`playout of ${channel.slug} failed: ${(error as Error).message}`);
      }
    }
    await this.switches.note(all, now);
    return changed;
  }

  /** The live side of a channel's plan at `now`. */
  livePlan(channel: PlayoutChannel, feeds: readonly LiveFeedState[], now: number): LivePlan {
    const nominalMs = this.presets.get(channel.preset).segmentSeconds * 1000;
    return {
      feeds: new Map(feeds.map((feed) => [feed.inputId, feed])),
      takeover: channel.takeover,
      now,
      fallbackMs: this.settings.liveFallbackSegments * nominalMs,
      returnSegments: this.settings.liveReturnSegments,
    };
  }

  /**
   * `readVersions` must have been read before this call: whatever is read after is at least as new.
   * `readFeeds`, when given, are the channel's live feeds read at `now`.
   */
  async inputs(
    channel: PlayoutChannel,
    from: number,
    to: number,
    now: number,
    readVersions?: PlanVersions,
    readFeeds?: LiveFeedState[],
  ): Promise<ChannelInputs> {
    const versions = readVersions ?? (await this.versionsOf(channel.id));
    if (!versions) throw new Error(`channel ${channel.slug} no longer exists`);
    const occurrences = await this.schedule.occurrencesOf(
      { id: channel.id, timezone: versions.timezone, scheduleVersion: versions.scheduleVersion },
      new Date(from),
      new Date(to),
    );
    const assetIds = new Set<string>();
    for (const o of occurrences) if (o.source.kind === 'asset') assetIds.add(o.source.assetId);
    const playlists = await this.playlistsOf(occurrences, channel.fillerPlaylistId);
    const playlistAssetIds = new Set<string>();
    for (const playlist of playlists.values()) for (const item of playlist.items) playlistAssetIds.add(item.assetId);
    playlistAssetIds.forEach((id) => assetIds.add(id));
    const fillerCandidates = [channel.fillerAssetId, channel.slateAssetId].filter((id): id is string => Boolean(id));
    fillerCandidates.forEach((id) => assetIds.add(id));
    const overrides = (
      await this.emergencySource.overlapping(new Date(from), new Date(Math.max(to, this.overridesSeenUntil(now))))
    ).filter((o) => coversChannel(o, channel));
    emergencyAssetIds(overrides, channel.preset).forEach((id) => assetIds.add(id));
    const ready = await this.variants.readyVariants([...assetIds], channel.preset);
    const variants = new Map<string, VariantTimeline>();
    for (const [id, variant] of ready)
      variants.set(id, { assetId: id, segmentDurationsMs: variant.segments.map((s) => s.durationMs) });
    const fillerId = fillerCandidates.find((id) => variants.has(id));
    // The rules of a block look back past its start, into the blocks before it (see `blockHistory`).
    const historyMs = rulesWindowMs([...playlists.values()].map((playlist) => playlist.rules));
    const firstBlock = occurrences.find((o) => o.source.kind === 'playlist');
    const stored =
      historyMs > 0 && firstBlock
        ? await this.store.blockItemsBetween(channel.id, new Date(firstBlock.start.getTime() - historyMs), new Date(to))
        : [];
    const songIds = new Set([...playlistAssetIds, ...stored.map((item) => item.assetId)]);
    const songs: Songs = songIds.size ? await this.assets.songsOf([...songIds]) : new Map();
    const describe = (assetId: string) => {
      const meta = songs.get(assetId);
      return { artist: meta?.song?.artist ?? null, kind: meta?.kind ?? 'music' };
    };
    const earlier: EarlierBlock[] = [];
    const zone = TimeZone.of(versions.timezone);
    // One list of items per playlist, however many blocks air it.
    const airables = new Map<string, RotationPlaylist>();
    const airable = (playlist: PlaylistForAir) => {
      let found = airables.get(playlist.id);
      if (!found) {
        found = { ...playlist, items: rotationItems(playlist, variants, songs) };
        airables.set(playlist.id, found);
      }
      return found;
    };
    const planned: PlannedOccurrence[] = occurrences.map((o) => {
      const occurrence: PlannedOccurrence = {
        key: airingKey(o),
        entryId: o.entryId,
        start: o.start.getTime(),
        end: o.end.getTime(),
        assetId: o.source.kind === 'asset' && variants.has(o.source.assetId) ? o.source.assetId : null,
        ...(o.source.kind === 'live' ? { liveInputId: o.source.liveInputId } : {}),
      };
      if (o.source.kind !== 'playlist') return occurrence;
      const music = playlists.get(o.source.playlistId);
      if (!music) return occurrence;
      const history = historyMs > 0 ? blockHistory(occurrence, stored, earlier, historyMs, describe) : [];
      const rotationOf = (playlist: PlaylistForAir) => new Rotation(airable(playlist), occurrence.key, history);
      const insertPlaylist = o.source.inserts ? playlists.get(o.source.inserts.playlistId) : undefined;
      const inserts: BlockInserts | null =
        o.source.inserts && insertPlaylist
          ? { rule: o.source.inserts.rule, rotation: rotationOf(insertPlaylist) }
          : null;
      const items = planBlock({
        start: occurrence.start,
        end: occurrence.end,
        music: rotationOf(music),
        inserts,
        zoneOffsetMs: zone.offsetAt(occurrence.start) * 60_000,
      });
      // A block with nothing that can air (an empty playlist, nothing ready) airs filler, as a missing asset does.
      if (items.length === 0) return occurrence;
      const block = {
        playlistId: music.id,
        items: items.map((item) => ({ assetId: item.assetId, startAt: item.startAt, insert: item.insert })),
      };
      // Only the items that air count for the blocks after it: one whose first segment would end past the slot does not.
      const airs = block.items.filter(
        (item) => item.startAt + (variants.get(item.assetId)?.segmentDurationsMs[0] ?? 0) / 2 <= occurrence.end,
      );
      earlier.push({ key: occurrence.key, plan: { ...block, items: airs } });
      return { ...occurrence, assetId: items[0].assetId, block };
    });
    // Filler from a playlist airs its ready items in its order; the filler asset stands in while none is ready.
    const fillerPlaylist = channel.fillerPlaylistId ? playlists.get(channel.fillerPlaylistId) : undefined;
    const fillerItems = fillerPlaylist ? airable(fillerPlaylist) : null;
    const fillerAt =
      fillerItems && fillerItems.items.length > 0
        ? (position: number) =>
            variants.get((sequenceAt(fillerItems, channel.id, position) as RotationItem).assetId) as VariantTimeline
        : undefined;
    const channelFeeds = readFeeds ?? (await this.live.feeds()).get(channel.id) ?? [];
    const feeds = [...channelFeeds, ...(await this.emergencyFeeds(channel, overrides, channelFeeds))];
    const live = this.livePlan(channel, feeds, now);
    const emergency = emergencyAirings(overrides, channel.preset, variants, new Set(feeds.map((f) => f.inputId)));
    const liveState = withEmergency(
      liveStateOf(channel, this.livePlan(channel, channelFeeds, now)),
      overrides.filter((o) => o.expiresAt.getTime() > now),
      channel.preset,
    );
    const fingerprint = createHash('sha1')
      .update(
        JSON.stringify([
          fillerId ?? null,
          fillerAt ? [fillerItems?.order, fillerItems?.items.map((item) => item.assetId)] : null,
          planned.map((o) => [
            o.key,
            o.start,
            o.end,
            o.assetId,
            o.assetId ? variants.get(o.assetId)?.segmentDurationsMs.length : 0,
            o.liveInputId ?? null,
            o.block ? o.block.items.map((item) => item.assetId).join(',') : null,
          ]),
          liveState,
          emergency.map((a) => [a.overrideId, a.from, a.until, a.liveInputId, a.variant?.assetId, a.card?.assetId]),
        ]),
      )
      .digest('base64url');
    const filler = fillerAt ? fillerAt(0) : fillerId ? (variants.get(fillerId) as VariantTimeline) : null;
    return {
      channel,
      occurrences,
      planned,
      variants,
      filler,
      fillerAt,
      live,
      feeds,
      overrides,
      emergency,
      fingerprint,
      sources: planSourcesOf(channel, versions, liveState),
      songs,
    };
  }

  /**
   * Extends one channel's timeline to `now + lookahead`; true when an item was added or the
   * plan was redone. More segments of the item already planned change nothing a listener
   * sees, and they are most extensions. `versions`, when given, must have been read before the call.
   */
  async extend(
    channel: PlayoutChannel,
    now: number,
    versions?: PlanVersions,
    feeds?: LiveFeedState[],
  ): Promise<boolean> {
    const { lookaheadMs, maxBackfillMs } = this.settings;
    const nominalMs = this.presets.get(channel.preset).segmentSeconds * 1000;
    const horizon = now + lookaheadMs;
    const inputs = await this.inputs(channel, now - maxBackfillMs, horizon + nominalMs, now, versions, feeds);

    return this.store.transaction(async (manager) => {
      const state = await this.store.lock(manager, channel.id);
      let replanned = false;
      if (state.planFingerprint !== null && state.planFingerprint !== inputs.fingerprint) {
        // Keep whatever starts before this: players may have been given it. Read again here, as
        // `now` was read before the inputs and the lock, which take long on a busy machine.
        const keepUntil = Math.max(now, this.clock.now().getTime()) + nominalMs / 3;
        await this.store.truncateAfter(manager, channel.id, new Date(keepUntil));
        replanned = true;
      }
      let cursor = await this.store.cursor(manager, channel.id, state, inputs.planned, inputs.fillerAt !== undefined);
      if (cursor && reachesFarEnough(cursor.at, now, lookaheadMs) && !replanned) {
        await this.saveStateIfChanged(manager, channel.id, state, {
          ...state,
          planFingerprint: inputs.fingerprint,
          plannedFrom: inputs.sources,
        });
        return false;
      }
      if (!cursor) {
        // A new channel starts a full window in the past, so players can start at once.
        const at = now - this.settings.windowSegments * nominalMs;
        cursor = { at, nextMsn: 0, discontinuities: 0, current: null, finishedKeys: [], pendingDiscontinuity: false };
      } else if (cursor.at < now - maxBackfillMs) {
        // Down for longer than players could bridge: resume at the live point, marked as a jump.
        cursor = { ...cursor, at: now, pendingDiscontinuity: true };
      }
      const plan = planUntil(cursor, horizon, {
        occurrences: inputs.planned,
        variants: inputs.variants,
        filler: inputs.filler,
        fillerAt: inputs.fillerAt,
        nominalSegmentMs: nominalMs,
        newItemId: randomUUID,
        live: inputs.live,
        emergency: inputs.emergency,
      });
      await this.store.append(manager, channel.id, plan, await this.itemMeta(plan.startedItems, inputs));
      await this.saveStateIfChanged(manager, channel.id, state, {
        pendingDiscontinuity: plan.cursor.pendingDiscontinuity,
        planFingerprint: inputs.fingerprint,
        plannedFrom: inputs.sources,
      });
      return plan.startedItems.length > 0 || replanned;
    });
  }

  /**
   * Feeds of the overrides' live inputs of other channels with the same preset (their segments
   * fit this channel's ladder); an input of another preset cannot air here and its card does.
   */
  private async emergencyFeeds(
    channel: PlayoutChannel,
    overrides: readonly OverrideOnAir[],
    own: readonly LiveFeedState[],
  ): Promise<LiveFeedState[]> {
    const wanted = new Set(
      overrides
        .flatMap((o) => (o.source?.kind === 'live' ? [o.source.liveInputId] : []))
        .filter((id) => !own.some((feed) => feed.inputId === id)),
    );
    if (wanted.size === 0) return [];
    const [all, channels] = await Promise.all([this.live.feeds(), this.channels.all()]);
    const samePreset = new Set(channels.filter((c) => c.preset === channel.preset).map((c) => c.id));
    return [...all.values()]
      .flat()
      .filter((feed) => wanted.has(feed.inputId) && samePreset.has(feed.channelId))
      .map((feed) => ({ ...feed, airWhenConnected: false }));
  }

  /** Overrides starting before this are part of what a plan made at `now` is made from (a tick and `inputs` agree). */
  private overridesSeenUntil(now: number): number {
    return now + 2 * this.settings.lookaheadMs;
  }

  /** Null when the channel is gone. */
  private async versionsOf(channelId: string): Promise<PlanVersions | null> {
    const [clock, readinessVersion, playlistsVersion] = await Promise.all([
      this.schedule.clockOf(channelId),
      this.assets.readinessVersion(),
      this.playlists.version(),
    ]);
    return (
      clock && { timezone: clock.timezone, scheduleVersion: clock.scheduleVersion, readinessVersion, playlistsVersion }
    );
  }

  /** The playlists the occurrences air, their inserts' included, and the filler's. */
  private async playlistsOf(
    occurrences: readonly ScheduledOccurrence[],
    fillerPlaylistId: string | null,
  ): Promise<Map<string, PlaylistForAir>> {
    const ids = new Set<string>(fillerPlaylistId ? [fillerPlaylistId] : []);
    for (const { source } of occurrences)
      if (source.kind === 'playlist') {
        ids.add(source.playlistId);
        if (source.inserts) ids.add(source.inserts.playlistId);
      }
    return ids.size ? this.playlists.playlistsForAir([...ids]) : new Map();
  }

  private async saveStateIfChanged(
    manager: EntityManager,
    channelId: string,
    before: ChannelPlayoutState,
    after: ChannelPlayoutState,
  ): Promise<void> {
    if (
      before.pendingDiscontinuity === after.pendingDiscontinuity &&
      before.planFingerprint === after.planFingerprint &&
      before.plannedFrom === after.plannedFrom
    )
      return;
    await this.store.saveState(manager, channelId, after);
  }

  /** Scheduled items are titled after their programme, other live items after their input, anything else after its asset. */
  private async itemMeta(started: readonly StartedItem[], inputs: ChannelInputs): Promise<Map<string, ItemMeta>> {
    const overrideOf = (item: StartedItem) =>
      inputs.overrides.find((o) => emergencyItemKey(o.id) === item.occurrenceKey);
    const occurrenceOf = (item: StartedItem) =>
      item.occurrenceKey ? inputs.occurrences.find((o) => airingKey(o) === item.occurrenceKey) : undefined;
    const inputNameOf = (item: StartedItem) => inputs.feeds.find((f) => f.inputId === item.liveInputId)?.inputName;
    const untitled = started.filter((item) => !occurrenceOf(item) && !item.liveInputId).map((item) => item.assetId);
    const titles = untitled.length ? await this.assets.titlesOf(untitled) : new Map<string, string>();
    const meta = new Map<string, ItemMeta>();
    for (const item of started) {
      const override = overrideOf(item);
      if (override) {
        meta.set(item.itemId, { title: emergencyTitle(override), programme: null, song: null, playlistId: null });
        continue;
      }
      const occurrence = occurrenceOf(item);
      const block =
        item.blockIndex != null ? inputs.planned.find((o) => o.key === item.occurrenceKey)?.block : undefined;
      const asset = block ? inputs.songs.get(item.assetId) : undefined;
      const tags = asset?.song;
      // Station IDs and jingles without tags are not songs: now-playing and the royalty report leave them out.
      const song = tags && (tags.artist !== null || tags.title !== null) ? tags : null;
      meta.set(
        item.itemId,
        occurrence
          ? {
              title: occurrence.programme.title,
              programme: { ...occurrence.programme },
              song: song ? { ...song, art: this.pictureUrl(asset?.pictureKey) } : null,
              playlistId: block?.playlistId ?? null,
            }
          : {
              title: inputNameOf(item) ?? titles.get(item.assetId) ?? inputs.channel.name,
              programme: null,
              song: null,
              playlistId: null,
            },
      );
    }
    return meta;
  }
}
