import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@siaran/config';

/** Playout tuning, from the validated configuration. */
@Injectable()
export class PlayoutSettings {
  readonly enabled: boolean;
  readonly tickMs: number;
  readonly lookaheadMs: number;
  readonly maxBackfillMs: number;
  readonly windowSegments: number;
  readonly segmentRetentionMs: number;
  /** A live item's next segment may be this many segment durations late before filler stands in. */
  readonly liveFallbackSegments: number;
  /** Good segments in a row a live feed must deliver before it airs again. */
  readonly liveReturnSegments: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.enabled = config.playout.enabled;
    this.tickMs = config.playout.tickMs;
    this.lookaheadMs = config.playout.lookaheadSeconds * 1000;
    this.maxBackfillMs = 5 * 60 * 1000;
    this.windowSegments = config.playout.windowSegments;
    this.segmentRetentionMs = 60 * 60 * 1000;
    this.liveFallbackSegments = config.live.fallbackSegments;
    this.liveReturnSegments = config.live.returnSegments;
  }
}
