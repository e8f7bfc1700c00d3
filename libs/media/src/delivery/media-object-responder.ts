import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@siaran/core';
import { isStorageUnavailable, ObjectNotFoundError, ObjectStorage, StorageUnavailableError } from '@siaran/storage';

export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

export type ByteRange = { start: number; end: number };

/**
 * Parses a single `bytes=` range against an object of `size` bytes (RFC 9110 14.1.2).
 * Undefined: serve the whole object; 'unsatisfiable': answer 416.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

export function storageError(error: unknown, what: string): unknown {
  if (error instanceof ObjectNotFoundError) return new DomainError('not-found', 'MEDIA_NOT_FOUND', `No such ${what}.`);
  if (isStorageUnavailable(error))
    return new StorageUnavailableError('Object storage cannot be reached; try again shortly.');
  return error;
}

/**
 * Streams an object from object storage to an HTTP reply: Range, ETag/304, caching,
 * 404 for a missing object and 503 STORAGE_UNAVAILABLE when storage is down.
 * Never a redirect. Shared by VOD and live delivery.
 */
@Injectable()
export class MediaObjectResponder {
  constructor(private readonly storage: ObjectStorage) {}

  async send(
    request: FastifyRequest,
    reply: FastifyReply,
    key: string,
    options: { contentType: string; cacheControl: string },
  ): Promise<FastifyReply> {
    let stat;
    try {
      stat = await this.storage.stat(key);
    } catch (error) {
      throw storageError(error, 'media object');
    }
    const etag = stat.etag ? `"${stat.etag}"` : undefined;
    void reply
      .header('Content-Type', options.contentType)
      .header('Cache-Control', options.cacheControl)
      .header('Accept-Ranges', 'bytes')
      .header('Last-Modified', stat.lastModified.toUTCString());
    if (etag) void reply.header('ETag', etag);
    if (etag && request.headers['if-none-match'] === etag) return reply.status(304).send();

    const range = parseRange(request.headers.range, stat.size);
    if (range === 'unsatisfiable') {
      return reply
        .status(416)
        .header('Content-Range', `bytes */${stat.size}`)
        .header('Content-Type', 'application/json')
        .send({ statusCode: 416, code: 'RANGE_NOT_SATISFIABLE', message: `The object has ${stat.size} bytes.` });
    }
    const length = range ? range.end - range.start + 1 : stat.size;
    void reply.header('Content-Length', String(length));
    if (range) void reply.status(206).header('Content-Range', `bytes ${range.start}-${range.end}/${stat.size}`);
    try {
      const body = range ? await this.storage.getRange(key, range.start, length) : await this.storage.get(key);
      return reply.send(body);
    } catch (error) {
      throw storageError(error, 'media object');
    }
  }
}
