import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Observable } from 'rxjs';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { DomainError } from '@siaran/core';
import {
  isStorageUnavailable,
  ObjectStorage,
  ObjectTooLargeError,
  StorageKeys,
  StorageUnavailableError,
} from '@siaran/storage';
import { Clock } from '@siaran/time';
import { LadderPresets } from '../presets/ladder-presets';
import { TranscodeQueue } from '../queue/transcode-queue';
import { AssetEntity, AssetKind, AssetVariantEntity } from './asset.entities';
import { AssetIngest } from './asset-ingest';
import type { SongTags } from '../probe/song-tags';
import { AssetListFilter, AssetStore } from './asset-store';
import { normaliseTags } from './asset-tags';
import { ImportRefusedError, UrlFetcher } from './url-fetcher';

export interface AssetDetails {
  asset: AssetEntity;
  variants: AssetVariantEntity[];
}

export interface NewUpload {
  stationId: string;
  createdBy: string | null;
  title: string;
  kind: AssetKind;
  presets: string[];
  /** Producers' tags (see `normaliseTags`). */
  tags?: string[];
  /** The audio track to air (1 for the first), instead of the file's default. */
  audioTrack?: number;
}

export interface UploadedFile {
  stream: AsyncIterable<Buffer> & { destroy?: () => void };
  fileName: string;
  contentType: string;
}

/** Polling interval of the progress stream (a database read of one asset). */
const EVENTS_POLL_MS = 1000;

/** The media library's use cases: upload, import, read, retry, cancel, delete. */
@Injectable()
export class AssetService {
  private readonly logger = new Logger(AssetService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: AssetStore,
    private readonly ingest: AssetIngest,
    private readonly storage: ObjectStorage,
    private readonly presets: LadderPresets,
    private readonly queue: TranscodeQueue,
    private readonly fetcher: UrlFetcher,
    private readonly clock: Clock,
  ) {}

  assertPresets(presets: string[]): void {
    const unknown = presets.filter((p) => !this.presets.has(p));
    if (unknown.length)
      throw new DomainError(
        'invalid',
        'UNKNOWN_PRESET',
        `Unknown ladder preset ${unknown.join(', ')}; configured: ${this.presets.names().join(', ')}`,
        { presets: unknown },
      );
    if (presets.length === 0)
      throw new DomainError('invalid', 'PRESETS_REQUIRED', 'Name at least one ladder preset to transcode for.');
  }

  /** Streams the file into object storage as it arrives, then probes and queues it. */
  async upload(upload: NewUpload, file: UploadedFile): Promise<AssetDetails> {
    this.assertPresets(upload.presets);
    const id = randomUUID();
    const key = StorageKeys.assetSource(id, file.fileName);
    let size: number;
    try {
      size = await this.storage.putStream(
        key,
        file.stream,
        file.contentType || 'application/octet-stream',
        this.config.media.uploadMaxBytes,
      );
    } catch (error) {
      await this.storage.remove([key]).catch(() => undefined);
      throw this.uploadError(error);
    }
    return this.ingestStored(upload, id, key, file.fileName, size);
  }

  /** Fetches an http(s) URL straight into object storage, with the upload's limits, then probes and queues it. */
  async importFromUrl(upload: NewUpload, url: string): Promise<AssetDetails> {
    this.assertPresets(upload.presets);
    const body = await this.fetcher.open(url);
    if (body.contentLength !== undefined && body.contentLength > this.config.media.uploadMaxBytes) {
      body.stream.destroy();
      throw uploadTooLarge(this.config.media.uploadMaxBytes);
    }
    const id = randomUUID();
    const key = StorageKeys.assetSource(id, body.fileName);
    let size: number;
    try {
      size = await this.storage.putStream(key, body.stream, body.contentType, this.config.media.uploadMaxBytes);
    } catch (error) {
      await this.storage.remove([key]).catch(() => undefined);
      if (error instanceof ImportRefusedError) throw error;
      throw error instanceof ObjectTooLargeError || isStorageUnavailable(error)
        ? this.uploadError(error)
        : new ImportRefusedError('IMPORT_FAILED', `The download broke off: ${(error as Error).message}`);
    }
    return this.ingestStored(upload, id, key, body.fileName, size);
  }

  async get(id: string): Promise<AssetDetails> {
    const asset = await this.store.findAsset(id);
    if (!asset) throw notFound(id);
    return { asset, variants: await this.store.findVariants(id) };
  }

  /** Replaces the producers' tags of an asset. */
  async setTags(id: string, tags: readonly string[]): Promise<AssetDetails> {
    if (!(await this.store.setTags(id, tags, this.clock.now()))) throw notFound(id);
    return this.get(id);
  }

  /** Corrects the song fields the tags gave (or fills them in). */
  async setSong(id: string, song: SongTags): Promise<AssetDetails> {
    if (!(await this.store.setSong(id, song, this.clock.now()))) throw notFound(id);
    return this.get(id);
  }

  async list(filter: AssetListFilter): Promise<{ items: AssetDetails[]; total: number }> {
    const { items, total } = await this.store.listAssets(filter);
    const variants = await this.store.findVariantsOf(items.map((a) => a.id));
    return {
      items: items.map((asset) => ({ asset, variants: variants.filter((v) => v.assetId === asset.id) })),
      total,
    };
  }

  /** Queues failed variants again, each with a new job. */
  async retry(id: string): Promise<AssetDetails> {
    const { variants } = await this.get(id);
    const failed = variants.filter((v) => v.status === 'failed');
    if (failed.length === 0)
      throw new DomainError('conflict', 'NOTHING_TO_RETRY', 'No transcode of this asset has failed.');
    await this.store.transaction(async (manager, executor) => {
      for (const v of failed)
        await this.store.requeueFailedVariant(
          manager,
          id,
          v.preset,
          await this.queue.send({ assetId: id, preset: v.preset }, executor),
          this.clock.now(),
        );
    });
    this.queue.wake();
    return this.get(id);
  }

  /** Stops queued and running transcodes; a running ffmpeg is killed within seconds by its worker. */
  async cancel(id: string): Promise<AssetDetails> {
    const { variants } = await this.get(id);
    if (!variants.some((v) => v.status === 'queued' || v.status === 'transcoding'))
      throw new DomainError('conflict', 'NOTHING_TO_CANCEL', 'No transcode of this asset is queued or running.');
    const { queuedJobs } = await this.store.requestCancel(id, this.clock.now(), {
      code: 'CANCELLED',
      reason: 'The transcode was cancelled.',
    });
    for (const job of queuedJobs) await this.queue.cancel(job);
    return this.get(id);
  }

  /** Removes every object of the asset, then its rows. Callers check first that it is not scheduled. */
  async remove(id: string): Promise<void> {
    const { variants } = await this.get(id);
    if (variants.some((v) => v.status === 'queued' || v.status === 'transcoding')) {
      const { queuedJobs } = await this.store.requestCancel(id, this.clock.now(), {
        code: 'CANCELLED',
        reason: 'The asset was deleted.',
      });
      for (const job of queuedJobs) await this.queue.cancel(job);
    }
    try {
      await this.storage.removePrefix(StorageKeys.assetPrefix(id));
    } catch (error) {
      if (isStorageUnavailable(error))
        throw new StorageUnavailableError(
          'Object storage cannot be reached; the asset was not deleted. Try again shortly.',
        );
      throw error;
    }
    await this.store.deleteAsset(id);
  }

  /** The asset's state every second while it changes, ending once it is ready or failed. */
  events(id: string): Observable<AssetDetails> {
    return new Observable<AssetDetails>((subscriber) => {
      let last = '';
      let stopped = false;
      const poll = async () => {
        while (!stopped) {
          const details = await this.get(id).catch((error: unknown) => {
            subscriber.error(error);
            return undefined;
          });
          if (!details) return;
          const state = JSON.stringify([
            details.asset.status,
            details.variants.map((v) => [v.status, v.progress, v.etaSeconds]),
          ]);
          if (state !== last) {
            last = state;
            subscriber.next(details);
          }
          if (details.asset.status === 'ready' || details.asset.status === 'failed') return subscriber.complete();
          await new Promise((resolve) => setTimeout(resolve, EVENTS_POLL_MS));
        }
      };
      void poll();
      return () => {
        stopped = true;
      };
    });
  }

  private async ingestStored(
    upload: NewUpload,
    id: string,
    key: string,
    fileName: string,
    size: number,
  ): Promise<AssetDetails> {
    try {
      await this.ingest.ingest({
        id,
        stationId: upload.stationId,
        title: upload.title,
        kind: upload.kind,
        sourceKey: key,
        sourceName: fileName,
        sourceSize: size,
        createdBy: upload.createdBy,
        presets: upload.presets,
        tags: normaliseTags(upload.tags ?? []),
        audioTrack: upload.audioTrack,
      });
    } catch (error) {
      if (isStorageUnavailable(error))
        throw new StorageUnavailableError('Object storage cannot be reached; upload again shortly.');
      throw error;
    }
    return this.get(id);
  }

  private uploadError(error: unknown): unknown {
    if (error instanceof ObjectTooLargeError || (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      return uploadTooLarge(this.config.media.uploadMaxBytes);
    if (isStorageUnavailable(error))
      return new StorageUnavailableError('Object storage cannot be reached; upload again shortly.');
    this.logger.warn(`upload failed: ${(error as Error).message}`);
    return new DomainError('invalid', 'UPLOAD_INTERRUPTED', `The upload did not complete: ${(error as Error).message}`);
  }
}

/** `413 UPLOAD_TOO_LARGE`: the file is past `UPLOAD_MAX_BYTES`. */
export function uploadTooLarge(limit: number): DomainError {
  return new DomainError(
    'too-large',
    'UPLOAD_TOO_LARGE',
    `The file is larger than the limit of ${limit} bytes (UPLOAD_MAX_BYTES).`,
    { limitBytes: limit },
  );
}

function notFound(id: string): DomainError {
  return new DomainError('not-found', 'ASSET_NOT_FOUND', `No asset ${id}.`);
}
