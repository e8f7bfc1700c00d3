import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { FfmpegRunner } from '@siaran/ffmpeg';
import { AssetIngest, LadderPresets, WorkingDirectories } from '@siaran/media';
import { ObjectStorage, StorageKeys } from '@siaran/storage';
import { PlayoutChannel, PlayoutChannels } from './playout-channels';
import { slateArgs, slateSeconds } from './slate-args';

export function slateTitle(channel: Pick<PlayoutChannel, 'kind' | 'name'>): string {
  return channel.kind === 'tv' ? `Slate · ${channel.name}` : `Jeda siaran (hening) · ${channel.name}`;
}

/** Makes the generated slate of a channel that has nothing to fall back on. */
@Injectable()
export class SlateMaker {
  private readonly logger = new Logger(SlateMaker.name);
  private readonly making = new Set<string>();

  constructor(
    private readonly channels: PlayoutChannels,
    private readonly runner: FfmpegRunner,
    private readonly workDirs: WorkingDirectories,
    private readonly storage: ObjectStorage,
    private readonly ingest: AssetIngest,
    private readonly presets: LadderPresets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Starts making a slate unless the channel has one (in any state) or one is being made. */
  async ensure(channel: PlayoutChannel): Promise<void> {
    if (channel.slateAssetId || this.making.has(channel.id)) return;
    this.making.add(channel.id);
    const dir = await this.workDirs.create(`slate-${channel.id}`);
    try {
      const textFile = join(dir, 'title.txt');
      await writeFile(textFile, channel.name);
      const fileName = channel.kind === 'tv' ? 'slate.mp4' : 'slate.m4a';
      const output = join(dir, fileName);
      const seconds = slateSeconds(this.presets.get(channel.preset).segmentSeconds);
      await this.runner.run(slateArgs({ kind: channel.kind, textFile, seconds, output }), {
        timeoutMs: 120_000,
        stallTimeoutMs: 60_000,
        nice: this.config.transcode.nice,
        cwd: dir,
      });
      const assetId = randomUUID();
      const sourceKey = StorageKeys.assetSource(assetId, fileName);
      const { size } = await stat(output);
      await this.storage.put(
        sourceKey,
        createReadStream(output),
        channel.kind === 'tv' ? 'video/mp4' : 'audio/mp4',
        size,
      );
      await this.ingest.ingest({
        id: assetId,
        stationId: channel.stationId,
        title: slateTitle(channel),
        kind: 'filler',
        sourceKey,
        sourceName: fileName,
        sourceSize: size,
        createdBy: null,
        presets: [channel.preset],
      });
      await this.channels.setSlate(channel.id, assetId);
      this.logger.log(`slate of ${channel.slug} queued for transcoding (asset ${assetId})`);
    } catch (error) {
      this.logger.error(`slate of ${channel.slug} could not be made: ${(error as Error).message}`);
    } finally {
      this.making.delete(channel.id);
      await this.workDirs.remove(dir);
    }
  }
}
