import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ChannelAssetUser, ChannelAssetUsers } from '@siaran/media';

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
  slateAssetId: string | null;
}

interface ChannelRow {
  id: string;
  slug: string;
  name: string;
  kind: 'tv' | 'radio';
  ladder_preset: string;
  timezone: string;
  logo_url: string | null;
  is_public: boolean;
  station_id: string;
  station_name: string;
  filler_asset_id: string | null;
  slate_asset_id: string | null;
}

const CHANNEL_COLUMNS = `c.id, c.slug, c.name, c.kind, c.ladder_preset, c.timezone, c.logo_url, c.is_public, c.station_id, s.name AS station_name,
  p.filler_asset_id, p.slate_asset_id`;
const CHANNEL_FROM = `channels c JOIN stations s ON s.id = c.station_id LEFT JOIN channel_playout p ON p.channel_id = c.id`;

const toChannel = (row: ChannelRow): PlayoutChannel => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  kind: row.kind,
  preset: row.ladder_preset,
  timezone: row.timezone,
  logoUrl: row.logo_url,
  isPublic: row.is_public,
  stationId: row.station_id,
  stationName: row.station_name,
  fillerAssetId: row.filler_asset_id,
  slateAssetId: row.slate_asset_id,
});

/**
 * Channel lookups for playout, cached briefly: playlist requests resolve a slug on every call.
 * Also tells the media library which assets a channel airs as filler and slate.
 */
@Injectable()
export class PlayoutChannels implements ChannelAssetUser, OnModuleInit {
  private readonly cache = new Map<string, { channel: PlayoutChannel | null; until: number; refreshing?: boolean }>();
  private static readonly TTL_MS = 5000;
  /** A lookup still in use is read again this long before it expires, so hot channels never miss. */
  private static readonly REFRESH_AHEAD_MS = 1000;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly assetUsers: ChannelAssetUsers,
  ) {}

  onModuleInit(): void {
    this.assetUsers.register(this);
  }

  /** The filler and the slate: they air whenever nothing else can. */
  async assetsStillAired(manager: EntityManager, channelId: string): Promise<string[]> {
    const rows: Array<{ filler_asset_id: string | null; slate_asset_id: string | null }> = await manager.query(
      'SELECT filler_asset_id, slate_asset_id FROM channel_playout WHERE channel_id = $1',
      [channelId],
    );
    return rows.flatMap((row) => [row.filler_asset_id, row.slate_asset_id].filter((id): id is string => id !== null));
  }

  async all(): Promise<PlayoutChannel[]> {
    const rows: ChannelRow[] = await this.dataSource.query(`SELECT ${CHANNEL_COLUMNS} FROM ${CHANNEL_FROM} ORDER BY c.slug`);
    return rows.map(toChannel);
  }

  async bySlug(slug: string): Promise<PlayoutChannel | null> {
    const [row] = (await this.dataSource.query(`SELECT ${CHANNEL_COLUMNS} FROM ${CHANNEL_FROM} WHERE c.slug = $1`, [slug])) as ChannelRow[];
    return row ? toChannel(row) : null;
  }

  async bySlugCached(slug: string, now: number): Promise<PlayoutChannel | null> {
    const cached = this.fromCache(slug, now);
    return cached !== undefined ? cached : this.load(slug, now);
  }

  /** The cached lookup while it is fresh (null: no such channel); undefined when it must be read again. */
  fromCache(slug: string, now: number): PlayoutChannel | null | undefined {
    const cached = this.cache.get(slug);
    if (!cached || cached.until <= now) return undefined;
    if (cached.until - now < PlayoutChannels.REFRESH_AHEAD_MS && !cached.refreshing) {
      cached.refreshing = true;
      this.load(slug, now).catch(() => (cached.refreshing = false));
    }
    return cached.channel;
  }

  private async load(slug: string, now: number): Promise<PlayoutChannel | null> {
    const channel = await this.bySlug(slug);
    if (this.cache.size > 10000) this.cache.clear();
    this.cache.set(slug, { channel, until: now + PlayoutChannels.TTL_MS });
    return channel;
  }

  async setFiller(channelId: string, assetId: string | null): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO channel_playout (channel_id, filler_asset_id, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (channel_id) DO UPDATE SET filler_asset_id = EXCLUDED.filler_asset_id, updated_at = now()`,
      [channelId, assetId],
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
