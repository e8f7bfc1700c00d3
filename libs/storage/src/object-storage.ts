import { Inject, Injectable } from '@nestjs/common';
import { Client, BucketItemStat } from 'minio';
import { Readable } from 'node:stream';
import { CONNECTIONS, Connections } from '@siaran/config';

export interface StoredObject {
  key: string;
  size: number;
}

export class ObjectNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`object ${key} does not exist`);
    this.name = 'ObjectNotFoundError';
  }
}

/** Multipart uploads start above this size; parts are this size (the minio client's own rule). */
export const MULTIPART_PART_SIZE = 16 * 1024 * 1024;

/** The one place that talks to S3/MinIO: every object read and write goes through here. */
@Injectable()
export class ObjectStorage {
  private readonly client: Client;
  readonly bucket: string;

  constructor(@Inject(CONNECTIONS) connections: Connections) {
    const s3 = connections.s3;
    this.bucket = s3.bucket;
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

  async get(key: string): Promise<Readable> {
    try {
      return await this.client.getObject(this.bucket, key);
    } catch (error) {
      throw translateNotFound(error, key);
    }
  }

  async getRange(key: string, offset: number, length: number): Promise<Readable> {
    try {
      return await this.client.getPartialObject(this.bucket, key, offset, length);
    } catch (error) {
      throw translateNotFound(error, key);
    }
  }

  async stat(key: string): Promise<BucketItemStat> {
    try {
      return await this.client.statObject(this.bucket, key);
    } catch (error) {
      throw translateNotFound(error, key);
    }
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

function translateNotFound(error: unknown, key: string): unknown {
  const code = (error as { code?: string }).code;
  return code === 'NoSuchKey' || code === 'NotFound' ? new ObjectNotFoundError(key) : error;
}
