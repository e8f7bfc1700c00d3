import { getJson, type NowPlaying } from './api';

export interface NowPlayingFeedOptions {
  /** Server-Sent Events URL sending `event: now-playing` with one channel's NowPlaying as data. */
  eventsUrl: string;
  /** JSON URLs to poll when SSE is unavailable (one per channel). */
  pollUrls: () => string[];
  onData: (data: NowPlaying) => void;
  pollIntervalMs?: number;
  /** Consecutive SSE failures (without a message in between) before falling back to polling. */
  maxSseFailures?: number;
  /** While polling, SSE is tried again every this many polls. */
  sseRetryEveryPolls?: number;
}

/**
 * Now-playing updates pushed over SSE. EventSource reconnects by itself after a dropped
 * connection; when it keeps failing (or the server refuses the stream), the feed polls the JSON
 * instead and tries SSE again from time to time.
 */
export class NowPlayingFeed {
  private source: EventSource | null = null;
  private sseFailures = 0;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private polls = 0;
  private stopped = false;

  constructor(private readonly options: NowPlayingFeedOptions) {}

  get mode(): 'sse' | 'polling' {
    return this.pollTimer === undefined ? 'sse' : 'polling';
  }

  start(): void {
    this.openSse();
  }

  stop(): void {
    this.stopped = true;
    this.source?.close();
    this.source = null;
    this.stopPolling();
  }

  /** One immediate JSON read, e.g. when a programme should have ended and no event came yet. */
  refresh(): void {
    void this.pollOnce();
  }

  private openSse(): void {
    if (this.stopped || typeof EventSource === 'undefined') {
      this.startPolling();
      return;
    }
    this.source?.close();
    const source = new EventSource(this.options.eventsUrl);
    this.source = source;
    source.addEventListener('now-playing', (event) => {
      this.sseFailures = 0;
      this.stopPolling();
      this.deliver((event as MessageEvent<string>).data);
    });
    source.onerror = () => {
      this.sseFailures += 1;
      // CLOSED: the server refused the stream (wrong status or type); EventSource will not retry.
      if (source.readyState === EventSource.CLOSED || this.sseFailures >= (this.options.maxSseFailures ?? 3)) {
        source.close();
        if (this.source === source) this.source = null;
        this.startPolling();
      }
    };
  }

  private deliver(raw: string): void {
    try {
      this.options.onData(JSON.parse(raw) as NowPlaying);
    } catch {
      // A malformed event is skipped; the next one (or the next poll) brings the state again.
    }
  }

  private startPolling(): void {
    if (this.stopped || this.pollTimer !== undefined) return;
    this.polls = 0;
    void this.pollOnce();
    this.pollTimer = setInterval(() => {
      this.polls += 1;
      void this.pollOnce();
      if (this.source === null && this.polls % (this.options.sseRetryEveryPolls ?? 4) === 0) {
        this.sseFailures = 0;
        this.openSse();
      }
    }, this.options.pollIntervalMs ?? 15000);
  }

  private stopPolling(): void {
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }

  private async pollOnce(): Promise<void> {
    await Promise.all(
      this.options.pollUrls().map(async (url) => {
        try {
          const data = await getJson<NowPlaying>(url);
          if (!this.stopped) this.options.onData(data);
        } catch {
          // Kept as is until the next poll.
        }
      }),
    );
  }
}
