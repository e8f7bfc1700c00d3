import { Module } from '@nestjs/common';
import { MediaModule } from '@siaran/media';
import { LiveChanges } from './live-changes';
import { LiveFeeds } from './live-feeds';
import { LiveSessionStore } from './live-session-store';

/** The read side of live sessions, for every process that plans or answers what airs. */
@Module({
  imports: [MediaModule],
  providers: [LiveSessionStore, LiveChanges, LiveFeeds],
  exports: [LiveSessionStore, LiveChanges, LiveFeeds],
})
export class LiveFeedsModule {}
