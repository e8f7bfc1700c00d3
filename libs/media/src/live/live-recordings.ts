import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock } from '@siaran/time';
import { DataSource } from 'typeorm';
import { AssetEntity, AssetRenditionEntity, AssetSegmentEntity, AssetVariantEntity } from '../assets/asset.entities';
import { type LadderPreset } from '../presets/ladder-preset';
import { presetStreams } from '../presets/preset-streams';

export interface RecordedSegment {
  index: number;
  durationMs: number;
  recordedAt: Date;
  /** Segments were lost before this one. */
  discontinuity: boolean;
}

/**
 * The renditions of a variant that has no files to measure yet (a live recording): the rates
 * the preset encodes at, with the packetisation overhead, and the codecs, size and frame rate
 * the preset declares, as transcodes register theirs.
 */
export function presetRenditionRows(preset: LadderPreset): Array<Omit<AssetRenditionEntity, 'assetId' | 'preset'>> {
  return presetStreams(preset).map((stream, position) => ({
    name: stream.name,
    position,
    bandwidth: stream.bandwidth,
    averageBandwidth: stream.averageBandwidth,
    codecs: stream.codecs,
    width: stream.resolution?.width ?? null,
    height: stream.resolution?.height ?? null,
    frameRate: stream.frameRate ?? null,
  }));
}

/**
 * Live feeds recorded as assets of kind `live`: the channel preset's variant is ready from
 * the start and its segments grow as the live encoder stores them, so playout splices them
 * as it splices any asset's segments.
 */
@Injectable()
export class LiveRecordings {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** `id`, when given, is the asset's id: a live encoder may store segments under it before the recording is listed. */
  async create(request: { id?: string; stationId: string; title: string; preset: LadderPreset }): Promise<string> {
    const id = request.id ?? randomUUID();
    const now = this.clock.now();
    const preset = request.preset.name;
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(AssetEntity).insert({
        id,
        stationId: request.stationId,
        title: request.title.slice(0, 200),
        kind: 'live',
        status: 'ready',
        sourceKey: '',
        sourceName: '',
        sourceSize: 0,
        probe: null,
        song: null,
        durationMs: 0,
        posterKey: null,
        createdBy: null,
        createdAt: now,
        updatedAt: now,
      });
      await manager.getRepository(AssetVariantEntity).insert({
        assetId: id,
        preset,
        status: 'ready',
        progress: 100,
        etaSeconds: 0,
        cancelRequested: false,
        attempts: 0,
        durationMs: 0,
        queuedAt: now,
        startedAt: now,
      });
      await manager
        .getRepository(AssetRenditionEntity)
        .insert(presetRenditionRows(request.preset).map((row) => ({ assetId: id, preset, ...row })));
    });
    return id;
  }

  /** Records a stored segment and keeps the variant's and the asset's durations current, in one transaction. */
  async appendSegment(assetId: string, preset: LadderPreset, segment: RecordedSegment): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(AssetSegmentEntity).insert({
        assetId,
        preset: preset.name,
        index: segment.index,
        durationMs: segment.durationMs,
        recordedAt: segment.recordedAt,
        discontinuity: segment.discontinuity,
      });
      await manager.query(
        'UPDATE asset_variants SET duration_ms = COALESCE(duration_ms, 0) + $3 WHERE asset_id = $1 AND preset = $2',
        [assetId, preset.name, segment.durationMs],
      );
      await manager.query(
        'UPDATE assets SET duration_ms = COALESCE(duration_ms, 0) + $2, updated_at = $3 WHERE id = $1',
        [assetId, segment.durationMs, this.clock.now()],
      );
    });
  }

  /** The recording's segments from `fromIndex` on, in index order. */
  async segmentsSince(assetId: string, preset: LadderPreset, fromIndex: number): Promise<RecordedSegment[]> {
    const rows = (await this.dataSource.query(
      `SELECT segment_index, duration_ms, recorded_at, discontinuity FROM asset_segments
       WHERE asset_id = $1 AND preset = $2 AND segment_index >= $3 ORDER BY segment_index`,
      [assetId, preset.name, fromIndex],
    )) as Array<{ segment_index: number; duration_ms: number; recorded_at: Date | null; discontinuity: boolean }>;
    return rows.map((row) => ({
      index: row.segment_index,
      durationMs: row.duration_ms,
      recordedAt: row.recorded_at as Date,
      discontinuity: row.discontinuity,
    }));
  }

  /** The index the recording's next segment takes. */
  async nextIndex(assetId: string, preset: LadderPreset): Promise<number> {
    const [row] = (await this.dataSource.query(
      'SELECT coalesce(max(segment_index) + 1, 0) AS next FROM asset_segments WHERE asset_id = $1 AND preset = $2',
      [assetId, preset.name],
    )) as Array<{ next: number }>;
    return Number(row.next);
  }

  /** The last `count` segments of each recording, in index order: what playout plans live items from. */
  async recentSegments(assetIds: readonly string[], count: number): Promise<Map<string, RecordedSegment[]>> {
    const result = new Map<string, RecordedSegment[]>();
    if (assetIds.length === 0) return result;
    const rows = (await this.dataSource.query(
      `SELECT r.asset_id, s.segment_index, s.duration_ms, s.recorded_at, s.discontinuity
         FROM unnest($1::uuid[]) AS r(asset_id)
         CROSS JOIN LATERAL (
           SELECT segment_index, duration_ms, recorded_at, discontinuity FROM asset_segments
            WHERE asset_id = r.asset_id AND recorded_at IS NOT NULL
            ORDER BY segment_index DESC LIMIT $2) s
        ORDER BY r.asset_id, s.segment_index`,
      [[...new Set(assetIds)], count],
    )) as Array<{
      asset_id: string;
      segment_index: number;
      duration_ms: number;
      recorded_at: Date;
      discontinuity: boolean;
    }>;
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

  /** The feed is over: the recording is complete. */
  async finish(assetId: string): Promise<void> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      await manager.query('UPDATE asset_variants SET finished_at = $2 WHERE asset_id = $1', [assetId, now]);
      await manager.query('UPDATE assets SET updated_at = $2 WHERE id = $1', [assetId, now]);
    });
  }
}
