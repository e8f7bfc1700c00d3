import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AssetStore } from '@siaran/media';
import { Clock } from '@siaran/time';
import type { PlaylistOrder, RotationRules } from './rotation/rotation';
import type { SmartQuery } from './playlists.service';

/** A playlist as the playout airs it: nested playlists expanded into their assets, smart ones into their query's. */
export interface AirablePlaylist {
  id: string;
  stationId: string;
  order: PlaylistOrder;
  rules: RotationRules;
  items: Array<{ assetId: string; weight: number }>;
}

interface Row {
  id: string;
  station_id: string;
  play_order: PlaylistOrder;
  item_separation_minutes: number | null;
  artist_separation_minutes: number | null;
  kind_limits_per_hour: Record<string, number>;
  smart_query: SmartQuery | null;
  items: Array<{ assetId: string | null; playlistId: string | null; weight: number }>;
}

const DAY_MS = 86_400_000;

/** Reads playlists for the playout: one query for the playlists asked and everything nested in them. */
@Injectable()
export class PlaylistsForAir {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly assets: AssetStore,
    private readonly clock: Clock,
  ) {}

  async playlistsForAir(ids: readonly string[]): Promise<Map<string, AirablePlaylist>> {
    if (ids.length === 0) return new Map();
    const rows: Row[] = await this.dataSource.query(
      `WITH RECURSIVE tree(id) AS (
         SELECT unnest($1::uuid[])
         UNION SELECT i.child_playlist_id FROM playlist_items i JOIN tree t ON i.playlist_id = t.id WHERE i.child_playlist_id IS NOT NULL)
       SELECT p.id, p.station_id, p.play_order, p.item_separation_minutes, p.artist_separation_minutes, p.kind_limits_per_hour, p.smart_query,
              COALESCE((SELECT json_agg(json_build_object('assetId', i.asset_id, 'playlistId', i.child_playlist_id, 'weight', i.weight)
                                ORDER BY i.position) FROM playlist_items i WHERE i.playlist_id = p.id), '[]'::json) AS items
         FROM playlists p WHERE p.id IN (SELECT id FROM tree)`,
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    const smartItems = new Map<string, string[]>();
    for (const row of rows)
      if (row.smart_query) smartItems.set(row.id, await this.smartAssets(row.station_id, row.smart_query));
    // Nested playlists are expanded in place, each of their items weighing as much as the nesting item times its own.
    const expand = (
      id: string,
      weight: number,
      seen: ReadonlySet<string>,
    ): Array<{ assetId: string; weight: number }> => {
      const row = byId.get(id);
      if (!row || seen.has(id)) return [];
      const inner = new Set(seen).add(id);
      const smart = smartItems.get(id);
      if (smart) return smart.map((assetId) => ({ assetId, weight }));
      return row.items.flatMap((item) =>
        item.assetId
          ? [{ assetId: item.assetId, weight: weight * item.weight }]
          : expand(item.playlistId as string, weight * item.weight, inner),
      );
    };
    const result = new Map<string, AirablePlaylist>();
    for (const id of ids) {
      const row = byId.get(id);
      if (!row) continue;
      result.set(id, {
        id,
        stationId: row.station_id,
        order: row.play_order,
        rules: {
          itemSeparationMinutes: row.item_separation_minutes,
          artistSeparationMinutes: row.artist_separation_minutes,
          kindLimitsPerHour: row.kind_limits_per_hour,
        },
        items: expand(id, 1, new Set()),
      });
    }
    return result;
  }

  /** `max(updated_at)` and the count of playlists: any create, edit or delete changes it. */
  async version(): Promise<string> {
    const [row]: Array<{ version: string }> = await this.dataSource.query(
      `SELECT COALESCE(to_char(max(updated_at), 'YYYY-MM-DD"T"HH24:MI:SS.US'), '') || '/' || count(*) AS version FROM playlists`,
    );
    return row.version;
  }

  private smartAssets(stationId: string, query: SmartQuery): Promise<string[]> {
    return this.assets.matching({
      stationId,
      kinds: query.kinds,
      tags: query.tags ?? [],
      anyTags: query.anyTags ?? [],
      minDurationMs: query.minDurationSeconds === null ? null : query.minDurationSeconds * 1000,
      maxDurationMs: query.maxDurationSeconds === null ? null : query.maxDurationSeconds * 1000,
      since:
        query.uploadedWithinDays === null
          ? null
          : new Date(this.clock.now().getTime() - query.uploadedWithinDays * DAY_MS),
    });
  }
}
