import { LookupAddress, lookup as dnsLookup } from 'node:dns';
import { get as httpGet, IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { DomainError } from '@siaran/core';
import { isNonPublicAddress } from './non-public-addresses';

const MAX_REDIRECTS = 5;
const CONNECT_TIMEOUT_MS = 15_000;
const IDLE_TIMEOUT_MS = 60_000;

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
  private readonly refusesNonPublic: boolean;
  private readonly timeoutMs: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.refusesNonPublic = !config.media.importAllowPrivateNetworks;
    this.timeoutMs = config.media.importTimeoutMs;
  }

  /**
   * The body of the file at the URL. The whole import, redirects and download included, must end
   * within IMPORT_TIMEOUT_MS: a server that trickles its answer cannot hold an import forever.
   */
  async open(rawUrl: string): Promise<FetchedBody> {
    const url = parseHttpUrl(rawUrl);
    const deadline = new AbortController();
    const timer = setTimeout(
      () =>
        deadline.abort(
          new ImportRefusedError(
            'IMPORT_FAILED',
            `The import did not finish within ${this.timeoutMs / 1000} s (IMPORT_TIMEOUT_MS).`,
          ),
        ),
      this.timeoutMs,
    );
    try {
      const body = await this.follow(url, deadline.signal);
      const stopOnDeadline = () => body.stream.destroy(deadline.signal.reason as Error);
      deadline.signal.addEventListener('abort', stopOnDeadline, { once: true });
      body.stream.once('close', () => {
        clearTimeout(timer);
        deadline.signal.removeEventListener('abort', stopOnDeadline);
      });
      return body;
    } catch (error) {
      clearTimeout(timer);
      throw error;
    }
  }

  private async follow(start: URL, deadline: AbortSignal): Promise<FetchedBody> {
    let url = start;
    for (let redirects = 0; ; redirects += 1) {
      const response = await this.request(url, deadline);
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

  private request(url: URL, deadline: AbortSignal): Promise<IncomingMessage> {
    // An address written in the URL is connected to without any lookup: check it here.
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (this.refusesNonPublic && isIP(literal) && isNonPublicAddress(literal)) {
      return Promise.reject(
        new ImportRefusedError(
          'IMPORT_URL_REFUSED',
          `Imports from private or loopback addresses (${literal}) are not allowed.`,
        ),
      );
    }
    const get = url.protocol === 'https:' ? httpsGet : httpGet;
    if (deadline.aborted) return Promise.reject(deadline.reason as Error);
    return new Promise((resolve, reject) => {
      const stopOnDeadline = () => request.destroy(deadline.reason as Error);
      const request = get(
        url,
        { lookup: this.lookup(), timeout: CONNECT_TIMEOUT_MS, headers: { 'user-agent': 'Siaran media import' } },
        (response) => {
          deadline.removeEventListener('abort', stopOnDeadline);
          request.setTimeout(IDLE_TIMEOUT_MS);
          resolve(response);
        },
      );
      deadline.addEventListener('abort', stopOnDeadline, { once: true });
      request.on('timeout', () =>
        request.destroy(new ImportRefusedError('IMPORT_FAILED', 'The URL did not answer in time.')),
      );
      request.on('error', (error) => {
        deadline.removeEventListener('abort', stopOnDeadline);
        reject(
          error instanceof ImportRefusedError
            ? error
            : new ImportRefusedError('IMPORT_FAILED', `The URL could not be fetched: ${error.message}`),
        );
      });
    });
  }

  private lookup(): LookupFunction | undefined {
    if (!this.refusesNonPublic) return undefined;
    return (hostname, options, callback) => {
      dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
        if (error) return callback(error, '', 0);
        const list = addresses as LookupAddress[];
        const refused = list.find((a) => isNonPublicAddress(a.address));
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
