import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '@siaran/core';
import { Clock } from '@siaran/time';
import { LadderPresets } from '../presets/ladder-presets';
import { queueExecutorOf, TranscodeQueue } from '../queue/transcode-queue';
import { planTranscode } from '../transcode/transcode-plan';
import { AssetEntity, VariantStatus } from './asset.entities';
import { ChannelAssetUsers } from './channel-asset-users';
import { AssetStore } from './asset-store';

/** How an asset stands on one channel's ladder: `missing` when it was never queued for it. */
export type SourceReadiness = VariantStatus | 'missing';

/**
 * What the schedule asks of the media library: may this asset air on that channel (and
 * if its ladder is missing, queue it), how ready are assets on a channel's ladder. Channels
 * and what they air are told by the caller and the registered `ChannelAssetUsers`: the
 * media library reads only its own tables.
 */
@Injectable()
export class MediaForSchedule {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: AssetStore,
    private readonly presets: LadderPresets,
    private readonly queue: TranscodeQueue,
    private readonly users: ChannelAssetUsers,
    private readonly clock: Clock,
  ) {}

  /**
   * Inside a schedule write's transaction: the asset must exist and belong to the channel's
   * station; when it lacks the channel's ladder, that transcode is queued with the write.
   */
  async prepareSource(
    manager: EntityManager,
    assetId: string,
    channel: { stationId: string; ladderPreset: string },
  ): Promise<void> {
    const asset = await manager.findOne(AssetEntity, { where: { id: assetId }, lock: { mode: 'pessimistic_read' } });
    if (!asset) throw new DomainError('not-found', 'ASSET_NOT_FOUND', `No asset ${assetId}`);
    if (asset.stationId !== channel.stationId)
      throw new DomainError(
        'invalid',
        'ASSET_OF_ANOTHER_STATION',
        'The asset belongs to another station than the channel',
      );
    const has = await manager.query('SELECT 1 FROM asset_variants WHERE asset_id = $1 AND preset = $2', [
      assetId,
      channel.ladderPreset,
    ]);
    if (has.length > 0) return;
    if (!asset.probe)
      throw new DomainError(
        'conflict',
        'ASSET_NOT_PROBED',
        'The asset is still being uploaded; schedule it once it is queued.',
      );
    const { decisions } = planTranscode(this.presets.get(channel.ladderPreset), asset.probe);
    const jobId = await this.queue.send({ assetId, preset: channel.ladderPreset }, queueExecutorOf(manager));
    await this.store.insertVariant(
      manager,
      assetId,
      { preset: channel.ladderPreset, jobId, decisions },
      this.clock.now(),
    );
    await this.store.refreshAssetStatus(manager, assetId, this.clock.now());
  }

  /**
   * Inside the transaction of a channel write that changed its ladder: every asset the channel
   * may still air (as its registered users say: scheduled airings not over by `now`, its filler,
   * its generated slate) gets that ladder queued, as a schedule write would.
   */
  async prepareChannel(
    manager: EntityManager,
    channel: { id: string; stationId: string; ladderPreset: string },
    now: Date,
  ): Promise<void> {
    for (const id of await this.users.assetsStillAired(manager, channel.id, now))
      await this.prepareSource(manager, id, channel);
  }

  /** Readiness of assets on a ladder, in one query. */
  async readinessOnLadder(preset: string, assetIds: string[]): Promise<Map<string, SourceReadiness>> {
    const ids = [...new Set(assetIds)];
    if (ids.length === 0) return new Map();
    const rows: Array<{ id: string; status: VariantStatus | null }> = await this.dataSource.query(
      `SELECT a.id, v.status FROM unnest($2::uuid[]) AS a(id)
       LEFT JOIN asset_variants v ON v.asset_id = a.id AND v.preset = $1`,
      [preset, ids],
    );
    return new Map(rows.map((r) => [r.id, r.status ?? 'missing']));
  }
}
