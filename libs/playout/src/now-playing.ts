import { type ItemReason } from './timeline';
import { type AiredItem, type ProgrammeSnapshot, type SongSnapshot } from './playout-store';
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

/** A song as AzuraCast names its fields: `text` is "artist - title" (or whichever of them there is). */
export interface NowPlayingSong {
  text: string;
  artist: string | null;
  title: string | null;
  album: string | null;
  isrc: string | null;
  art: string | null;
}

/** A song that aired before the one on now, newest first. */
export interface SongHistoryEntry {
  item_id: string;
  played_at: string;
  /** Seconds it aired. */
  duration: number;
  song: NowPlayingSong;
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
    /**
     * The song on air: from its file's tags in a playlist block, or the track the studio's
     * software names (Icecast metadata) while a live feed airs.
     */
    song: NowPlayingSong | null;
    /** The scheduled programme this filler airs in place of (its source is not ready, or its live feed is absent). */
    stands_in_for: { entry_id: string; title: string; starts_at: string; ends_at: string } | null;
    /**
     * For an item of a music block (a song, a station ID): the block's own span, as the
     * programme's, while `started_at` and `ends_at` are the item's. Null for other items.
     */
    block: { started_at: string; ends_at: string | null } | null;
  };
  /** The last songs that aired before this one (at most 10), newest first. */
  song_history: SongHistoryEntry[];
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
  /** When the item ends: the start of the next item's first segment once planned, else when it is due to end. */
  itemEndsAt: number | null;
  /** The next item on the planned timeline: the occurrence it airs starts then, not at its scheduled second. */
  nextAirs: { startedAt: number; occurrenceKey: string | null } | null;
  upcoming: ScheduledOccurrence[];
  readyAssets: ReadonlySet<string>;
  listeners: number;
  /** The feed of the live input on air, when the item is live. */
  liveFeed: LiveFeedState | null;
  /** Items with a song that aired before `item`, newest first. */
  history: readonly AiredItem[];
  /** The emergency override covering the channel at `at`. */
  alert?: OverrideOnAir | null;
  /** When `item` is an item of a block: when the block started airing and when it ends (see `NowPlaying`). */
  block?: { startedAt: number; endsAt: number | null } | null;
}

/** The public form of a song snapshot; null when it names neither an artist nor a title. */
export function songOf(song: SongSnapshot | null): NowPlayingSong | null {
  if (!song || (song.artist === null && song.title === null)) return null;
  return {
    text: [song.artist, song.title].filter((part) => part !== null).join(' - '),
    artist: song.artist,
    title: song.title,
    album: song.album,
    isrc: song.isrc,
    art: song.art,
  };
}

function songOnAir(item: AiredItem, feed: LiveFeedState | null): NowPlayingSong | null {
  if (item.kind === 'live') {
    const title = feed?.session?.title;
    return title ? { text: title, artist: null, title, album: null, isrc: null, art: null } : null;
  }
  return songOf(item.song);
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

function standsInFor(
  item: AiredItem,
  upcoming: readonly ScheduledOccurrence[],
): NonNullable<NowPlaying['now_playing']>['stands_in_for'] {
  if (item.kind !== 'filler' || !item.standsInFor) return null;
  const occurrence = upcoming.find((o) => airingKey(o) === item.standsInFor);
  return occurrence
    ? {
        entry_id: occurrence.entryId,
        title: occurrence.programme.title,
        starts_at: occurrence.start.toISOString(),
        ends_at: occurrence.end.toISOString(),
      }
    : null;
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
      song: songOnAir(item, inputs.liveFeed),
      stands_in_for: standsInFor(item, inputs.upcoming),
      block: inputs.block
        ? {
            started_at: new Date(inputs.block.startedAt).toISOString(),
            ends_at: inputs.block.endsAt === null ? null : new Date(inputs.block.endsAt).toISOString(),
          }
        : null,
    },
    song_history: inputs.history.flatMap((aired) => {
      const song = songOf(aired.song);
      return song
        ? [
            {
              item_id: aired.id,
              played_at: aired.startedAt.toISOString(),
              duration: seconds(aired.endedAt.getTime() - aired.startedAt.getTime()),
              song,
            },
          ]
        : [];
    }),
    playing_next: inputs.upcoming
      .filter(
        (o) =>
          airingKey(o) !== item?.occurrenceKey &&
          (airingKey(o) === inputs.nextAirs?.occurrenceKey || o.start.getTime() >= at - 1000),
      )
      .slice(0, 3)
      .map((o) => ({
        entry_id: o.entryId,
        title: o.programme.title,
        programme: programmeOf(o.programme),
        starts_at: new Date(
          airingKey(o) === inputs.nextAirs?.occurrenceKey ? inputs.nextAirs.startedAt : o.start.getTime(),
        ).toISOString(),
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
    value.now_playing?.block,
    value.live,
    value.playing_next,
    value.alert,
  ]);
}
