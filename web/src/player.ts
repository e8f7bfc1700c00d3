import type Hls from 'hls.js';
import type { ErrorData } from 'hls.js';
import { backoffDelay } from './backoff';

export type PlayerState =
  'loading' | 'playing' | 'paused' | 'buffering' | 'recovering' | 'offline' | 'blocked' | 'failed' | 'unsupported';

export interface QualityLevel {
  /** hls.js level index. */
  index: number;
  height: number;
  bitrate: number;
}

export interface QualityInfo {
  levels: QualityLevel[];
  /** -1 when hls.js picks the level itself. */
  selected: number;
  /** The level playing now (what "auto" chose). */
  playing: number;
}

export interface PlayerErrorRecord {
  type: string;
  details: string;
  fatal: boolean;
  reason?: string;
  at: number;
}

/** What the page exposes for tests and for people debugging a stream in the console. */
export interface PlayerDebugHook {
  hls: Hls | null;
  errors: PlayerErrorRecord[];
}

declare global {
  interface Window {
    __siaranPlayer?: PlayerDebugHook;
  }
}

export interface StreamPlayerOptions {
  media: HTMLMediaElement;
  src: string;
  onState: (state: PlayerState) => void;
  onQuality?: (quality: QualityInfo) => void;
  /** Fatal errors answered by retries (network) or restarts (everything else) before giving up. */
  maxAttempts?: number;
}

const HLS_MIME = 'application/vnd.apple.mpegurl';
/** Playing this long without a fatal error means the stream is healthy again: retries start afresh. */
const STABLE_AFTER_MS = 20000;
/** A second fatal media error this soon after recoverMediaError() means recovery does not help. */
const MEDIA_RECOVERY_WINDOW_MS = 5000;
const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 15000;
/** An offline channel is polled slowly and forever: it comes back when its source does. */
const OFFLINE_RETRY_MS = 15000;

/**
 * Plays a live HLS stream in a media element: hls.js where Media Source Extensions exist, the
 * browser's own HLS (Safari on iPhone) otherwise. Fatal hls.js errors are handled as the hls.js
 * guide recommends: media errors by recoverMediaError(), network errors by reloading with backoff,
 * anything else by a fresh start; after `maxAttempts` the player stops in the 'failed' state.
 */
export class StreamPlayer {
  readonly debug: PlayerDebugHook = { hls: null, errors: [] };
  private HlsClass: typeof Hls | null = null;
  private hls: Hls | null = null;
  private state: PlayerState = 'loading';
  private attempts = 0;
  private lastMediaRecovery = 0;
  private retryTimer: number | undefined;
  private stableTimer: number | undefined;
  private offline = false;
  private wantsPlay: boolean;
  private destroyed = false;
  private readonly mediaListeners: Array<[string, EventListener]> = [];

  constructor(private readonly options: StreamPlayerOptions & { autoplay: boolean }) {
    this.wantsPlay = options.autoplay;
    window.__siaranPlayer = this.debug;
    const media = options.media;
    this.listen('playing', () => {
      this.setState('playing');
      window.clearTimeout(this.stableTimer);
      this.stableTimer = window.setTimeout(() => (this.attempts = 0), STABLE_AFTER_MS);
    });
    this.listen('waiting', () => {
      if (this.state === 'playing') this.setState('buffering');
    });
    this.listen('pause', () => {
      if (this.state === 'playing' || this.state === 'buffering') this.setState('paused');
    });
    this.listen('error', () => {
      // With hls.js the media element's errors reach us as hls.js MEDIA_ERRORs; this is native HLS.
      if (!this.hls && media.error) this.retry(() => this.startNative());
    });
  }

  async start(): Promise<void> {
    this.setState('loading');
    const { default: HlsClass } = await import('hls.js');
    if (this.destroyed) return;
    this.HlsClass = HlsClass;
    if (HlsClass.isSupported()) this.startHls();
    else if (this.options.media.canPlayType(HLS_MIME)) this.startNative();
    else this.setState('unsupported');
  }

  /** A user's play: also brings a paused live stream back to the live edge. */
  play(): void {
    this.wantsPlay = true;
    if (this.state === 'failed') {
      this.restartNow();
      return;
    }
    const media = this.options.media;
    const live = this.hls?.liveSyncPosition;
    if (live !== null && live !== undefined && media.currentTime < live - 30) media.currentTime = live;
    this.playMedia();
  }

  pause(): void {
    this.wantsPlay = false;
    this.options.media.pause();
  }

  /** The retry button: start again from scratch with a fresh budget of attempts. */
  restartNow(): void {
    this.attempts = 0;
    this.wantsPlay = true;
    window.clearTimeout(this.retryTimer);
    this.restart();
  }

  /**
   * From now-playing: an offline channel has nothing to load, so retries stop (what plays still
   * plays out); when it comes back, the stream is reloaded at once.
   */
  setOffline(offline: boolean): void {
    if (offline === this.offline) return;
    this.offline = offline;
    if (offline) {
      if (this.state === 'playing') return;
      window.clearTimeout(this.retryTimer);
      this.hls?.stopLoad();
      this.setState('offline');
    } else if (this.state === 'offline' || this.state === 'failed') {
      this.restartNow();
    }
  }

  setQuality(index: number): void {
    if (!this.hls) return;
    // nextLevel switches at the next fragment, without flushing what is buffered (no stall).
    this.hls.nextLevel = index;
    this.emitQuality();
  }

  destroy(): void {
    this.destroyed = true;
    window.clearTimeout(this.retryTimer);
    window.clearTimeout(this.stableTimer);
    for (const [type, listener] of this.mediaListeners) this.options.media.removeEventListener(type, listener);
    this.hls?.destroy();
    this.hls = null;
    this.debug.hls = null;
  }

  private listen(type: string, listener: EventListener): void {
    this.options.media.addEventListener(type, listener);
    this.mediaListeners.push([type, listener]);
  }

  private setState(state: PlayerState): void {
    if (state === this.state) return;
    this.state = state;
    this.options.onState(state);
  }

  private startHls(): void {
    const HlsClass = this.HlsClass!;
    // Small back buffer for phones; no video bigger than the player is fetched unless chosen by hand.
    const hls = new HlsClass({
      backBufferLength: 30,
      capLevelToPlayerSize: this.options.media instanceof HTMLVideoElement,
    });
    this.hls = hls;
    this.debug.hls = hls;
    const { Events } = HlsClass;
    hls.on(Events.ERROR, (_event, data) => this.onHlsError(hls, data));
    hls.on(Events.MANIFEST_PARSED, () => {
      this.emitQuality();
      if (this.wantsPlay) this.playMedia();
      else this.setState('paused');
    });
    hls.on(Events.LEVEL_SWITCHED, () => this.emitQuality());
    hls.attachMedia(this.options.media);
    hls.loadSource(this.options.src);
  }

  private startNative(): void {
    const media = this.options.media;
    media.src = this.options.src;
    media.load();
    if (this.wantsPlay) this.playMedia();
    else this.setState('paused');
  }

  private playMedia(): void {
    const media = this.options.media;
    if (media.paused && this.state !== 'playing') this.setState(this.offline ? 'offline' : 'loading');
    media.play().catch((error: DOMException) => {
      // Browsers refuse to start sound without a gesture: wait for the play button.
      if (error.name === 'NotAllowedError') this.setState('blocked');
    });
  }

  private onHlsError(hls: Hls, data: ErrorData): void {
    this.debug.errors.push({
      type: data.type,
      details: data.details,
      fatal: data.fatal,
      reason: data.reason,
      at: Date.now(),
    });
    if (!data.fatal || hls !== this.hls) return;
    window.clearTimeout(this.stableTimer);
    const { ErrorTypes, ErrorDetails } = this.HlsClass!;
    if (data.type === ErrorTypes.MEDIA_ERROR && Date.now() - this.lastMediaRecovery > MEDIA_RECOVERY_WINDOW_MS) {
      this.lastMediaRecovery = Date.now();
      this.setState('recovering');
      hls.recoverMediaError();
      return;
    }
    if (data.type === ErrorTypes.NETWORK_ERROR) {
      const manifest =
        data.details === ErrorDetails.MANIFEST_LOAD_ERROR ||
        data.details === ErrorDetails.MANIFEST_LOAD_TIMEOUT ||
        data.details === ErrorDetails.MANIFEST_PARSING_ERROR;
      if (manifest && data.response?.code === 404) {
        // The channel has no live playlist: it is off air, not broken.
        this.setState('offline');
        // Known offline (now-playing): wait for it to say online. Otherwise look again now and then.
        if (!this.offline)
          this.retryTimer = window.setTimeout(() => hls.loadSource(this.options.src), OFFLINE_RETRY_MS);
        return;
      }
      this.retry(() => (manifest ? hls.loadSource(this.options.src) : hls.startLoad()));
      return;
    }
    this.retry(() => this.restart());
  }

  private retry(action: () => void): void {
    if (this.attempts >= (this.options.maxAttempts ?? 5)) {
      this.giveUp();
      return;
    }
    const delay = backoffDelay(this.attempts, RETRY_BASE_MS, RETRY_MAX_MS);
    this.attempts += 1;
    this.setState('recovering');
    window.clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(action, delay);
  }

  private restart(): void {
    this.hls?.destroy();
    this.hls = null;
    this.debug.hls = null;
    this.setState('loading');
    if (this.HlsClass?.isSupported()) this.startHls();
    else this.startNative();
  }

  private giveUp(): void {
    this.hls?.destroy();
    this.hls = null;
    this.debug.hls = null;
    this.options.media.removeAttribute('src');
    this.setState('failed');
  }

  private emitQuality(): void {
    const hls = this.hls;
    if (!hls || !this.options.onQuality) return;
    this.options.onQuality({
      levels: hls.levels.map((level, index) => ({ index, height: level.height, bitrate: level.bitrate })),
      selected: hls.autoLevelEnabled ? -1 : hls.nextLevel,
      playing: hls.currentLevel,
    });
  }
}
