import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ApiError } from '@siaran/http';
import { Clock } from '@siaran/time';
import { LadderPresets } from '../presets/ladder-presets';
import { MediaRefusedError } from '../probe/media-probe';
import { queueExecutorOf, TranscodeQueue } from '../queue/transcode-queue';
import { planTranscode } from '../transcode/transcode-plan';
import { AssetEntity, VariantStatus } from './asset.entities';
import { AssetStore } from './asset-store';

/** How an asset stands on one channel's ladder: `missing` when it was never queued for it. */
export type SourceReadiness = VariantStatus | 'missing';

/**
 * What the schedule asks of the media library: may this asset air on that channel (and
 * if its ladder is missing, queue it), how ready are the assets of a channel's entries,
 * is an asset scheduled anywhere. Queries only the scheduling tables it must.
 */
@Injectable()
export class MediaForSchedule {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: AssetStore,
    private readonly presets: LadderPresets,
    private readonly queue: TranscodeQueue,
    private readonly clock: Clock,
  ) {}

  /**
   * Inside a schedule write's transaction: the asset must exist and belong to the channel's
   * station; when it lacks the channel's ladder, that transcode is queued with the write.
   */
  async prepareSource(manager: EntityManager, assetId: string, channel: { stationId: string; ladderPreset: string }): Promise<void> {
    const asset = await manager.findOne(AssetEntity, { where: { id: assetId }, lock: { mode: 'pessimistic_read' } });
    if (!asset) throw new ApiError(404, 'ASSET_NOT_FOUND', `No asset ${assetId}`);
    if (asset.stationId !== channel.stationId) throw new ApiError(400, 'ASSET_OF_ANOTHER_STATION', 'The asset belongs to another station than the channel');
    const has = await manager.query('SELECT 1 FROM asset_variants WHERE asset_id = $1 AND preset = $2', [assetId, channel.ladderPreset]);
    if (has.length > 0) return;
    if (!asset.probe) throw new ApiError(409, 'ASSET_NOT_PROBED', 'The asset is still being uploaded; schedule it once it is queued.');
    let decisions: string[];
    try {
      decisions = planTranscode(this.presets.get(channel.ladderPreset), asset.probe).decisions;
    } catch (error) {
      if (error instanceof MediaRefusedError) throw new ApiError(422, error.code, error.message);
      throw error;
    }
    const jobId = await this.queue.send({ assetId, preset: channel.ladderPreset }, queueExecutorOf(manager));
    await this.store.insertVariant(manager, assetId, { preset: channel.ladderPreset, jobId, decisions }, this.clock.now());
    await this.store.refreshAssetStatus(manager, assetId, this.clock.now());
  }

  /**
   * Inside the transaction of a channel write that changed its ladder: every asset the channel
   * may still air (entries not over by `now` and their changed occurrences, its filler and its
   * generated slate) gets that ladder queued, as a schedule write would.
   */
  async prepareChannel(manager: EntityManager, channel: { id: string; stationId: string; ladderPreset: string }, now: Date): Promise<void> {
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT e.source_asset_id AS id FROM schedule_entries e
         WHERE e.channel_id = $1 AND e.source_asset_id IS NOT NULL AND (e.span_end IS NULL OR e.span_end > $2)
       UNION SELECT x.source_asset_id FROM schedule_exceptions x JOIN schedule_entries e ON e.id = x.entry_id
         WHERE e.channel_id = $1 AND x.source_asset_id IS NOT NULL AND (e.span_end IS NULL OR e.span_end > $2)
       UNION SELECT filler_asset_id FROM channel_playout WHERE channel_id = $1 AND filler_asset_id IS NOT NULL
       UNION SELECT slate_asset_id FROM channel_playout WHERE channel_id = $1 AND slate_asset_id IS NOT NULL
       ORDER BY id`,
      [channel.id, now],
    );
    for (const { id } of rows) await this.prepareSource(manager, id, channel);
  }

  /** Readiness of assets on a channel's ladder, in one query. */
  async readinessOnChannel(channelId: string, assetIds: string[]): Promise<Map<string, SourceReadiness>> {
    const ids = [...new Set(assetIds)];
    if (ids.length === 0) return new Map();
    const rows: Array<{ id: string; status: VariantStatus | null }> = await this.dataSource.query(
      `SELECT a.id, v.status FROM unnest($2::uuid[]) AS a(id)
       LEFT JOIN asset_variants v ON v.asset_id = a.id AND v.preset = (SELECT ladder_preset FROM channels WHERE id = $1)`,
      [channelId, ids],
    );
    return new Map(rows.map((r) => [r.id, r.status ?? 'missing']));
  }

  async isScheduled(assetId: string): Promise<boolean> {
    const [row] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM schedule_entries WHERE source_asset_id = $1)
           OR EXISTS (SELECT 1 FROM schedule_exceptions WHERE source_asset_id = $1) AS scheduled`,
      [assetId],
    );
    return row.scheduled === true;
  }

  /** The ladder presets of a station's channels; null when there is no such station. */
  async stationPresets(stationId: string): Promise<string[] | null> {
    const [row] = await this.dataSource.query(
      `SELECT s.id, coalesce(array_agg(DISTINCT c.ladder_preset) FILTER (WHERE c.id IS NOT NULL), '{}') AS presets
       FROM stations s LEFT JOIN channels c ON c.station_id = s.id WHERE s.id = $1 GROUP BY s.id`,
      [stationId],
    );
    return row ? (row.presets as string[]) : null;
  }
}
