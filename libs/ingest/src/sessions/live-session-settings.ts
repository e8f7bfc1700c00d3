import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { SRT_LATENCY_MS } from '../inputs/input-connection';

/** How live sessions are held and supervised, from the validated configuration. */
@Injectable()
export class LiveSessionSettings {
  /** A worker that stops renewing its lease for this long loses its sessions to another worker. */
  readonly leaseMs = 10_000;
  readonly leaseRenewMs = 3_000;
  /** How often SRT listeners and relays are checked and (re)armed. */
  readonly armEveryMs = 2_000;
  /** A studio reconnecting within this goes on with the same recording. */
  readonly resumeWithinMs = 60_000;
  /** A studio may connect this long before its slot when publishing outside slots is refused. */
  readonly earlyConnectMs = 5 * 60_000;
  readonly restartBackoffMaxMs = 10_000;
  /** Ingest runs where playout runs: a process with playout off arms no listener and pulls no relay. */
  readonly enabled: boolean;
  readonly srtLatencyMs: number;
  readonly ingestHost: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.enabled = config.playout.enabled;
    this.srtLatencyMs = SRT_LATENCY_MS;
    this.ingestHost = config.live.host;
  }
}
