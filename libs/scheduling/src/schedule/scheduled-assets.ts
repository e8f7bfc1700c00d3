import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ChannelAssetUser, ChannelAssetUsers } from '@siaran/media';

/** The assets and playlists the schedule airs: told to the media library, and asked before an asset or a playlist is deleted. */
@Injectable()
export class ScheduledAssets implements ChannelAssetUser, OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: ChannelAssetUsers,
  ) {}

  onModuleInit(): void {
    this.users.register(this);
  }

  /** Sources of the channel's entries not over by `now`, and of their changed occurrences. */
  async assetsStillAired(manager: EntityManager, channelId: string, now: Date): Promise<string[]> {
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT e.source_asset_id AS id FROM schedule_entries e
         WHERE e.channel_id = $1 AND e.source_asset_id IS NOT NULL AND (e.span_end IS NULL OR e.span_end > $2)
       UNION SELECT x.source_asset_id FROM schedule_exceptions x JOIN schedule_entries e ON e.id = x.entry_id
         WHERE e.channel_id = $1 AND x.source_asset_id IS NOT NULL AND (e.span_end IS NULL OR e.span_end > $2)`,
      [channelId, now],
    );
    return rows.map((row) => row.id);
  }

  /** Whether a schedule entry or a changed occurrence airs the asset, past or future. */
  async isScheduled(assetId: string): Promise<boolean> {
    const [row] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM schedule_entries WHERE source_asset_id = $1)
           OR EXISTS (SELECT 1 FROM schedule_exceptions WHERE source_asset_id = $1) AS scheduled`,
      [assetId],
    );
    return row.scheduled === true;
  }

  /** The entries airing the playlist (as their source, their inserts', or one occurrence's), past or future. */
  async entriesAiringPlaylist(
    playlistId: string,
  ): Promise<Array<{ entryId: string; channelId: string; start: string }>> {
    const rows: Array<{ id: string; channel_id: string; start: string }> = await this.dataSource.query(
      `SELECT e.id, e.channel_id, to_char(e.start_local, 'YYYY-MM-DD"T"HH24:MI:SS') AS start FROM schedule_entries e
        WHERE e.source_playlist_id = $1 OR e.source_inserts->>'playlistId' = $1::text
           OR EXISTS (SELECT 1 FROM schedule_exceptions x
                       WHERE x.entry_id = e.id AND (x.source_playlist_id = $1 OR x.source_inserts->>'playlistId' = $1::text))
        ORDER BY e.start_local, e.id`,
      [playlistId],
    );
    return rows.map((row) => ({ entryId: row.id, channelId: row.channel_id, start: row.start }));
  }
}
