import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CONNECTIONS, Connections } from '@siaran/config';
import { DomainError } from '@siaran/core';
import { Clock } from '@siaran/time';

/**
 * How long a signed VOD URL opens an asset's playlists. Players read a VOD's playlists once,
 * when playback starts (segments are fetched from their own URLs), so the grant only has to
 * outlive the page that holds it: a working day of a producer's open library.
 */
export const VOD_GRANT_SECONDS = 8 * 3600;

/** An HMAC-SHA256 in base64url: 43 characters. */
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;
const EXPIRES = /^[1-9][0-9]{0,11}$/;

export interface VodGrant {
  /** Unix seconds after which the URL no longer opens. */
  expires: number;
  signature: string;
}

export type VodGrantRefusal = 'missing' | 'malformed' | 'invalid' | 'expired';

/**
 * The key that signs VOD URLs, derived from the live secrets key (HKDF, its own label) so that
 * every API replica signs alike with nothing more to configure, and one key never serves two uses.
 */
export function vodSigningKey(secretsKeyHex: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secretsKeyHex, 'hex'), Buffer.alloc(0), 'siaran vod urls', 32));
}

export function vodSignature(key: Buffer, assetId: string, expires: number): string {
  return createHmac('sha256', key).update(`${assetId}\n${expires}`).digest('base64url');
}

/** Why the query of a VOD request does not open `assetId` at `nowSeconds`, or undefined when it does. */
export function vodGrantRefusal(
  key: Buffer,
  assetId: string,
  query: { expires?: unknown; signature?: unknown },
  nowSeconds: number,
): VodGrantRefusal | undefined {
  const { expires, signature } = query;
  if (expires === undefined && signature === undefined) return 'missing';
  if (typeof expires !== 'string' || typeof signature !== 'string') return 'malformed';
  if (!EXPIRES.test(expires) || !SIGNATURE.test(signature)) return 'malformed';
  const expected = Buffer.from(vodSignature(key, assetId, Number(expires)));
  if (!timingSafeEqual(expected, Buffer.from(signature))) return 'invalid';
  return Number(expires) < nowSeconds ? 'expired' : undefined;
}

const REFUSALS: Record<VodGrantRefusal, () => DomainError> = {
  missing: () =>
    new DomainError(
      'unauthorized',
      'VOD_SIGNATURE_REQUIRED',
      'Library assets play from a signed URL: the vodUrl or playlistUrl of the asset in /api/v1/assets, for a user of its station.',
    ),
  malformed: () =>
    new DomainError(
      'invalid',
      'VOD_SIGNATURE_MALFORMED',
      'expires must be Unix seconds and signature 43 base64url characters, both as the signed URL gave them.',
    ),
  invalid: () =>
    new DomainError('forbidden', 'VOD_SIGNATURE_INVALID', 'The signature does not match this asset and expiry.'),
  expired: () =>
    new DomainError(
      'forbidden',
      'VOD_URL_EXPIRED',
      'This signed URL has expired: read the asset again from /api/v1/assets for a new one.',
    ),
};

/**
 * Short-lived signed URLs for the VOD playlists of library assets (`?expires=…&signature=…`):
 * unaired programmes are not for the public, while the asset's station users hand the URL to any
 * player. Aired programmes are public through catch-up instead.
 */
@Injectable()
export class VodGrants {
  private readonly key: Buffer;

  constructor(
    @Inject(CONNECTIONS) connections: Pick<Connections, 'liveSecretsKey'>,
    private readonly clock: Clock,
  ) {
    this.key = vodSigningKey(connections.liveSecretsKey);
  }

  grant(assetId: string): VodGrant {
    const expires = Math.floor(this.clock.now().getTime() / 1000) + VOD_GRANT_SECONDS;
    return { expires, signature: vodSignature(this.key, assetId, expires) };
  }

  /** `path` with a fresh grant for `assetId` as its query. */
  sign(path: string, assetId: string): string {
    return `${path}?${grantQuery(this.grant(assetId))}`;
  }

  /** The grant a request carries for `assetId`; a 400, 401 or 403 DomainError when it carries none that opens it. */
  check(assetId: string, query: { expires?: unknown; signature?: unknown }): VodGrant {
    const refusal = vodGrantRefusal(this.key, assetId, query, this.clock.now().getTime() / 1000);
    if (refusal) throw REFUSALS[refusal]();
    return { expires: Number(query.expires), signature: query.signature as string };
  }
}

export function grantQuery(grant: VodGrant): string {
  return `expires=${grant.expires}&signature=${grant.signature}`;
}
