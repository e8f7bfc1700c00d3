import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { Clock } from '@siaran/time';
import { AssetStore } from '../assets/asset-store';
import { TranscodeQueue } from '../queue/transcode-queue';
import { WorkingDirectories } from '../transcode/working-directories';
import { TranscodeJobHandler } from './transcode-job-handler';

const RECOVERY_INTERVAL_MS = 5000;

/**
 * The worker side of the media library: takes transcode jobs from the queue, and
 * revives those of workers that died (their lease ran out) so they are retried.
 */
@Injectable()
export class MediaWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(MediaWorker.name);
  private started = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: TranscodeQueue,
    private readonly handler: TranscodeJobHandler,
    private readonly store: AssetStore,
    private readonly workDirs: WorkingDirectories,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.workDirs.sweep();
    await this.queue.work(
      this.config.transcode.concurrency,
      (job) => this.handler.handle(job),
      () => this.handler.stopAll(),
    );
    this.started = true;
    this.logger.log(`taking transcode jobs, ${this.config.transcode.concurrency} at a time`);
  }

  @Interval(RECOVERY_INTERVAL_MS)
  async recoverLostTranscodes(): Promise<void> {
    if (!this.started) return;
    try {
      for (const lost of await this.store.releaseExpiredLeases(this.clock.now())) {
        this.logger.warn(`the transcode of ${lost.assetId} (${lost.preset}) lost its worker: retrying it`);
        if (!lost.jobId) continue;
        const job = await this.queue.job(lost.jobId);
        if (job?.state === 'active') await this.queue.fail(lost.jobId, 'the worker transcoding it stopped responding');
        const after = await this.queue.job(lost.jobId);
        if (!after || !['created', 'retry', 'active'].includes(after.state)) {
          await this.store.failVariant(
            lost.assetId,
            lost.preset,
            null,
            { code: 'TRANSCODE_GAVE_UP', reason: 'The transcode lost its worker too many times.' },
            this.clock.now(),
          );
        }
      }
    } catch (error) {
      this.logger.warn(`recovery of lost transcodes failed: ${(error as Error).message}`);
    }
  }
}
