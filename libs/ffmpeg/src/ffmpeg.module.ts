import { Global, Module } from '@nestjs/common';
import { FfmpegInstallation } from './ffmpeg-installation';
import { FfmpegRunner } from './ffmpeg-runner';

@Global()
@Module({ providers: [FfmpegInstallation, FfmpegRunner], exports: [FfmpegInstallation, FfmpegRunner] })
export class FfmpegModule {}
