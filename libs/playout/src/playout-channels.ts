import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { BoundedCache } from '@siaran/core';
import { isDatabaseUnavailable } from '@siaran/http';
import { ChannelAssetUser, ChannelAssetUsers } from '@siaran/media';
import { ChannelProfile } from '@siaran/scheduling';
import { ChannelSource } from './playout-sources';
import type { LiveTakeover } from './timeline';

/** What playout needs to know of a channel. */
export interface PlayoutChannel {
  id: string;
  slug: string;
  name: string;
  kind: 'tv' | 'radio';
  preset: string;
  timezone: string;
  logoUrl: string | null;
  isPublic: boolean;
  stationId: string;
  stationName: string;
  fillerAssetId: string | null;
  /** A playlist aired as filler, item after item (before the filler asset, which stands in while none of it is ready). */
  fillerPlaylistId: string | null;
  slateAssetId: string | null;
  /** A live input a producer put on air over the schedule. */
  takeover: LiveTakeover | null;
}

/** A channel as `all()` reads it: with the version its schedule was at then, what a tick plans from. */
export interface ListedChannel extends PlayoutChannel {
  scheduleVersion: string;
}

/** Playout's own settings of a channel, kept in `channel_playout`. */
interface PlayoutRow {
  filler_asset_id: string | null;
  filler_playlist_id: string | null;
  slate_asset_id: string | null;
  takeover_input_id: string | null;
  takeover_from: Date | null;
  takeover_until: Date | null;
}

const PLAYOUT_COLUMNS =
  'filler_asset_id, filler_playlist_id, slate_asset_id, takeover_input_id, takeover_from, takeover_until';

const toChannel = (profile: ChannelProfile, own: PlayoutRow | undefined): PlayoutChannel => ({
  id: profile.id,
  slug: profile.slug,
  name: profile.name,
  kind: profile.kind,
  preset: profile.ladderPreset,
  timezone: profile.timezone,
  logoUrl: profile.logoUrl,
  isPublic: profile.isPublic,
  stationId: profile.stationId,
  stationName: profile.stationName,
  fillerAssetId: own?.filler_asset_id ?? null,
  fillerPlaylistId: own?.filler_playlist_id ?? null,
  slateAssetId: own?.slate_asset_id ?? null,
  takeover:
    own?.takeover_input_id && own.takeover_from
      ? {
          inputId: own.takeover_input_id,
          from: own.takeover_from.getTime(),
          until: own.takeover_until?.getTime() ?? null,
        }
      : null,
});

/**
 * Channel lookups for playout, cached briefly: playlist requests resolve a slug on every call.
 * A channel is scheduling's (read through `ChannelSource`) with playout's own filler and slate.
 * Also tells the media library which assets a channel airs as filler and slate.
 */
@Injectable()
export class PlayoutChannels implements ChannelAssetUser, OnModuleInit {
  private static readonly TTL_MS = 5000;
  /** A lookup still in use is read again this long before it expires, so hot channels never miss. */
  private static readonly REFRESH_AHEAD_MS = 1000;
  /**
   * A lookup whose refresh failed (the database is down or stalled) is still used this long,
   * so that players go on being served what is planned; a refresh is tried on every use.
   */
  private static readonly STALE_LIMIT_MS = 10 * 60_000;
  private readonly cache = new BoundedCache<
    string,
    { channel: PlayoutChannel | null; loadedAt: number; refreshing?: boolean; refreshFailed?: boolean }
  >(10_000, PlayoutChannels.STALE_LIMIT_MS);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly source: ChannelSource,
    private readonly assetUsers: ChannelAssetUsers,
  ) {}

  onModuleInit(): void {
    this.assetUsers.register(this);
  }

  /** The filler and the slate: they air whenever nothing else can. */
  async assetsStillAired(manager: EntityManager, channelId: string): Promise<string[]> {
    const rows: PlayoutRow[] = await manager.query(
      'SELECT filler_asset_id, slate_asset_id FROM channel_playout WHERE channel_id = $1',
      [channelId],
    );
    return rows.flatMap((row) => [row.filler_asset_id, row.slate_asset_id].filter((id): id is string => id !== null));
  }

  /** Scheduling's channels and playout's settings are read at once, each in one query. */
  async all(): Promise<ListedChannel[]> {
    const [profiles, rows] = await Promise.all([
      this.source.all(),
      this.dataSource.query(
        `SELECT channel_id, ${PLAYOUT_COLUMNS} FROM channel_playout
          WHERE filler_asset_id IS NOT NULL OR filler_playlist_id IS NOT NULL OR slate_asset_id IS NOT NULL
             OR takeover_input_id IS NOT NULL`,
      ) as Promise<Array<PlayoutRow & { channel_id: string }>>,
    ]);
    const own = new Map(rows.map((row) => [row.channel_id, row]));
    return profiles.map((profile) => ({
      ...toChannel(profile, own.get(profile.id)),
      scheduleVersion: profile.scheduleVersion,
    }));
  }

  async bySlug(slug: string): Promise<PlayoutChannel | null> {
    const profile = await this.source.bySlug(slug);
    if (!profile) return null;
    const [own] = (await this.dataSource.query(`SELECT ${PLAYOUT_COLUMNS} FROM channel_playout WHERE channel_id = $1`, [
      profile.id,
    ])) as PlayoutRow[];
    return toChannel(profile, own);
  }

  async bySlugCached(slug: string, now: number): Promise<PlayoutChannel | null> {
    const cached = this.fromCache(slug, now);
    if (cached !== undefined) return cached;
    try {
      return await this.load(slug, now);
    } catch (error) {
      const stale = this.cache.get(slug, now);
      if (!stale || !isDatabaseUnavailable(error)) throw error;
      stale.refreshFailed = true;
      return stale.channel;
    }
  }

  /**
   * The cached lookup (null: no such channel), read again in the background shortly before it
   * expires; undefined once expired, unless reading it again failed: then it is used on.
   */
  fromCache(slug: string, now: number): PlayoutChannel | null | undefined {
    const cached = this.cache.get(slug, now);
    if (!cached) return undefined;
    const age = now - cached.loadedAt;
    if (age > PlayoutChannels.TTL_MS - PlayoutChannels.REFRESH_AHEAD_MS && !cached.refreshing) {
      cached.refreshing = true;
      this.load(slug, now).catch(() => {
        cached.refreshing = false;
        cached.refreshFailed = true;
      });
    }
    if (age > PlayoutChannels.TTL_MS && !cached.refreshFailed) return undefined;
    return cached.channel;
  }

  private async load(slug: string, now: number): Promise<PlayoutChannel | null> {
    const channel = await this.bySlug(slug);
    this.cache.set(slug, { channel, loadedAt: now }, now);
    return channel;
  }

  /** The filler: a playlist aired item after item, an asset looped, or both (the asset airs while none of the playlist is ready). */
  async setFiller(channelId: string, filler: { assetId: string | null; playlistId: string | null }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO channel_playout (channel_id, filler_asset_id, filler_playlist_id, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (channel_id) DO UPDATE SET filler_asset_id = EXCLUDED.filler_asset_id,
         filler_playlist_id = EXCLUDED.filler_playlist_id, updated_at = now()`,
      [channelId, filler.assetId, filler.playlistId],
    );
    this.cache.clear();
  }

  /** The channels whose filler is the playlist. */
  async fillingWith(playlistId: string): Promise<Array<{ channelId: string }>> {
    const rows: Array<{ channel_id: string }> = await this.dataSource.query(
      'SELECT channel_id FROM channel_playout WHERE filler_playlist_id = $1 ORDER BY channel_id',
      [playlistId],
    );
    return rows.map((row) => ({ channelId: row.channel_id }));
  }

  /** Puts a live input on air over the schedule (null ends the takeover). */
  async setTakeover(manager: EntityManager, channelId: string, takeover: LiveTakeover | null): Promise<void> {
    await manager.query(
      `INSERT INTO channel_playout (channel_id, takeover_input_id, takeover_from, takeover_until, updated_at)
       VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (channel_id) DO UPDATE SET takeover_input_id = EXCLUDED.takeover_input_id,
         takeover_from = EXCLUDED.takeover_from, takeover_until = EXCLUDED.takeover_until, updated_at = now()`,
      [
        channelId,
        takeover?.inputId ?? null,
        takeover ? new Date(takeover.from) : null,
        takeover?.until != null ? new Date(takeover.until) : null,
      ],
    );
    this.cache.clear();
  }

  async setSlate(channelId: string, assetId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO channel_playout (channel_id, slate_asset_id, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (channel_id) DO UPDATE SET slate_asset_id = EXCLUDED.slate_asset_id, updated_at = now()`,
      [channelId, assetId],
    );
  }
}
