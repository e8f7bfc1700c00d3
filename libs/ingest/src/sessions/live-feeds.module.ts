import { Module } from '@nestjs/common';
import { MediaModule } from '@siaran/media';
import { LiveChanges } from './live-changes';
import { LiveFeeds } from './live-feeds';
import { LiveInputStates } from './live-input-states';
import { LiveSessionStore } from './live-session-store';

/** The read side of live sessions, for every process that plans or answers what airs. */
@Module({
  imports: [MediaModule],
  providers: [LiveSessionStore, LiveChanges, LiveFeeds, LiveInputStates],
  exports: [LiveSessionStore, LiveChanges, LiveFeeds, LiveInputStates],
})
export class LiveFeedsModule {}
