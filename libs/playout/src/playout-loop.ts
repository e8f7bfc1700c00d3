import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '@siaran/time';
import { NowPlayingTracker } from './now-playing-tracker';
import { PlayoutChannels } from './playout-channels';
import { PlayoutEngine } from './playout-engine';
import { PlayoutSettings } from './playout-settings';
import { LiveSource } from './playout-sources';
import { PlayoutStore } from './playout-store';
import { SlateMaker } from './slate';

const PRUNE_EVERY_MS = 60_000;

/** The worker's heartbeat for playout: make missing slates, extend every channel's timeline, prune old segments. */
@Injectable()
export class PlayoutLoop implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PlayoutLoop.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private lastPrune = 0;
  /** Channels whose live feeds changed since they were last planned for it. */
  private readonly liveChanged = new Set<string>();
  private liveRound?: Promise<void>;

  constructor(
    private readonly engine: PlayoutEngine,
    private readonly channels: PlayoutChannels,
    private readonly slates: SlateMaker,
    private readonly store: PlayoutStore,
    private readonly tracker: NowPlayingTracker,
    private readonly settings: PlayoutSettings,
    private readonly clock: Clock,
    private readonly live: LiveSource,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.settings.enabled) return;
    this.live.onChange((channelId) => this.planLiveSoon(channelId));
    this.schedule(0);
  }

  /**
   * A live segment was stored (or a feed started or ended) in this process: the channel is
   * planned at once, so the segment joins the timeline within moments instead of at the next tick.
   */
  private planLiveSoon(channelId: string): void {
    this.liveChanged.add(channelId);
    this.liveRound ??= (async () => {
      while (this.liveChanged.size > 0 && !this.stopped) {
        const ids = [...this.liveChanged];
        this.liveChanged.clear();
        try {
          const channels = (await this.channels.all()).filter((channel) => ids.includes(channel.id));
          for (const channelId of await this.engine.tick(channels)) this.tracker.invalidate(channelId);
        } catch (error) {
          this.logger.warn(`planning a live change failed: ${(error as Error).message}`);
        }
      }
    })().finally(() => (this.liveRound = undefined));
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.round().finally(() => {
        this.running = undefined;
        this.schedule(this.settings.tickMs);
      });
    }, delayMs);
  }

  private async round(): Promise<void> {
    try {
      // A channel without a chosen filler gets its slate, the filler of last resort, once.
      const channels = await this.channels.all();
      for (const channel of channels)
        if (!channel.slateAssetId && !channel.fillerAssetId) void this.slates.ensure(channel);
      for (const channelId of await this.engine.tick(channels)) this.tracker.invalidate(channelId);
      const now = this.clock.now().getTime();
      if (now - this.lastPrune >= PRUNE_EVERY_MS) {
        this.lastPrune = now;
        const pruned = await this.store.pruneSegments(new Date(now - this.settings.segmentRetentionMs));
        if (pruned) this.logger.debug(`pruned ${pruned} old segments`);
      }
    } catch (error) {
      this.logger.error(`playout round failed: ${(error as Error).message}`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.all([this.running, this.liveRound]);
  }
}
