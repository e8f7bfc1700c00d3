import { Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsRegistry } from '@siaran/observability';
import type { FeedVerdict, LiveInputKind } from '../feed';
import type { RefusalReason } from '../input-credentials';

type VerdictReason = Extract<FeedVerdict, { accepted: false }>['reason'];

/** Why a studio's connection was refused before its feed reached the session manager, or by it. */
export type HandshakeRefusal =
  RefusalReason | VerdictReason | 'bad-request' | 'unsupported-format' | 'handshake-timeout' | 'remote-play';

export interface RefusedHandshake {
  kind: LiveInputKind;
  reason: HandshakeRefusal;
  remoteAddress: string;
  inputId?: string;
  message?: string;
}

/** Counts (`siaran_input_refused_handshakes_total{kind,reason}`) and logs every refused handshake. */
@Injectable()
export class RefusedHandshakes {
  private readonly logger = new Logger('Ingest');
  private readonly counter: Counter<'kind' | 'reason'>;

  constructor(metrics: MetricsRegistry) {
    this.counter = new Counter({
      name: 'siaran_input_refused_handshakes_total',
      help: 'Studio connections refused at the handshake (wrong key or password, unknown input, second publisher…), by input kind and reason.',
      labelNames: ['kind', 'reason'],
      registers: [metrics.registry],
    });
  }

  record(refusal: RefusedHandshake): void {
    this.counter.inc({ kind: refusal.kind, reason: refusal.reason });
    const input = refusal.inputId ? ` input ${refusal.inputId}` : '';
    const message = refusal.message ? `: ${refusal.message}` : '';
    this.logger.warn(`${refusal.kind}${input} refused (${refusal.reason}) from ${refusal.remoteAddress}${message}`);
  }
}

/** `::ffff:1.2.3.4` (an IPv4 client of a dual-stack socket) as `1.2.3.4`. */
export function plainAddress(address: string | undefined): string {
  if (!address) return 'unknown';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

export function isLoopback(address: string | undefined): boolean {
  const plain = plainAddress(address);
  return plain === '::1' || plain.startsWith('127.');
}
