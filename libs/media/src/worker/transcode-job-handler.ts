import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { FfmpegError, Progress } from '@siaran/ffmpeg';
import { ObjectStorage, StorageKeys } from '@siaran/storage';
import { Clock } from '@siaran/time';
import { AssetStore, Failure, HeartbeatVerdict } from '../assets/asset-store';
import { LadderPresets, UnknownPresetError } from '../presets/ladder-presets';
import { MediaRefusedError } from '../probe/media-probe';
import { TranscodeJob } from '../queue/transcode-queue';
import { PermanentTranscodeError, TranscodePipeline } from '../transcode/transcode-pipeline';

const HEARTBEAT_MS = 3000;

/** Why a running transcode was told to stop. */
class StopRequest extends Error {
  constructor(readonly why: 'cancel' | 'lost' | 'shutdown') {
    super(`transcode stopped: ${why}`);
  }
}

export type JobOutcome = { outcome: 'ready' | 'failed' | 'skipped' | 'cancelled' | 'abandoned'; reason?: string };

/**
 * Handles one transcode job: claims the variant, runs the pipeline under a heartbeat
 * (lease, progress, cancellation), records the result. Bad media fails at once;
 * transient faults are thrown so that the queue retries them with backoff.
 */
@Injectable()
export class TranscodeJobHandler {
  private readonly logger = new Logger(TranscodeJobHandler.name);
  private readonly running = new Set<AbortController>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: AssetStore,
    private readonly pipeline: TranscodePipeline,
    private readonly presets: LadderPresets,
    private readonly storage: ObjectStorage,
    private readonly clock: Clock,
  ) {}

  /** Stops every running transcode (ffmpeg killed) so that its job is retried by the next worker. */
  stopAll(): void {
    for (const controller of this.running) controller.abort(new StopRequest('shutdown'));
  }

  async handle(job: TranscodeJob): Promise<JobOutcome> {
    const { assetId, preset: presetName } = job.data;
    const attemptId = randomUUID();
    const variant = await this.store.claimVariant(assetId, presetName, attemptId, job.id, this.clock.now());
    if (!variant) return { outcome: 'skipped', reason: 'the variant is not waiting for a transcode' };
    const asset = await this.store.findAsset(assetId);
    if (!asset?.probe) {
      await this.store.failVariant(
        assetId,
        presetName,
        attemptId,
        { code: 'ASSET_NOT_PROBED', reason: 'The asset has no probe result.' },
        this.clock.now(),
      );
      return { outcome: 'failed' };
    }

    const controller = new AbortController();
    this.running.add(controller);
    let progress: Progress = { percent: 0 };
    const beat = async () => {
      const verdict: HeartbeatVerdict = await this.store.heartbeat(
        assetId,
        presetName,
        attemptId,
        progress,
        this.clock.now(),
      );
      if (verdict !== 'continue' && !controller.signal.aborted) controller.abort(new StopRequest(verdict));
    };
    const timer = setInterval(
      () =>
        void beat().catch((error: Error) =>
          this.logger.warn(`heartbeat of ${assetId} (${presetName}) failed: ${error.message}`),
        ),
      HEARTBEAT_MS,
    );
    this.logger.log(`transcoding ${assetId} to ${presetName} (attempt ${variant.attempts}, job ${job.id})`);
    try {
      const preset = this.presets.get(presetName);
      const result = await this.pipeline.run(
        { assetId, stationId: asset.stationId, sourceKey: asset.sourceKey, probe: asset.probe, preset },
        {
          signal: controller.signal,
          onProgress: (p) => (progress = p),
          checkpoint: async () => {
            await beat();
            if (controller.signal.aborted) throw controller.signal.reason;
          },
        },
      );
      if (await this.store.completeVariant(assetId, presetName, attemptId, result, this.clock.now())) {
        this.logger.log(
          `${assetId} (${presetName}) is ready: ${result.segmentDurationsMs.length} segments, ${result.durationMs} ms`,
        );
        return { outcome: 'ready' };
      }
      return this.abandon(assetId, presetName);
    } catch (error) {
      return await this.onFailure(
        job,
        attemptId,
        controller.signal.reason instanceof StopRequest ? controller.signal.reason : error,
      );
    } finally {
      clearInterval(timer);
      this.running.delete(controller);
    }
  }

  private async onFailure(job: TranscodeJob, attemptId: string, error: unknown): Promise<JobOutcome> {
    const { assetId, preset } = job.data;
    const now = () => this.clock.now();
    if (error instanceof StopRequest) {
      if (error.why === 'lost') return this.abandon(assetId, preset);
      if (error.why === 'cancel') {
        await this.removeObjects(assetId, preset);
        await this.store.failVariant(
          assetId,
          preset,
          attemptId,
          { code: 'CANCELLED', reason: 'The transcode was cancelled.' },
          now(),
        );
        return { outcome: 'cancelled' };
      }
      await this.store
        .requeueAttempt(assetId, preset, attemptId, 'the worker was shut down during the transcode', now())
        .catch(() => undefined);
      throw new Error('the worker shut down during the transcode');
    }
    const permanent = permanentFailure(error, this.config);
    if (permanent) {
      this.logger.warn(`${assetId} (${preset}) failed: ${permanent.reason}`);
      await this.removeObjects(assetId, preset);
      await this.store.failVariant(assetId, preset, attemptId, permanent, now());
      return { outcome: 'failed', reason: permanent.reason };
    }
    const message = (error as Error).message || String(error);
    if (job.retryCount >= job.retryLimit) {
      this.logger.error(`${assetId} (${preset}) failed after ${job.retryCount + 1} attempts: ${message}`);
      await this.removeObjects(assetId, preset);
      await this.store.failVariant(
        assetId,
        preset,
        attemptId,
        {
          code: 'TRANSCODE_GAVE_UP',
          reason: `The transcode failed ${job.retryCount + 1} times; the last error: ${message}`,
        },
        now(),
      );
      return { outcome: 'failed', reason: message };
    }
    this.logger.warn(`${assetId} (${preset}) will be retried: ${message}`);
    await this.removeObjects(assetId, preset);
    await this.store
      .requeueAttempt(assetId, preset, attemptId, `retrying after: ${message}`, now())
      .catch(() => undefined);
    throw error;
  }

  /** The variant was deleted or taken over: leave it, and clear its objects only when nobody owns it any more. */
  private async abandon(assetId: string, preset: string): Promise<JobOutcome> {
    if ((await this.store.variantStatus(assetId, preset)) === null) await this.removeObjects(assetId, preset);
    return { outcome: 'abandoned' };
  }

  private async removeObjects(assetId: string, preset: string): Promise<void> {
    try {
      await this.pipeline.removeVariantObjects(assetId, preset);
      if ((await this.store.findAsset(assetId)) === null)
        await this.storage.removePrefix(StorageKeys.assetPrefix(assetId));
    } catch (error) {
      // Storage may be the fault itself: the next attempt clears the variant's prefix before writing.
      this.logger.warn(`could not remove partial objects of ${assetId} (${preset}): ${(error as Error).message}`);
    }
  }
}

/** Failures no retry can fix, with the message shown to producers. */
export function permanentFailure(error: unknown, config: AppConfig): Failure | undefined {
  if (error instanceof MediaRefusedError) return { code: error.code, reason: error.message, detail: error.detail };
  if (error instanceof PermanentTranscodeError)
    return { code: error.code, reason: error.message, detail: error.detail };
  if (error instanceof UnknownPresetError)
    return { code: 'UNKNOWN_PRESET', reason: `The ladder preset ${error.preset} is not configured on this worker.` };
  if (error instanceof FfmpegError) {
    const detail = error.stderrTail.join('\n');
    if (error.kind === 'timeout')
      return {
        code: 'TRANSCODE_TIMEOUT',
        reason: `The transcode ran longer than the limit of ${Math.round(config.transcode.timeoutMs / 1000)} s (TRANSCODE_TIMEOUT_MS) and was stopped.`,
        detail,
      };
    if (error.kind === 'stalled')
      return {
        code: 'TRANSCODE_STALLED',
        reason: `ffmpeg made no progress for ${Math.round(config.transcode.stallTimeoutMs / 1000)} s and was stopped: the source may be damaged or unreadable.`,
        detail,
      };
    if (error.kind === 'failed' && !/No space left on device|Cannot allocate memory/.test(detail)) {
      return {
        code: 'TRANSCODE_FAILED',
        reason: 'ffmpeg could not transcode the file: it is damaged or uses a format that cannot be decoded.',
        detail,
      };
    }
  }
  return undefined;
}
