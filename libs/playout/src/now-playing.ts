import { type ItemReason } from './timeline';
import { type AiredItem, type ProgrammeSnapshot } from './playout-store';
import { type PlayoutChannel } from './playout-channels';
import { airingKey, type LiveFeedState, type ScheduledOccurrence } from './playout-sources';
import { type EmergencySeverity, type OverrideOnAir } from '@siaran/emergency';

/** An emergency override on the channel now: players show it (a crawl) or the channel airs it (a takeover). */
export interface NowPlayingAlert {
  id: string;
  mode: 'takeover' | 'crawl';
  severity: EmergencySeverity;
  message: { id: string; en: string | null };
  starts_at: string;
  expires_at: string;
}

/** Field names follow AzuraCast's Now Playing API where they fit. */
export interface NowPlayingProgramme {
  id: string;
  title: string;
  host: string | null;
  description: string | null;
  category: string | null;
  artwork_url: string | null;
}

export interface NowPlaying {
  station: { id: string; name: string; timezone: string };
  channel: {
    id: string;
    slug: string;
    name: string;
    kind: 'tv' | 'radio';
    logo_url: string | null;
    timezone: string;
    hls_url: string;
    player_url: string;
  };
  is_online: boolean;
  /** Field names as AzuraCast's: a live input on air, who presents from it and since when. */
  live: {
    is_live: boolean;
    input: { id: string; name: string } | null;
    streamer_name: string | null;
    broadcast_start: string | null;
  };
  now_playing: null | {
    item_id: string;
    entry_id: string | null;
    title: string;
    programme: NowPlayingProgramme | null;
    started_at: string;
    ends_at: string | null;
    elapsed: number;
    remaining: number | null;
    source: { kind: 'asset' | 'filler' | 'live' | 'emergency'; reason?: ItemReason };
    /** The track the studio's software names (Icecast metadata), while a live feed airs. */
    song: { title: string } | null;
  };
  playing_next: Array<{
    entry_id: string;
    title: string;
    programme: NowPlayingProgramme;
    starts_at: string;
    ends_at: string;
    source_ready: boolean;
  }>;
  listeners: { current: number };
  /** The emergency override covering the channel now, if any. */
  alert: NowPlayingAlert | null;
  updated_at: string;
}

export interface NowPlayingInputs {
  channel: PlayoutChannel;
  publicBaseUrl: string;
  at: number;
  item: AiredItem | null;
  /** When the item is planned to end (its slot end or its asset's end, whichever is first). */
  itemEndsAt: number | null;
  upcoming: ScheduledOccurrence[];
  readyAssets: ReadonlySet<string>;
  listeners: number;
  /** The feed of the live input on air, when the item is live. */
  liveFeed: LiveFeedState | null;
  /** The emergency override covering the channel at `at`. */
  alert?: OverrideOnAir | null;
}

const alertOf = (override: OverrideOnAir): NowPlayingAlert => ({
  id: override.id,
  mode: override.mode,
  severity: override.severity,
  message: { id: override.messageId, en: override.messageEn },
  starts_at: override.startsAt.toISOString(),
  expires_at: override.expiresAt.toISOString(),
});

const programmeOf = (p: ProgrammeSnapshot): NowPlayingProgramme => ({
  id: p.id,
  title: p.title,
  host: p.host ?? null,
  description: p.description ?? null,
  category: p.category ?? null,
  artwork_url: p.artworkUrl ?? null,
});

const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000));

function sourceOf(item: AiredItem): NonNullable<NowPlaying['now_playing']>['source'] {
  if (item.kind === 'programme') return { kind: 'asset' };
  if (item.kind === 'live') return { kind: 'live', reason: item.reason };
  if (item.kind === 'emergency') return { kind: 'emergency', reason: item.reason };
  return { kind: 'filler', reason: item.reason };
}

function liveOf(item: AiredItem | null, feed: LiveFeedState | null): NowPlaying['live'] {
  if (item?.kind !== 'live' || !item.liveInputId)
    return { is_live: false, input: null, streamer_name: null, broadcast_start: null };
  return {
    is_live: true,
    input: { id: item.liveInputId, name: feed?.inputName ?? item.title },
    streamer_name: feed?.session?.streamerName ?? null,
    broadcast_start: item.startedAt.toISOString(),
  };
}

export function buildNowPlaying(inputs: NowPlayingInputs): NowPlaying {
  const { channel, item, at } = inputs;
  const base = inputs.publicBaseUrl;
  const playerPath = channel.kind === 'tv' ? 'watch' : 'listen';
  return {
    station: { id: channel.stationId, name: channel.stationName, timezone: channel.timezone },
    channel: {
      id: channel.id,
      slug: channel.slug,
      name: channel.name,
      kind: channel.kind,
      logo_url: channel.logoUrl,
      timezone: channel.timezone,
      hls_url: `${base}/live/${channel.slug}/master.m3u8`,
      player_url: `${base}/${playerPath}/${channel.slug}`,
    },
    is_online: item !== null,
    live: liveOf(item, inputs.liveFeed),
    now_playing: item && {
      item_id: item.id,
      entry_id: item.entryId,
      title: item.title,
      programme: item.programme ? programmeOf(item.programme) : null,
      started_at: item.startedAt.toISOString(),
      ends_at: inputs.itemEndsAt === null ? null : new Date(inputs.itemEndsAt).toISOString(),
      elapsed: seconds(at - item.startedAt.getTime()),
      remaining: inputs.itemEndsAt === null ? null : seconds(inputs.itemEndsAt - at),
      source: sourceOf(item),
      song: item.kind === 'live' && inputs.liveFeed?.session?.title ? { title: inputs.liveFeed.session.title } : null,
    },
    playing_next: inputs.upcoming
      .filter((o) => airingKey(o) !== item?.occurrenceKey && o.start.getTime() >= at - 1000)
      .slice(0, 3)
      .map((o) => ({
        entry_id: o.entryId,
        title: o.programme.title,
        programme: programmeOf(o.programme),
        starts_at: o.start.toISOString(),
        ends_at: o.end.toISOString(),
        source_ready: o.source.kind === 'asset' && inputs.readyAssets.has(o.source.assetId),
      })),
    listeners: { current: inputs.listeners },
    alert: inputs.alert ? alertOf(inputs.alert) : null,
    updated_at: new Date(at).toISOString(),
  };
}

/** What changes the answer apart from the passing of time: pushed to subscribers when it moves. */
export function nowPlayingSignature(value: NowPlaying): string {
  return JSON.stringify([
    value.is_online,
    value.now_playing?.item_id,
    value.now_playing?.ends_at,
    value.now_playing?.song,
    value.live,
    value.playing_next,
    value.alert,
  ]);
}
