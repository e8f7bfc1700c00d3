import { IncomingHttpHeaders } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { Counter, Gauge } from 'prom-client';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { DomainError } from '@siaran/core';
import { MetricsRegistry } from '@siaran/observability';
import { ObjectBytes, ObjectStorage } from '@siaran/storage';
import { CONTENT_TYPES } from '../transcode/transcode-pipeline';
import { IMMUTABLE_CACHE, parseRange, storageError } from './media-object-responder';
import { WrittenSegments } from './written-segments';

/** A segment held in memory with the headers of its whole answer, made once. */
export interface CachedSegment {
  body: Buffer;
  etag?: string;
  headers: Readonly<Record<string, string>>;
}

/** A segment answer: the whole segment, a range of it (pointing into the held buffer), or 304. */
export interface SegmentAnswer {
  status: 200 | 206 | 304;
  headers: Readonly<Record<string, string>>;
  body: Buffer;
}

const EMPTY = Buffer.alloc(0);

/**
 * The answer to a GET of a held segment: 304 when If-None-Match names its ETag, 206 for a
 * satisfiable Range, else the whole segment; 'unsatisfiable' for a Range past its end.
 */
export function segmentAnswer(segment: CachedSegment, request: IncomingHttpHeaders): SegmentAnswer | 'unsatisfiable' {
  if (segment.etag && request['if-none-match'] === segment.etag)
    return { status: 304, headers: segment.headers, body: EMPTY };
  const range = parseRange(request.range, segment.body.length);
  if (range === 'unsatisfiable') return range;
  if (!range) return { status: 200, headers: segment.headers, body: segment.body };
  return {
    status: 206,
    headers: { ...segment.headers, 'content-range': `bytes ${range.start}-${range.end}/${segment.body.length}` },
    body: segment.body.subarray(range.start, range.end + 1),
  };
}

function cachedSegment(object: ObjectBytes): CachedSegment {
  const headers: Record<string, string> = {
    'content-type': CONTENT_TYPES.segment,
    'cache-control': IMMUTABLE_CACHE,
    'accept-ranges': 'bytes',
  };
  if (object.etag) headers.etag = object.etag;
  if (object.lastModified) headers['last-modified'] = object.lastModified;
  return { body: object.body, etag: object.etag, headers };
}

/**
 * Segments served at /media/<key>, held in memory up to MEDIA_CACHE_BYTES, least recently
 * used out. Segments never change once written, so a held one is served as is. Requests
 * for a segment being read wait for that one read (coalescing); a failed read is not kept,
 * so the next request reads again. Only segments the system registered are read
 * (WrittenSegments). Memory: the held bytes, plus one segment per read under way.
 */
@Injectable()
export class SegmentCache {
  private readonly held: LRUCache<string, CachedSegment>;
  private readonly reading = new Map<string, Promise<CachedSegment>>();
  private readonly timeoutMs: number;
  private readonly counts = { hits: 0, misses: 0, coalesced: 0, storageReads: 0 };
  private readingBytes = 0;

  constructor(
    private readonly storage: ObjectStorage,
    private readonly written: WrittenSegments,
    metrics: MetricsRegistry,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.held = new LRUCache({ maxSize: config.media.cacheBytes, sizeCalculation: (segment) => segment.body.length });
    this.timeoutMs = config.media.storageTimeoutMs;
    this.registerMetrics(metrics);
  }

  /**
   * The answer from a held segment, without waiting, counted as a hit; undefined when the
   * segment is not held or the Range is past its end (the caller's slower path answers those).
   */
  answerHeld(key: string, request: IncomingHttpHeaders): SegmentAnswer | undefined {
    const segment = this.held.get(key);
    const answer = segment && segmentAnswer(segment, request);
    if (!answer || answer === 'unsatisfiable') return undefined;
    this.counts.hits += 1;
    return answer;
  }

  /**
   * The segment from memory, or from the read of it already under way, or read once now.
   * Throws MEDIA_NOT_FOUND for a key the system did not write or storage does not have,
   * and STORAGE_UNAVAILABLE when storage fails or takes longer than MEDIA_STORAGE_TIMEOUT_MS.
   */
  async get(key: string): Promise<CachedSegment> {
    const held = this.held.get(key);
    if (held) {
      this.counts.hits += 1;
      return held;
    }
    const under = this.reading.get(key);
    if (under) {
      this.counts.coalesced += 1;
      return under;
    }
    this.counts.misses += 1;
    const read = this.read(key).finally(() => this.reading.delete(key));
    this.reading.set(key, read);
    return read;
  }

  private async read(key: string): Promise<CachedSegment> {
    if (!(await this.written.has(key))) throw new DomainError('not-found', 'MEDIA_NOT_FOUND', 'No such media object.');
    this.counts.storageReads += 1;
    let reserved = 0;
    try {
      const segment = cachedSegment(
        await this.storage.readWhole(key, this.timeoutMs, (bytes) => {
          reserved = bytes;
          this.readingBytes += bytes;
        }),
      );
      this.held.set(key, segment);
      return segment;
    } catch (error) {
      throw storageError(error, 'media object');
    } finally {
      this.readingBytes -= reserved;
    }
  }

  private registerMetrics(metrics: MetricsRegistry): void {
    const registers = [metrics.registry];
    const { counts, held } = this;
    const counter = (name: string, help: string, value: () => number) =>
      new Counter({
        name,
        help,
        registers,
        collect() {
          this.reset();
          this.inc(value());
        },
      });
    counter('media_cache_hits_total', 'Segment requests answered from the segment cache.', () => counts.hits);
    counter(
      'media_cache_misses_total',
      'Segment requests that found the segment neither held nor being read, and started its read.',
      () => counts.misses,
    );
    counter(
      'media_cache_coalesced_total',
      'Segment requests that waited for a read of the same segment already under way.',
      () => counts.coalesced,
    );
    counter(
      'media_cache_storage_reads_total',
      'Segment reads from object storage (at most one at a time per segment).',
      () => counts.storageReads,
    );
    const gauge = (name: string, help: string, value: () => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(value());
        },
      });
    gauge(
      'media_cache_bytes',
      'Bytes of segments held by the segment cache (at most MEDIA_CACHE_BYTES).',
      () => held.calculatedSize,
    );
    gauge('media_cache_segments', 'Segments held by the segment cache.', () => held.size);
    gauge(
      'media_cache_reading_bytes',
      'Bytes of the segments being read from object storage (one buffer per read under way).',
      () => this.readingBytes,
    );
  }
}
