import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Injectable, Logger } from '@nestjs/common';
import { inputWhitelist } from '@siaran/ffmpeg';
import { isNonPublicAddress } from '@siaran/media';
import type { FeedSource } from '../feed';
import type { RelaySpec, SrtListenerSpec } from '../input-credentials';
import { srtListenerInputArgs } from '../servers/feed-input-args';
import { LiveSessionSettings } from './live-session-settings';

/** A feed that sends nothing for this long has dropped: ffmpeg gives up and the session notices. */
export const FEED_READ_TIMEOUT_US = 10_000_000;

/**
 * ffmpeg's input arguments for pulling a relay: reconnecting by itself over HTTP (HLS and
 * Icecast streams), a read timeout everywhere, and for HTTP only the protocols a stream needs
 * (an HLS playlist naming a local file or another scheme is refused).
 */
export function relayInputArgs(url: string): string[] {
  const scheme = new URL(url).protocol;
  if (scheme === 'http:' || scheme === 'https:')
    return [
      ...inputWhitelist({ protocols: 'http,https,tcp,tls,crypto' }),
      '-reconnect',
      '1',
      '-reconnect_streamed',
      '1',
      '-reconnect_on_network_error',
      '1',
      '-reconnect_delay_max',
      '5',
      '-rw_timeout',
      String(FEED_READ_TIMEOUT_US),
      '-i',
      url,
    ];
  if (scheme === 'srt:')
    return [...inputWhitelist({ protocols: 'srt,udp' }), '-timeout', String(FEED_READ_TIMEOUT_US), '-i', url];
  return [
    ...inputWhitelist({ protocols: 'rtmp,rtmps,tcp,tls' }),
    '-rw_timeout',
    String(FEED_READ_TIMEOUT_US),
    '-i',
    url,
  ];
}

/** How the live encoder reads the feeds a worker arms itself: SRT listeners and relays. */
@Injectable()
export class FeedSources {
  private readonly logger = new Logger(FeedSources.name);

  constructor(private readonly settings: LiveSessionSettings) {}

  srt(listener: SrtListenerSpec): FeedSource {
    return {
      inputArgs: srtListenerInputArgs({
        host: this.settings.ingestHost,
        port: listener.port,
        passphrase: listener.passphrase,
        latencyMs: this.settings.srtLatencyMs,
      }),
    };
  }

  /**
   * The relay's feed, or null when its host resolves to a private or loopback address and
   * private networks are not allowed (checked again at every connection: DNS may have changed).
   */
  async relay(relay: RelaySpec): Promise<FeedSource | null> {
    if (!relay.allowPrivateNetwork) {
      const host = new URL(relay.url).hostname.replace(/^\[|\]$/g, '');
      const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true });
      const refused = addresses.find((a) => isNonPublicAddress(a.address));
      if (refused) {
        this.logger.warn(
          `relay ${relay.input.name} refused: ${host} resolves to a private address (${refused.address})`,
        );
        return null;
      }
    }
    return { inputArgs: relayInputArgs(relay.url) };
  }
}
