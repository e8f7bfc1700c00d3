import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { type AuditActor, AuditLog } from '@siaran/audit';
import { DomainError } from '@siaran/core';
import { isPgError, PgErrorCode } from '@siaran/database';
import { AssetStore } from '@siaran/media';
import { Clock } from '@siaran/time';
import { PlaylistErrorCode } from './playlist-errors';
import { NO_RULES, type PlaylistOrder, type RotationRules } from './rotation/rotation';

/** One entry of a fixed playlist: an asset, or a whole other playlist of the station. */
export type PlaylistItemInput = { assetId: string; weight?: number } | { playlistId: string; weight?: number };

/**
 * A smart playlist's query: the station's assets of these kinds, with every one of `tags` and at
 * least one of `anyTags` (when any), lasting within the range, uploaded lately.
 */
export interface SmartQuery {
  kinds: string[];
  /** Absent in queries stored before assets had tags: none. */
  tags?: string[];
  anyTags?: string[];
  minDurationSeconds: number | null;
  maxDurationSeconds: number | null;
  uploadedWithinDays: number | null;
}

export interface PlaylistInput {
  stationId: string;
  name: string;
  order: PlaylistOrder;
  rules?: Partial<RotationRules>;
  items?: PlaylistItemInput[];
  smart?: SmartQuery | null;
}

export type PlaylistChanges = Partial<Omit<PlaylistInput, 'stationId'>>;

export interface PlaylistItemView {
  position: number;
  assetId: string | null;
  playlistId: string | null;
  weight: number;
}

export interface PlaylistView {
  id: string;
  stationId: string;
  name: string;
  order: PlaylistOrder;
  rules: RotationRules;
  items: PlaylistItemView[];
  smart: SmartQuery | null;
  createdAt: Date;
  updatedAt: Date;
}

interface PlaylistRow {
  id: string;
  station_id: string;
  name: string;
  play_order: PlaylistOrder;
  item_separation_minutes: number | null;
  artist_separation_minutes: number | null;
  kind_limits_per_hour: Record<string, number>;
  smart_query: SmartQuery | null;
  created_at: Date;
  updated_at: Date;
  items: PlaylistItemView[];
}

const SELECT_PLAYLISTS = `
  SELECT p.*, COALESCE((SELECT json_agg(json_build_object('position', i.position, 'assetId', i.asset_id,
      'playlistId', i.child_playlist_id, 'weight', i.weight) ORDER BY i.position)
    FROM playlist_items i WHERE i.playlist_id = p.id), '[]'::json) AS items
  FROM playlists p`;

const viewOf = (row: PlaylistRow): PlaylistView => ({
  id: row.id,
  stationId: row.station_id,
  name: row.name,
  order: row.play_order,
  rules: {
    itemSeparationMinutes: row.item_separation_minutes,
    artistSeparationMinutes: row.artist_separation_minutes,
    kindLimitsPerHour: row.kind_limits_per_hour,
  },
  items: row.items,
  smart: row.smart_query,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** What the audit log keeps of a playlist. */
const snapshotOf = (view: PlaylistView) => ({
  name: view.name,
  order: view.order,
  rules: view.rules,
  items: view.items,
  smart: view.smart,
});

/**
 * Playlists of a station: in order, shuffled or weighted; items are assets or other playlists
 * (never, directly or not, the playlist itself), or a smart query. Every write of a station's
 * playlists locks them all, so two writes cannot make a cycle together.
 */
@Injectable()
export class PlaylistsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly assets: AssetStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async list(stationIds: readonly string[] | null): Promise<PlaylistView[]> {
    const rows: PlaylistRow[] = await this.dataSource.query(
      `${SELECT_PLAYLISTS} WHERE $1::uuid[] IS NULL OR p.station_id = ANY($1::uuid[]) ORDER BY p.name, p.id`,
      [stationIds],
    );
    return rows.map(viewOf);
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<PlaylistView> {
    const [row]: PlaylistRow[] = await manager.query(`${SELECT_PLAYLISTS} WHERE p.id = $1`, [id]);
    if (!row) throw new DomainError('not-found', PlaylistErrorCode.NotFound, `No playlist ${id}`);
    return viewOf(row);
  }

  async create(actor: AuditActor, input: PlaylistInput): Promise<PlaylistView> {
    const id = randomUUID();
    return this.write(input.stationId, async (manager) => {
      const now = this.clock.now();
      const rules = { ...NO_RULES, ...input.rules };
      await manager.query(
        `INSERT INTO playlists (id, station_id, name, play_order, item_separation_minutes, artist_separation_minutes, kind_limits_per_hour,
                                smart_query, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
        [
          id,
          input.stationId,
          input.name,
          input.order,
          rules.itemSeparationMinutes,
          rules.artistSeparationMinutes,
          JSON.stringify(rules.kindLimitsPerHour),
          input.smart ? JSON.stringify(input.smart) : null,
          now,
        ],
      );
      await this.replaceItems(manager, id, input.stationId, input.items ?? [], input.smart ?? null);
      const created = await this.get(id, manager);
      await this.audit.record(manager, {
        actor,
        action: 'create',
        entityType: 'playlist',
        entityId: id,
        stationId: input.stationId,
        newValue: snapshotOf(created),
      });
      return created;
    });
  }

  async update(actor: AuditActor, id: string, changes: PlaylistChanges): Promise<PlaylistView> {
    const { stationId } = await this.get(id);
    return this.write(stationId, async (manager) => {
      const before = await this.get(id, manager);
      const rules = { ...before.rules, ...changes.rules };
      const smart = changes.smart === undefined ? before.smart : changes.smart;
      await manager.query(
        `UPDATE playlists SET name = $2, play_order = $3, item_separation_minutes = $4, artist_separation_minutes = $5,
                              kind_limits_per_hour = $6, smart_query = $7, updated_at = $8 WHERE id = $1`,
        [
          id,
          changes.name ?? before.name,
          changes.order ?? before.order,
          rules.itemSeparationMinutes,
          rules.artistSeparationMinutes,
          JSON.stringify(rules.kindLimitsPerHour),
          smart ? JSON.stringify(smart) : null,
          this.clock.now(),
        ],
      );
      const items: PlaylistItemInput[] =
        changes.items ??
        before.items.map((item) =>
          item.assetId
            ? { assetId: item.assetId, weight: item.weight }
            : { playlistId: item.playlistId as string, weight: item.weight },
        );
      await this.replaceItems(manager, id, stationId, items, smart);
      const after = await this.get(id, manager);
      await this.audit.record(manager, {
        actor,
        action: 'update',
        entityType: 'playlist',
        entityId: id,
        stationId,
        oldValue: snapshotOf(before),
        newValue: snapshotOf(after),
      });
      return after;
    });
  }

  /** The caller has made sure no schedule entry airs it; a playlist inside another is refused here. */
  async remove(actor: AuditActor, id: string): Promise<void> {
    const { stationId } = await this.get(id);
    await this.write(stationId, async (manager) => {
      const before = await this.get(id, manager);
      const parents: Array<{ playlist_id: string }> = await manager.query(
        'SELECT DISTINCT playlist_id FROM playlist_items WHERE child_playlist_id = $1 ORDER BY playlist_id',
        [id],
      );
      if (parents.length > 0)
        throw new DomainError('conflict', PlaylistErrorCode.InPlaylist, 'Other playlists contain this playlist', {
          playlistIds: parents.map((row) => row.playlist_id),
        });
      await manager.query('DELETE FROM playlists WHERE id = $1', [id]);
      await this.audit.record(manager, {
        actor,
        action: 'delete',
        entityType: 'playlist',
        entityId: id,
        stationId,
        oldValue: snapshotOf(before),
      });
    });
  }

  private async write<T>(stationId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        await manager.query('SELECT id FROM playlists WHERE station_id = $1 ORDER BY id FOR UPDATE', [stationId]);
        return work(manager);
      });
    } catch (error) {
      if (isPgError(error, PgErrorCode.UniqueViolation, 'playlists_name_per_station'))
        throw new DomainError('conflict', PlaylistErrorCode.NameTaken, 'The station has a playlist of that name');
      throw error;
    }
  }

  private async replaceItems(
    manager: EntityManager,
    playlistId: string,
    stationId: string,
    items: readonly PlaylistItemInput[],
    smart: SmartQuery | null,
  ): Promise<void> {
    if (smart && items.length > 0)
      throw new DomainError(
        'invalid',
        PlaylistErrorCode.SmartWithItems,
        'A smart playlist chooses its items by its query: give it no items',
      );
    const assetIds = items.flatMap((item) => ('assetId' in item ? [item.assetId] : []));
    const childIds = items.flatMap((item) => ('playlistId' in item ? [item.playlistId] : []));
    const assetStations = await this.assets.stationsOf(manager, [...new Set(assetIds)]);
    const childRows: Array<{ id: string; station_id: string }> = childIds.length
      ? await manager.query('SELECT id, station_id FROM playlists WHERE id = ANY($1::uuid[])', [childIds])
      : [];
    const childStations = new Map(childRows.map((row) => [row.id, row.station_id]));
    items.forEach((item, position) => {
      const [id, owner] =
        'assetId' in item
          ? [item.assetId, assetStations.get(item.assetId)]
          : [item.playlistId, childStations.get(item.playlistId)];
      if (owner === undefined)
        throw new DomainError(
          'invalid',
          PlaylistErrorCode.ItemNotFound,
          `Item ${position}: no such asset or playlist`,
          {
            position,
            id,
          },
        );
      if (owner !== stationId)
        throw new DomainError(
          'invalid',
          PlaylistErrorCode.ItemOfAnotherStation,
          `Item ${position} belongs to another station`,
          { position, id },
        );
    });
    if (childIds.length > 0) {
      const [cycle]: Array<{ path: string[] }> = await manager.query(
        `WITH RECURSIVE reach(id, path) AS (
           SELECT c, ARRAY[$1::uuid, c] FROM unnest($2::uuid[]) AS c
           UNION ALL
           SELECT i.child_playlist_id, r.path || i.child_playlist_id FROM reach r JOIN playlist_items i ON i.playlist_id = r.id
            WHERE i.child_playlist_id IS NOT NULL AND r.id <> $1::uuid AND NOT i.child_playlist_id = ANY(r.path[2:]))
         SELECT path FROM reach WHERE id = $1::uuid LIMIT 1`,
        [playlistId, childIds],
      );
      if (cycle)
        throw new DomainError(
          'invalid',
          PlaylistErrorCode.Cycle,
          'A playlist cannot contain itself, directly or through other playlists',
          { path: cycle.path },
        );
    }
    await manager.query('DELETE FROM playlist_items WHERE playlist_id = $1', [playlistId]);
    if (items.length === 0) return;
    await manager.query(
      `INSERT INTO playlist_items (playlist_id, position, asset_id, child_playlist_id, weight)
       SELECT $1, ord - 1, a, c, w FROM unnest($2::uuid[], $3::uuid[], $4::integer[]) WITH ORDINALITY AS t(a, c, w, ord)`,
      [
        playlistId,
        items.map((item) => ('assetId' in item ? item.assetId : null)),
        items.map((item) => ('playlistId' in item ? item.playlistId : null)),
        items.map((item) => item.weight ?? 1),
      ],
    );
  }
}
