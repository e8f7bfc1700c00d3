import { Inject, Injectable, Optional } from '@nestjs/common';
import { Client, BucketItemStat } from 'minio';
import { createWriteStream } from 'node:fs';
import { type IncomingMessage } from 'node:http';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { APP_CONFIG, AppConfig, CONNECTIONS, Connections } from '@siaran/config';
import { DomainError } from '@siaran/core';

export interface StoredObject {
  key: string;
  size: number;
}

/** A whole object read into memory, with the validators storage gave it. */
export interface ObjectBytes {
  body: Buffer;
  /** The ETag as storage sent it, quotes included. */
  etag?: string;
  /** An HTTP date. */
  lastModified?: string;
}

export class ObjectNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`object ${key} does not exist`);
    this.name = 'ObjectNotFoundError';
  }
}

/** Multipart uploads start above this size; parts are this size (the minio client's own rule). */
export const MULTIPART_PART_SIZE = 16 * 1024 * 1024;

/** S3 allows at most this many parts in one multipart upload. */
const MAX_PARTS = 10_000;

/** Parts of MULTIPART_PART_SIZE, larger when the limit needs it to fit in MAX_PARTS parts. */
export function partSizeFor(limitBytes: number): number {
  if (!Number.isFinite(limitBytes)) return MULTIPART_PART_SIZE;
  return Math.max(MULTIPART_PART_SIZE, Math.ceil(limitBytes / MAX_PARTS / (1024 * 1024)) * 1024 * 1024);
}

export class ObjectTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`the object is larger than the limit of ${limitBytes} bytes`);
    this.name = 'ObjectTooLargeError';
  }
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
]);

/** What a caller answers when isStorageUnavailable: nothing is wrong with the request, it is worth a retry. */
export class StorageUnavailableError extends DomainError {
  constructor(message: string) {
    super('unavailable', 'STORAGE_UNAVAILABLE', message);
  }
}

/** True when an error means "storage cannot be reached or is failing", not "this request is wrong": worth a retry. */
export function isStorageUnavailable(error: unknown): boolean {
  if (error instanceof StorageUnavailableError) return true;
  const { code, name, message } = (error ?? {}) as { code?: string; name?: string; message?: string };
  if (code && UNREACHABLE_CODES.has(code)) return true;
  if (code && /^(InternalError|ServiceUnavailable|SlowDown|RequestTimeout)$/.test(code)) return true;
  if (name === 'S3Error' && /^5\d\d/.test(String((error as { statusCode?: number }).statusCode ?? ''))) return true;
  return /socket hang up|ECONNREFUSED|ECONNRESET|other side closed/.test(message ?? '');
}

/** The one place that talks to S3/MinIO: every object read and write goes through here. */
@Injectable()
export class ObjectStorage {
  private readonly client: Client;
  readonly bucket: string;
  private readonly readTimeoutMs: number;

  constructor(@Inject(CONNECTIONS) connections: Connections, @Optional() @Inject(APP_CONFIG) config?: AppConfig) {
    const s3 = connections.s3;
    this.bucket = s3.bucket;
    this.readTimeoutMs = config?.storage.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
    this.client = new Client({
      endPoint: s3.endPoint,
      port: s3.port,
      useSSL: s3.useSSL,
      accessKey: s3.accessKey,
      secretKey: s3.secretKey,
      region: s3.region,
      pathStyle: true,
      partSize: MULTIPART_PART_SIZE,
    });
  }

  async ensureBucket(): Promise<void> {
    if (!(await this.client.bucketExists(this.bucket))) await this.client.makeBucket(this.bucket);
  }

  /** Cheap round trip used by readiness: throws when the server or bucket is unreachable. */
  async ping(): Promise<void> {
    if (!(await this.client.bucketExists(this.bucket))) throw new Error(`bucket ${this.bucket} does not exist`);
  }

  async put(key: string, body: Readable | Buffer | string, contentType: string, size?: number): Promise<void> {
    await this.client.putObject(this.bucket, key, body, size, { 'Content-Type': contentType });
  }

  /**
   * Streams `source` into `key` without holding it in memory: one part (MULTIPART_PART_SIZE,
   * or more for limits past 10,000 parts) at a time, a multipart upload once the body outgrows one part.
   * Past `limitBytes` it stops reading and throws ObjectTooLargeError; on any failure
   * the multipart upload is aborted so no parts are left behind. Returns the byte count.
   */
  async putStream(
    key: string,
    source: AsyncIterable<Buffer> & { destroy?: () => void },
    contentType: string,
    limitBytes = Number.POSITIVE_INFINITY,
  ): Promise<number> {
    const headers = { 'Content-Type': contentType };
    const parts: Array<{ part: number; etag: string }> = [];
    let uploadId: string | undefined;
    // One buffer, filled in place and reused for every part (each is sent before the next is filled).
    const part = Buffer.allocUnsafe(partSizeFor(limitBytes));
    let filled = 0;
    let total = 0;
    const uploadPart = async (body: Buffer) => {
      uploadId ??= await this.client.initiateNewMultipartUpload(this.bucket, key, headers);
      const partNumber = parts.length + 1;
      const { etag } = await this.client.uploadPart(
        { bucketName: this.bucket, objectName: key, uploadID: uploadId, partNumber, headers: {} },
        body,
      );
      parts.push({ part: partNumber, etag });
    };
    try {
      for await (const chunk of source) {
        total += chunk.length;
        if (total > limitBytes) throw new ObjectTooLargeError(limitBytes);
        for (let offset = 0; offset < chunk.length;) {
          const copied = chunk.copy(part, filled, offset);
          filled += copied;
          offset += copied;
          if (filled === part.length) {
            await uploadPart(part);
            filled = 0;
          }
        }
      }
      if (uploadId === undefined) {
        await this.client.putObject(this.bucket, key, part.subarray(0, filled), filled, headers);
        return total;
      }
      if (filled > 0) await uploadPart(part.subarray(0, filled));
      await this.client.completeMultipartUpload(this.bucket, key, uploadId, parts);
      return total;
    } catch (error) {
      source.destroy?.();
      if (uploadId !== undefined)
        await this.client.abortMultipartUpload(this.bucket, key, uploadId).catch(() => undefined);
      throw error;
    }
  }

  async putFile(key: string, path: string, contentType: string): Promise<void> {
    await this.client.fPutObject(this.bucket, key, path, { 'Content-Type': contentType });
  }

  async download(key: string, path: string): Promise<void> {
    await pipeline(await this.get(key), createWriteStream(path));
  }

  /** A time-limited GET URL, for tools that read over HTTP themselves (ffprobe). Never sent to clients. */
  async presignedGetUrl(key: string, expirySeconds: number): Promise<string> {
    return this.client.presignedGetObject(this.bucket, key, expirySeconds);
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.stat(key);
      return true;
    } catch (error) {
      if (error instanceof ObjectNotFoundError) return false;
      throw error;
    }
  }

  async get(key: string): Promise<Readable> {
    try {
      return this.idleLimited(await this.answered(this.client.getObject(this.bucket, key), key));
    } catch (error) {
      throw translateNotFound(error, key);
    }
  }

  /**
   * The whole object in one buffer, allocated once from its Content-Length (`onLength` is told
   * that size before the body arrives). Past `timeoutMs` the read is abandoned and its
   * buffer let go: StorageUnavailableError.
   */
  async readWhole(key: string, timeoutMs: number, onLength: (bytes: number) => void): Promise<ObjectBytes> {
    let stream: Readable | undefined;
    let expired = false;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        expired = true;
        stream?.destroy();
        reject(new StorageUnavailableError(`Object storage did not deliver ${key} within ${timeoutMs} ms.`));
      }, timeoutMs);
    });
    const read = async () => {
      // The response itself, not get()'s idle guard: its headers give the length, and the deadline above bounds the read.
      try {
        stream = await this.answered(this.client.getObject(this.bucket, key), key);
      } catch (error) {
        throw translateNotFound(error, key);
      }
      if (expired) stream.destroy();
      return collectObject(stream, onLength);
    };
    try {
      return await Promise.race([read(), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  async getRange(key: string, offset: number, length: number): Promise<Readable> {
    try {
      return this.idleLimited(await this.answered(this.client.getPartialObject(this.bucket, key, offset, length), key));
    } catch (error) {
      throw translateNotFound(error, key);
    }
  }

  async stat(key: string): Promise<BucketItemStat> {
    try {
      return await this.answered(this.client.statObject(this.bucket, key), key);
    } catch (error) {
      throw translateNotFound(error, key);
    }
  }

  /**
   * A storage that hangs (up but not answering) must not hold a player's request: a read
   * not answered within the read timeout fails as StorageUnavailableError (503). A stream
   * that arrives late is destroyed, so its socket is not left open.
   */
  private answered<T>(request: Promise<T>, key: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        void request.then((late) => (late instanceof Readable ? late.destroy() : undefined)).catch(() => undefined);
        reject(readTimeout(key, this.readTimeoutMs));
      }, this.readTimeoutMs);
    });
    return Promise.race([request, timeout]).finally(() => clearTimeout(timer));
  }

  /** The body of a read that stops arriving for the read timeout, while it is wanted, fails the same way. */
  private idleLimited(body: Readable): Readable {
    const limitMs = this.readTimeoutMs;
    const timer = setTimeout(() => {
      // A slow reader (a viewer on a poor link) holds the body back itself: that is not storage hanging.
      if (guarded.writableNeedDrain || body.isPaused()) return timer.refresh();
      const error = new StorageUnavailableError(`Object storage stopped sending for ${limitMs} ms.`);
      body.destroy(error);
      guarded.destroy(error);
    }, limitMs);
    const guarded = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        timer.refresh();
        done(null, chunk);
      },
      flush(done) {
        clearTimeout(timer);
        done();
      },
    });
    body.on('error', (error) => {
      clearTimeout(timer);
      guarded.destroy(error);
    });
    guarded.on('close', () => {
      clearTimeout(timer);
      body.destroy();
    });
    return body.pipe(guarded);
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const objects: StoredObject[] = [];
    for await (const item of this.client.listObjectsV2(this.bucket, prefix, true)) {
      if (item.name) objects.push({ key: item.name, size: item.size });
    }
    return objects;
  }

  async remove(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) await this.client.removeObjects(this.bucket, keys.slice(i, i + 1000));
  }

  async removePrefix(prefix: string): Promise<number> {
    const keys = (await this.list(prefix)).map((o) => o.key);
    await this.remove(keys);
    return keys.length;
  }
}

/** Reads of a hung storage give up after this unless STORAGE_READ_TIMEOUT_MS says otherwise. */
const DEFAULT_READ_TIMEOUT_MS = 5000;

function readTimeout(key: string, ms: number): StorageUnavailableError {
  return new StorageUnavailableError(`Object storage did not answer the read of ${key} within ${ms} ms.`);
}

async function collectObject(stream: Readable, onLength: (bytes: number) => void): Promise<ObjectBytes> {
  // The minio client's object stream is the HTTP response itself.
  const headers = (stream as Partial<IncomingMessage>).headers ?? {};
  const length = Number(headers['content-length']);
  if (!Number.isSafeInteger(length) || length < 0) {
    stream.destroy();
    throw new StorageUnavailableError('Object storage answered without a Content-Length.');
  }
  onLength(length);
  const body = Buffer.allocUnsafe(length);
  let filled = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (filled + chunk.length > length) {
      stream.destroy();
      throw new StorageUnavailableError('Object storage sent more bytes than its Content-Length.');
    }
    filled += chunk.copy(body, filled);
  }
  if (filled !== length) throw new StorageUnavailableError('Object storage ended the object early.');
  return { body, etag: headers.etag, lastModified: headers['last-modified'] };
}

function translateNotFound(error: unknown, key: string): unknown {
  const code = (error as { code?: string }).code;
  return code === 'NoSuchKey' || code === 'NotFound' ? new ObjectNotFoundError(key) : error;
}
