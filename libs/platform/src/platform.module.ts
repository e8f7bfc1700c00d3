import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AppConfig, ConfigModule, Connections } from '@siaran/config';
import { DatabaseModule } from '@siaran/database';
import { FfmpegModule } from '@siaran/ffmpeg';
import { HealthModule } from '@siaran/health';
import { FastLaneModule, SseModule } from '@siaran/http';
import { createLoggingModule, MetricsModule, OperatorConsoleModule } from '@siaran/observability';
import { StorageModule } from '@siaran/storage';
import { TimeModule } from '@siaran/time';

/** What every process needs: config, logs, metrics, database, storage, ffmpeg, clock, health. */
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, connections: Connections): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot(config, connections),
        createLoggingModule(config.logLevel, config.logFormat),
        MetricsModule,
        OperatorConsoleModule,
        DatabaseModule,
        StorageModule,
        FfmpegModule,
        TimeModule,
        SseModule.forRoot({ perAddress: config.http.sseMaxPerAddress, total: config.http.sseMaxStreams }),
        FastLaneModule,
        ScheduleModule.forRoot(),
        HealthModule,
      ],
    };
  }
}
