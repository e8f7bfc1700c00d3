import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { StorageKeys } from '@siaran/storage';
import { Clock } from '@siaran/time';
import { LadderPresets } from '../presets/ladder-presets';
import { presetStreams } from '../presets/preset-streams';

/** A segment of a recording as the live encoder stored it (every rendition of it). */
export interface RecordedSegment {
  index: number;
  durationMs: number;
  recordedAt: Date;
  /** The feed broke before this segment (a reconnect, an encoder restart, a segment that could not be stored). */
  discontinuity: boolean;
}

export interface NewRecording {
  id: string;
  stationId: string;
  title: string;
  preset: string;
}

/**
 * Live sessions recorded as assets of kind `live`: ready in their channel's preset from the
 * start, with the preset's renditions, and growing by one segment each time the live encoder
 * has stored one in every rendition. Playout splices them as it splices any asset.
 */
@Injectable()
export class LiveRecordings {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly presets: LadderPresets,
    private readonly clock: Clock,
  ) {}

  async create(recording: NewRecording): Promise<string> {
    const preset = this.presets.get(recording.preset);
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO assets (id, station_id, title, kind, status, source_key, source_name, source_size, duration_ms, created_at, updated_at)
         VALUES ($1, $2, $3, 'live', 'ready', $4, 'live', 0, 0, $5, $5)`,
        [recording.id, recording.stationId, recording.title.slice(0, 200), StorageKeys.assetPrefix(recording.id), now],
      );
      await manager.query(
        `INSERT INTO asset_variants (asset_id, preset, status, progress, duration_ms, queued_at, started_at, finished_at)
         VALUES ($1, $2, 'ready', 100, 0, $3, $3, $3)`,
        [recording.id, preset.name, now],
      );
      for (const [position, stream] of presetStreams(preset).entries())
        await manager.query(
          `INSERT INTO asset_renditions (asset_id, preset, name, position, bandwidth, average_bandwidth, codecs, width, height, frame_rate)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            recording.id,
            preset.name,
            stream.name,
            position,
            stream.bandwidth,
            stream.averageBandwidth,
            stream.codecs,
            stream.resolution?.width ?? null,
            stream.resolution?.height ?? null,
            stream.frameRate ?? null,
          ],
        );
    });
    return recording.id;
  }

  /** Lists a stored segment; the recording's duration grows with it. */
  async appendSegment(assetId: string, preset: string, segment: RecordedSegment): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO asset_segments (asset_id, preset, segment_index, duration_ms, recorded_at, discontinuity)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [assetId, preset, segment.index, segment.durationMs, segment.recordedAt, segment.discontinuity],
      );
      await manager.query(
        'UPDATE asset_variants SET duration_ms = duration_ms + $3 WHERE asset_id = $1 AND preset = $2',
        [assetId, preset, segment.durationMs],
      );
      await manager.query('UPDATE assets SET duration_ms = duration_ms + $2, updated_at = $3 WHERE id = $1', [
        assetId,
        segment.durationMs,
        segment.recordedAt,
      ]);
    });
  }

  /** The index the recording's next segment takes. */
  async nextIndex(assetId: string, preset: string): Promise<number> {
    const [row] = (await this.dataSource.query(
      'SELECT coalesce(max(segment_index) + 1, 0) AS next FROM asset_segments WHERE asset_id = $1 AND preset = $2',
      [assetId, preset],
    )) as Array<{ next: number }>;
    return Number(row.next);
  }

  /** The last `count` segments of each recording, in index order. */
  async recentSegments(assetIds: readonly string[], count: number): Promise<Map<string, RecordedSegment[]>> {
    const result = new Map<string, RecordedSegment[]>();
    if (assetIds.length === 0) return result;
    const rows: Array<{
      asset_id: string;
      segment_index: number;
      duration_ms: number;
      recorded_at: Date;
      discontinuity: boolean;
    }> = await this.dataSource.query(
      `SELECT r.asset_id, s.segment_index, s.duration_ms, s.recorded_at, s.discontinuity
         FROM unnest($1::uuid[]) AS r(asset_id)
         CROSS JOIN LATERAL (
           SELECT segment_index, duration_ms, recorded_at, discontinuity FROM asset_segments
            WHERE asset_id = r.asset_id AND recorded_at IS NOT NULL
            ORDER BY segment_index DESC LIMIT $2) s
        ORDER BY r.asset_id, s.segment_index`,
      [[...new Set(assetIds)], count],
    );
    for (const row of rows)
      result.set(row.asset_id, [
        ...(result.get(row.asset_id) ?? []),
        {
          index: row.segment_index,
          durationMs: row.duration_ms,
          recordedAt: row.recorded_at,
          discontinuity: row.discontinuity,
        },
      ]);
    return result;
  }
}
