import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FfmpegInstallation } from '@siaran/ffmpeg';
import { ObjectStorage } from '@siaran/storage';

const CHECK_TIMEOUT_MS = 3000;

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The components without which the system cannot do its job, each checked live. */
@Injectable()
export class ReadinessIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly objectStorage: ObjectStorage,
    private readonly ffmpegInstallation: FfmpegInstallation,
  ) {}

  async database(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('database');
    const started = process.hrtime.bigint();
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), 'PostgreSQL');
      return check.up({ latencyMs: elapsedMs(started) });
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  async storage(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('storage');
    const started = process.hrtime.bigint();
    try {
      await withTimeout(this.objectStorage.ping(), 'object storage');
      return check.up({ bucket: this.objectStorage.bucket, latencyMs: elapsedMs(started) });
    } catch (error) {
      return check.down({ bucket: this.objectStorage.bucket, message: (error as Error).message || String(error) });
    }
  }

  async ffmpeg(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('ffmpeg');
    try {
      const { ffmpeg, ffprobe } = await withTimeout(this.ffmpegInstallation.locate(), 'ffmpeg');
      return check.up({ version: ffmpeg.version, path: ffmpeg.path, source: ffmpeg.source, ffprobe: ffprobe.path });
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }
}

function elapsedMs(started: bigint): number {
  return Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
}
