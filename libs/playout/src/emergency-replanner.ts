import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EmergencySource } from './emergency-source';
import { LivePlaylists } from './live-playlists';
import { NowPlayingTracker } from './now-playing-tracker';
import { NowPlayingService } from './now-playing.service';
import { PlayoutChannels } from './playout-channels';
import { PlayoutEngine } from './playout-engine';

/**
 * An override created, changed or ended in this process is planned at once on every channel
 * it changes, before the request is answered: it switches in at the next segment boundary no
 * player has been given. Now-playing answers and playlists are built afresh for its alert.
 */
@Injectable()
export class EmergencyReplanner implements OnModuleInit {
  private readonly logger = new Logger(EmergencyReplanner.name);

  constructor(
    private readonly source: EmergencySource,
    private readonly engine: PlayoutEngine,
    private readonly channels: PlayoutChannels,
    private readonly nowPlaying: NowPlayingService,
    private readonly tracker: NowPlayingTracker,
    private readonly playlists: LivePlaylists,
  ) {}

  onModuleInit(): void {
    this.source.onChange((overrideId) => this.replan(overrideId));
  }

  private async replan(overrideId: string): Promise<void> {
    const channels = await this.channels.all();
    const changed = await this.engine.tick(channels);
    for (const channel of channels) {
      this.nowPlaying.forget(channel.id);
      this.playlists.forget(channel.id);
      this.tracker.invalidate(channel.id);
    }
    this.logger.log(`override ${overrideId}: ${changed.length} channel(s) planned again`);
  }
}
