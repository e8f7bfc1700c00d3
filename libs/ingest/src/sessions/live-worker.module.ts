import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@siaran/config';
import { MediaModule } from '@siaran/media';
import { SchedulingModule } from '@siaran/scheduling';
import { LiveEncoder, LiveEncoderSettings } from '../encoder/live-encoder';
import { FeedHandler } from '../feed';
import { LiveInputsModule } from '../inputs/live-inputs.module';
import { IngestServersModule } from '../servers/ingest-servers.module';
import { type IngestServerSettings } from '../servers/ingest-server-settings';
import { FeedSources } from './feed-sources';
import { LiveFeedsModule } from './live-feeds.module';
import { LiveSessionSettings } from './live-session-settings';
import { LiveSessions } from './live-sessions';

/** The session manager, as the ingest servers' feed handler. */
@Module({
  imports: [LiveFeedsModule, LiveInputsModule, MediaModule, SchedulingModule],
  providers: [
    LiveSessions,
    LiveSessionSettings,
    FeedSources,
    LiveEncoder,
    {
      provide: LiveEncoderSettings,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        Object.assign(new LiveEncoderSettings(), { silenceSeconds: config.live.silenceSeconds }),
    },
    { provide: FeedHandler, useExisting: LiveSessions },
  ],
  exports: [LiveSessions, FeedHandler],
})
export class LiveSessionsModule {}

/**
 * Where ingest runs (the worker and the all-in-one): the RTMP and Icecast servers on their
 * ports (0 turns one off), and the live sessions. A process whose playout is off takes no feeds.
 */
export function ingestServerSettings(config: AppConfig): IngestServerSettings {
  const port = (value: number) => (config.playout.enabled && value > 0 ? value : null);
  return { host: config.live.host, rtmpPort: port(config.live.rtmpPort), icecastPort: port(config.live.icecastPort) };
}

@Module({
  imports: [
    LiveSessionsModule,
    IngestServersModule.register({
      imports: [LiveSessionsModule, LiveInputsModule],
      settings: { inject: [APP_CONFIG], useFactory: ingestServerSettings },
    }),
  ],
})
export class LiveWorkerModule {}
