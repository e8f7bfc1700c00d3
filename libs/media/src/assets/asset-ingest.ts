import { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { ObjectStorage } from '@siaran/storage';
import { Clock } from '@siaran/time';
import { LadderPresets } from '../presets/ladder-presets';
import { MediaProber } from '../probe/media-prober';
import { MediaProbe } from '../probe/media-probe';
import { TranscodeQueue } from '../queue/transcode-queue';
import { planTranscode } from '../transcode/transcode-plan';
import { AssetEntity } from './asset.entities';
import { AssetStore, NewAsset } from './asset-store';
import { withAudioTrack } from '../probe/audio-track';

/** ffprobe reads the source over HTTP from object storage for this long at most. */
const PROBE_URL_SECONDS = 3600;

export interface StoredSource extends Omit<NewAsset, 'now'> {
  presets: string[];
  /** The audio track to air (1 for the first), instead of the file's default. */
  audioTrack?: number;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * From a source already in object storage to queued transcodes: probe (refusing what
 * cannot air, and then removing the source and the row), plan each preset, then record
 * the probe, the variants and their queue jobs in one transaction.
 */
@Injectable()
export class AssetIngest {
  private readonly logger = new Logger(AssetIngest.name);

  constructor(
    private readonly store: AssetStore,
    private readonly storage: ObjectStorage,
    private readonly prober: MediaProber,
    private readonly presets: LadderPresets,
    private readonly queue: TranscodeQueue,
    private readonly clock: Clock,
  ) {}

  async ingest(source: StoredSource): Promise<AssetEntity> {
    const { presets, audioTrack, ...asset } = source;
    await this.store.insertAsset({ ...asset, now: this.clock.now() }, 'uploaded');
    try {
      await this.store.setAssetStatus(asset.id, 'probing', this.clock.now());
      const probe = withAudioTrack(await this.probe(asset.sourceKey, asset.sourceSize), audioTrack);
      const plans = presets.map((preset) => planTranscode(this.presets.get(preset), probe));
      await this.store.transaction(async (manager, executor) => {
        const variants = [];
        for (const plan of plans)
          variants.push({
            preset: plan.preset,
            decisions: plan.decisions,
            jobId: await this.queue.send({ assetId: asset.id, preset: plan.preset }, executor),
          });
        await this.store.recordProbeAndVariants(manager, asset.id, probe, variants, this.clock.now());
      });
    } catch (error) {
      await this.discard(asset.id, asset.sourceKey);
      throw error;
    }
    this.queue.wake();
    return (await this.store.findAsset(asset.id)) as AssetEntity;
  }

  private async probe(key: string, sizeBytes: number): Promise<MediaProbe> {
    return this.prober.probe({
      location: await this.storage.presignedGetUrl(key, PROBE_URL_SECONDS),
      sizeBytes,
      read: async (offset, length) => readAll(await this.storage.getRange(key, offset, length)),
    });
  }

  /** Nothing of a refused or failed ingest stays: neither the row nor the stored source. */
  private async discard(assetId: string, sourceKey: string): Promise<void> {
    await this.store
      .deleteAsset(assetId)
      .catch((error: Error) => this.logger.error(`could not remove asset ${assetId}: ${error.message}`));
    await this.storage
      .remove([sourceKey])
      .catch((error: Error) => this.logger.error(`could not remove ${sourceKey}: ${error.message}`));
  }
}
