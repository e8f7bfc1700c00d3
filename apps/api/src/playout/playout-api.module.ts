import { Module } from '@nestjs/common';
import { AuthModule } from '@siaran/auth';
import { MediaModule } from '@siaran/media';
import { PlayoutModule } from '@siaran/playout';
import { ChannelOperationsController } from './channel-operations.controller';
import { LiveController } from './live.controller';
import { NowPlayingController } from './now-playing.controller';
import { StreamsHealthController } from './streams-health.controller';

@Module({
  imports: [PlayoutModule, MediaModule, AuthModule],
  controllers: [LiveController, NowPlayingController, ChannelOperationsController, StreamsHealthController],
})
export class PlayoutApiModule {}
