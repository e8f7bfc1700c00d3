import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { FfmpegBinaries, locateFfmpeg } from './ffmpeg-locator';

/**
 * The ffmpeg and ffprobe this process uses. Located at boot (and logged); readiness
 * locates them again, so a fixed installation is picked up without a restart.
 */
@Injectable()
export class FfmpegInstallation {
  private readonly logger = new Logger(FfmpegInstallation.name);
  private binaries?: FfmpegBinaries;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get current(): FfmpegBinaries {
    if (!this.binaries) throw new Error('ffmpeg has not been located yet');
    return this.binaries;
  }

  async locate(): Promise<FfmpegBinaries> {
    this.binaries = await locateFfmpeg(this.config.ffmpeg);
    return this.binaries;
  }

  async onModuleInit(): Promise<void> {
    try {
      const { ffmpeg, ffprobe } = await this.locate();
      this.logger.log(
        `ffmpeg ${ffmpeg.version} at ${ffmpeg.path} (${ffmpeg.source}); ffprobe ${ffprobe.version} at ${ffprobe.path} (${ffprobe.source})`,
      );
    } catch (error) {
      // Not fatal: readiness reports ffmpeg as down until it can run.
      this.logger.error(`ffmpeg is not usable: ${(error as Error).message}`);
    }
  }
}
