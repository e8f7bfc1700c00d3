import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { DomainError } from '@siaran/core';
import { isNonPublicAddress } from '@siaran/media';
import { IngestErrorCode } from './ingest-errors';

const RELAY_PROTOCOLS = ['http:', 'https:', 'rtmp:', 'rtmps:', 'srt:'];
const RELAY_URL_FORMS = 'http(s) (HLS, or Icecast/HTTP MP3, AAC or Ogg), rtmp(s):// or srt:// (caller)';

const invalid = (message: string) => new DomainError('invalid', IngestErrorCode.RelayUrlInvalid, message);

/** A URL a relay can pull, by its form alone; the addresses it reaches are checked by `RelayUrlPolicy`. */
export function parseRelayUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(`The relay URL is not a valid URL; give an ${RELAY_URL_FORMS} URL.`);
  }
  if (!RELAY_PROTOCOLS.includes(url.protocol))
    throw invalid(`A relay pulls ${RELAY_URL_FORMS} URLs, not ${url.protocol.replace(/:$/, '')}.`);
  if (!url.hostname) throw invalid('The relay URL names no host.');
  if (url.protocol === 'srt:') {
    if (!url.port) throw invalid('An srt:// relay URL needs the port of the station it calls.');
    const mode = url.searchParams.get('mode');
    if (mode !== null && mode !== 'caller')
      throw invalid('A relay calls the other station: an srt:// relay URL takes mode=caller or no mode.');
  }
  return url;
}

/**
 * Whether a relay may pull a URL: its form, and unless RELAY_ALLOW_PRIVATE_NETWORKS is set, the
 * addresses its host has now (no loopback or private network, as for imports from URL). The
 * relay checks again when it connects, since DNS answers change.
 */
@Injectable()
export class RelayUrlPolicy {
  private readonly refusesNonPublic: boolean;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.refusesNonPublic = !config.live.relayAllowPrivateNetworks;
  }

  async assertAllowed(raw: string): Promise<void> {
    const url = parseRelayUrl(raw);
    if (!this.refusesNonPublic) return;
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    const addresses = isIP(literal)
      ? [{ address: literal, family: isIP(literal) }]
      : await lookup(literal, { all: true }).catch(() => {
          throw new DomainError(
            'invalid',
            IngestErrorCode.RelayUrlUnresolved,
            `The host ${literal} of the relay URL could not be resolved.`,
          );
        });
    const refused = addresses.find((a) => isNonPublicAddress(a.address));
    if (refused)
      throw new DomainError(
        'invalid',
        IngestErrorCode.RelayUrlRefused,
        `Relays from private or loopback addresses (${refused.address}) are not allowed; RELAY_ALLOW_PRIVATE_NETWORKS=true allows them.`,
      );
  }
}
