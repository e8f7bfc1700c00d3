import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ObjectStorage, StorageKeys } from '@siaran/storage';
import { ALL_CHANNELS, NowPlayingTracker } from './now-playing-tracker';
import { NowPlaying } from './now-playing';
import { PlayoutSettings } from './playout-settings';

/**
 * Keeps a static copy of every public channel's now-playing JSON in object storage,
 * rewritten on each change, for a CDN to serve without touching the API.
 */
@Injectable()
export class NowPlayingPublisher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(NowPlayingPublisher.name);
  private unsubscribe?: () => void;
  private writes = Promise.resolve();

  constructor(
    private readonly tracker: NowPlayingTracker,
    private readonly storage: ObjectStorage,
    private readonly settings: PlayoutSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.settings.enabled) return;
    this.unsubscribe = this.tracker.subscribe(ALL_CHANNELS, (value) => this.publish(value));
  }

  private publish(value: NowPlaying): void {
    // One write at a time, in order: the last change always wins.
    this.writes = this.writes
      .then(() =>
        this.storage.put(
          StorageKeys.nowPlaying(value.channel.slug),
          JSON.stringify(value),
          'application/json; charset=utf-8',
        ),
      )
      .catch((error: Error) =>
        this.logger.warn(`now-playing copy of ${value.channel.slug} not written: ${error.message}`),
      );
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.unsubscribe?.();
    await this.writes;
  }
}
