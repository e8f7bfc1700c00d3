import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Clock } from '@siaran/time';
import { NowPlaying, nowPlayingSignature } from './now-playing';
import { NowPlayingService } from './now-playing.service';
import { PlayoutChannels } from './playout-channels';

export type NowPlayingListener = (value: NowPlaying) => void;

export const ALL_CHANNELS = '*';
const POLL_MS = 1000;
/** Even without a boundary, look again this often: the schedule may have been edited elsewhere. */
const RECHECK_MS = 15_000;

interface Tracked {
  value: NowPlaying;
  signature: string;
  checkAt: number;
}

/**
 * Watches the channels someone listens to and tells listeners when what airs changes
 * (a programme boundary, a switch to filler, an edit of what comes next).
 */
@Injectable()
export class NowPlayingTracker implements OnModuleDestroy {
  private readonly logger = new Logger(NowPlayingTracker.name);
  private readonly listeners = new Map<string, Set<NowPlayingListener>>();
  private readonly tracked = new Map<string, Tracked>();
  private timer?: NodeJS.Timeout;
  private polling = false;

  constructor(
    private readonly nowPlaying: NowPlayingService,
    private readonly channels: PlayoutChannels,
    private readonly clock: Clock,
  ) {}

  /** `channelId`, or ALL_CHANNELS. Returns the unsubscribe function. */
  subscribe(channelId: string, listener: NowPlayingListener): () => void {
    let set = this.listeners.get(channelId);
    if (!set) {
      set = new Set();
      this.listeners.set(channelId, set);
    }
    set.add(listener);
    this.timer ??= setInterval(() => void this.poll(), POLL_MS);
    this.timer.unref();
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(channelId);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** The timeline of a channel changed in this process: look again at the next poll. */
  invalidate(channelId: string): void {
    const tracked = this.tracked.get(channelId);
    if (tracked) tracked.checkAt = 0;
  }

  /** Runs one round now (the interval does this every second). */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const now = this.clock.now().getTime();
      const all = this.listeners.has(ALL_CHANNELS);
      for (const channel of await this.channels.all()) {
        if (!all && !this.listeners.has(channel.id)) continue;
        const tracked = this.tracked.get(channel.id);
        if (tracked && now < tracked.checkAt) continue;
        const value = await this.nowPlaying.at(channel, now);
        const signature = nowPlayingSignature(value);
        const endsAt = value.now_playing?.ends_at ? Date.parse(value.now_playing.ends_at) : Infinity;
        this.tracked.set(channel.id, { value, signature, checkAt: Math.min(endsAt, now + RECHECK_MS) });
        if (tracked?.signature === signature) continue;
        for (const listener of [...(this.listeners.get(channel.id) ?? []), ...(this.listeners.get(ALL_CHANNELS) ?? [])])
          listener(value);
      }
    } catch (error) {
      this.logger.warn(`now-playing poll failed: ${(error as Error).message}`);
    } finally {
      this.polling = false;
    }
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.tracked.clear();
  }

  onModuleDestroy(): void {
    this.listeners.clear();
    this.stop();
  }
}
