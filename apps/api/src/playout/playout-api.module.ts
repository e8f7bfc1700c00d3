import { Module } from '@nestjs/common';
import { AuthModule } from '@siaran/auth';
import { LiveInputsModule } from '@siaran/ingest';
import { MediaModule } from '@siaran/media';
import { PlayoutModule } from '@siaran/playout';
import { ChannelOperationsController } from './channel-operations.controller';
import { LiveController } from './live.controller';
import { LiveTakeoverController } from './live-takeover.controller';
import { NowPlayingController } from './now-playing.controller';
import { StreamsHealthController } from './streams-health.controller';

@Module({
  imports: [PlayoutModule, MediaModule, AuthModule, LiveInputsModule],
  controllers: [
    LiveController,
    NowPlayingController,
    ChannelOperationsController,
    LiveTakeoverController,
    StreamsHealthController,
  ],
})
export class PlayoutApiModule {}
