import { LookupAddress, lookup as dnsLookup } from 'node:dns';
import { get as httpGet, IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { BlockList, isIP, LookupFunction } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { DomainError } from '@siaran/core';

const MAX_REDIRECTS = 5;
const CONNECT_TIMEOUT_MS = 15_000;
const IDLE_TIMEOUT_MS = 60_000;

/** Loopback, private, link-local, carrier-grade NAT and other non-public ranges (IPv4 and IPv6). */
export function privateAddresses(): BlockList {
  const list = new BlockList();
  for (const [net, prefix] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['224.0.0.0', 3],
  ] as const) {
    list.addSubnet(net, prefix, 'ipv4');
  }
  // IPv4-mapped IPv6 (::ffff:a.b.c.d) is checked against the IPv4 ranges by BlockList itself.
  for (const [net, prefix] of [
    ['::', 127],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
    ['64:ff9b::', 96],
  ] as const)
    list.addSubnet(net, prefix, 'ipv6');
  return list;
}

/** IMPORT_URL_REFUSED: a URL that is never fetched; IMPORT_FAILED: the URL did not give a file. */
export class ImportRefusedError extends DomainError {
  constructor(
    override readonly code: 'IMPORT_URL_REFUSED' | 'IMPORT_FAILED',
    message: string,
  ) {
    super(code === 'IMPORT_URL_REFUSED' ? 'invalid' : 'unprocessable', code, message);
  }
}

export interface FetchedBody {
  stream: IncomingMessage;
  contentLength?: number;
  contentType: string;
  fileName: string;
}

/**
 * Opens an http(s) URL for import. Unless IMPORT_ALLOW_PRIVATE_NETWORKS is set, refuses
 * hosts that resolve to loopback or private addresses, checked at connection time so a
 * DNS answer cannot change between the check and the connection.
 */
@Injectable()
export class UrlFetcher {
  private readonly blocked?: BlockList;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.blocked = config.media.importAllowPrivateNetworks ? undefined : privateAddresses();
  }

  async open(rawUrl: string): Promise<FetchedBody> {
    let url = parseHttpUrl(rawUrl);
    for (let redirects = 0; ; redirects += 1) {
      const response = await this.request(url);
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location) {
        response.resume();
        if (redirects >= MAX_REDIRECTS)
          throw new ImportRefusedError('IMPORT_FAILED', `The URL redirected more than ${MAX_REDIRECTS} times.`);
        url = parseHttpUrl(new URL(response.headers.location, url).toString());
        continue;
      }
      if (status !== 200) {
        response.resume();
        throw new ImportRefusedError('IMPORT_FAILED', `The URL answered HTTP ${status} instead of a file.`);
      }
      const length = Number(response.headers['content-length']);
      return {
        stream: response,
        contentLength: Number.isFinite(length) ? length : undefined,
        contentType: String(response.headers['content-type'] ?? 'application/octet-stream'),
        fileName: decodeURIComponent(url.pathname.split('/').pop() || 'import'),
      };
    }
  }

  private request(url: URL): Promise<IncomingMessage> {
    // An address written in the URL is connected to without any lookup: check it here.
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    const family = isIP(literal);
    if (this.blocked && family && this.blocked.check(literal, family === 6 ? 'ipv6' : 'ipv4')) {
      return Promise.reject(
        new ImportRefusedError(
          'IMPORT_URL_REFUSED',
          `Imports from private or loopback addresses (${literal}) are not allowed.`,
        ),
      );
    }
    const get = url.protocol === 'https:' ? httpsGet : httpGet;
    return new Promise((resolve, reject) => {
      const request = get(
        url,
        { lookup: this.lookup(), timeout: CONNECT_TIMEOUT_MS, headers: { 'user-agent': 'Siaran media import' } },
        (response) => {
          request.setTimeout(IDLE_TIMEOUT_MS);
          resolve(response);
        },
      );
      request.on('timeout', () =>
        request.destroy(new ImportRefusedError('IMPORT_FAILED', 'The URL did not answer in time.')),
      );
      request.on('error', (error) =>
        reject(
          error instanceof ImportRefusedError
            ? error
            : new ImportRefusedError('IMPORT_FAILED', `The URL could not be fetched: ${error.message}`),
        ),
      );
    });
  }

  private lookup(): LookupFunction | undefined {
    const blocked = this.blocked;
    if (!blocked) return undefined;
    return (hostname, options, callback) => {
      dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
        if (error) return callback(error, '', 0);
        const list = addresses as LookupAddress[];
        const refused = list.find((a) => blocked.check(a.address, a.family === 6 ? 'ipv6' : 'ipv4'));
        if (refused)
          return callback(
            new ImportRefusedError(
              'IMPORT_URL_REFUSED',
              `Imports from private or loopback addresses (${refused.address}) are not allowed.`,
            ),
            '',
            0,
          );
        if ((options as { all?: boolean }).all)
          return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
        return callback(null, list[0].address, list[0].family);
      });
    };
  }
}

function parseHttpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ImportRefusedError('IMPORT_URL_REFUSED', 'The import URL is not a valid URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ImportRefusedError('IMPORT_URL_REFUSED', 'Only http and https URLs can be imported.');
  if (url.username || url.password)
    throw new ImportRefusedError('IMPORT_URL_REFUSED', 'Import URLs may not carry credentials.');
  return url;
}
