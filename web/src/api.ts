/** The backend contracts the player reads (JSON API under /api/v1, live HLS under /live). */

export type ChannelKind = 'tv' | 'radio';

export interface StationSummary {
  id: string;
  name: string;
  slug?: string;
  logoUrl?: string | null;
  websiteUrl?: string | null;
  contact?: string | null;
}

export interface Station extends StationSummary {
  description?: string | null;
}

export interface Channel {
  id: string;
  slug: string;
  name: string;
  kind: ChannelKind;
  logoUrl: string | null;
  description: string | null;
  timezone: string;
  language: string;
  station: StationSummary | string | null;
}

export interface ProgrammeSummary {
  id: string;
  title: string;
  host: string | null;
  description: string | null;
  category: string | null;
  artwork_url: string | null;
}

export interface NowPlayingItem {
  item_id: string;
  entry_id: string | null;
  title: string;
  programme: ProgrammeSummary | null;
  started_at: string;
  ends_at: string | null;
  elapsed: number;
  remaining: number | null;
  source: { kind: 'asset' | 'filler' | 'live'; reason?: string };
  stands_in_for: { entry_id: string; title: string; starts_at: string; ends_at: string } | null;
  /** The song on air (a playlist block's, or the track a live studio names). */
  song: NowPlayingSong | null;
  /** For an item of a music block: the block's span (the programme's), while started_at and ends_at are the item's. */
  block: { started_at: string; ends_at: string | null } | null;
}

export interface NowPlayingSong {
  text: string;
  artist: string | null;
  title: string | null;
  album: string | null;
  art: string | null;
}

export interface PlayingNext {
  entry_id: string;
  title: string;
  programme: ProgrammeSummary | null;
  starts_at: string;
  ends_at: string;
  source_ready: boolean;
}

export interface NowPlaying {
  station: { id: string; name: string; timezone: string };
  channel: {
    id: string;
    slug: string;
    name: string;
    kind: ChannelKind;
    logo_url: string | null;
    timezone: string;
    hls_url: string;
  };
  is_online: boolean;
  live: { is_live: boolean; source: string | null };
  now_playing: NowPlayingItem | null;
  playing_next: PlayingNext[];
  listeners: { current: number };
  /** An emergency override covering the channel now: the page shows its message. */
  alert?: NowPlayingAlert | null;
  updated_at: string;
}

export type AlertSeverity = 'minor' | 'moderate' | 'severe' | 'extreme';

export interface NowPlayingAlert {
  id: string;
  mode: 'takeover' | 'crawl';
  severity: AlertSeverity;
  message: { id: string; en: string | null };
  starts_at: string;
  expires_at: string;
}

export interface ScheduleOccurrence {
  entryId: string;
  programme: {
    title: string;
    description: string | null;
    host: string | null;
    category: string | null;
    artwork: string | null;
  };
  start: string;
  end: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    url: string,
  ) {
    super(`GET ${url} answered ${status}`);
  }
}

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, { headers: { accept: 'application/json' }, signal });
  if (!response.ok) throw new HttpError(response.status, url);
  return (await response.json()) as T;
}

/** List endpoints answer a bare array or a page object ({ items: [...] } or { data: [...] }). */
export function listOf<T>(body: unknown, key?: string): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    for (const name of [key, 'items', 'data', 'results']) {
      if (name && Array.isArray(record[name])) return record[name] as T[];
    }
  }
  return [];
}

export function stationOf(channel: Channel): StationSummary | null {
  if (!channel.station) return null;
  return typeof channel.station === 'string' ? { id: channel.station, name: '' } : channel.station;
}

/** The channel's own logo, else its station's: a station usually has one logo for all its channels. */
export function logoOf(channel: Channel): string | null {
  return channel.logoUrl ?? stationOf(channel)?.logoUrl ?? null;
}

const API = '/api/v1';
const slugPath = (slug: string) => `${API}/channels/${encodeURIComponent(slug)}`;

export const endpoints = {
  stations: `${API}/stations`,
  channels: `${API}/channels`,
  channel: slugPath,
  schedule: (slug: string, from: number, to: number) =>
    `${slugPath(slug)}/schedule?from=${encodeURIComponent(new Date(from).toISOString())}&to=${encodeURIComponent(new Date(to).toISOString())}`,
  nowPlaying: (slug: string) => `${slugPath(slug)}/now-playing`,
  nowPlayingEvents: (slug: string) => `${slugPath(slug)}/now-playing/events`,
  allNowPlayingEvents: `${API}/now-playing/events`,
  /** Same origin as the page: the API serves the player, so the stream needs no absolute URL. */
  liveStream: (slug: string) => `/live/${encodeURIComponent(slug)}/master.m3u8`,
  embed: (slug: string) => `/embed/${encodeURIComponent(slug)}`,
  m3u: '/channels.m3u',
  epg: '/epg.xml',
};

export const pagePath = (channel: Pick<Channel, 'kind' | 'slug'>) =>
  `/${channel.kind === 'radio' ? 'listen' : 'watch'}/${encodeURIComponent(channel.slug)}`;
