import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { Client } from 'minio';
import { ObjectNotFoundError, ObjectStorage, ObjectTooLargeError, MULTIPART_PART_SIZE } from '@siaran/storage';
import { startTestS3, type TestS3 } from '../support/s3';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Yields `total` pseudo-random bytes in 1 MiB chunks, never holding the whole body. */
function generatedStream(total: number, seed: string): { stream: Readable; digest: () => string } {
  const hash = createHash('sha256');
  let produced = 0;
  let counter = 0;
  const stream = new Readable({
    read() {
      if (produced >= total) return this.push(null);
      const size = Math.min(1024 * 1024, total - produced);
      const chunk = Buffer.alloc(size, `${seed}-${counter++}`);
      produced += size;
      hash.update(chunk);
      this.push(chunk);
    },
  });
  return { stream, digest: () => hash.digest('hex') };
}

describe('ObjectStorage against the embedded S3 (the minio client, the S3 protocol)', () => {
  let s3: TestS3;
  let storage: ObjectStorage;

  beforeAll(async () => {
    s3 = await startTestS3();
    storage = new ObjectStorage({ databaseUrl: 'unused', s3: s3.connection, liveSecretsKey: 'unused' });
    await storage.ensureBucket();
  });
  afterAll(() => s3.stop());

  it('creates the bucket once and finds it again', async () => {
    await storage.ensureBucket();
    await expect(storage.ping()).resolves.toBeUndefined();
  });

  it('writes, reads, ranges, lists and removes objects', async () => {
    const body = randomBytes(4096);
    await storage.put('assets/a/seg-00001.ts', body, 'video/mp2t');
    await storage.put('assets/a/index.m3u8', '#EXTM3U\n', 'application/vnd.apple.mpegurl');
    await storage.put('assets/b/index.m3u8', '#EXTM3U\n', 'application/vnd.apple.mpegurl');

    expect(await readAll(await storage.get('assets/a/seg-00001.ts'))).toEqual(body);
    expect(await readAll(await storage.getRange('assets/a/seg-00001.ts', 100, 50))).toEqual(body.subarray(100, 150));
    const stat = await storage.stat('assets/a/index.m3u8');
    expect(stat.size).toBe(8);
    expect(stat.metaData['content-type']).toBe('application/vnd.apple.mpegurl');
    expect((await storage.list('assets/a/')).map((o) => o.key).sort()).toEqual([
      'assets/a/index.m3u8',
      'assets/a/seg-00001.ts',
    ]);

    expect(await storage.removePrefix('assets/a/')).toBe(2);
    expect(await storage.list('assets/a/')).toEqual([]);
    expect(await storage.list('assets/b/')).toHaveLength(1);
  });

  it('deletes hundreds of keys sharing directories in one DeleteObjects request, without a retry', async () => {
    const keys = Array.from({ length: 300 }, (_, i) => `assets/many/${i % 3}/seg-${String(i).padStart(5, '0')}.ts`);
    for (const key of keys) await storage.put(key, Buffer.from(key), 'video/mp2t');
    const { bucket, ...connection } = s3.connection;
    const withoutRetries = new Client({ ...connection, pathStyle: true, retryOptions: { disableRetry: true } });

    await withoutRetries.removeObjects(bucket, keys);

    expect(await storage.list('assets/many/')).toEqual([]);
  });

  it('reports a missing object as ObjectNotFoundError', async () => {
    await expect(storage.get('nothing/here')).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(storage.stat('nothing/here')).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it('uploads a stream larger than a part as a multipart upload and reads it back intact', async () => {
    const size = MULTIPART_PART_SIZE * 2 + 3 * 1024 * 1024;
    const { stream, digest } = generatedStream(size, 'multipart');
    await storage.put('uploads/large.bin', stream, 'application/octet-stream');
    const stat = await storage.stat('uploads/large.bin');
    expect(stat.size).toBe(size);
    const readBack = createHash('sha256')
      .update(await readAll(await storage.get('uploads/large.bin')))
      .digest('hex');
    expect(readBack).toBe(digest());
  });

  it('streams a body of unknown length as a multipart upload, part by part', async () => {
    const size = MULTIPART_PART_SIZE + 5 * 1024 * 1024;
    const { stream, digest } = generatedStream(size, 'streamed');
    expect(await storage.putStream('uploads/streamed.bin', stream, 'video/mp4')).toBe(size);
    const readBack = createHash('sha256')
      .update(await readAll(await storage.get('uploads/streamed.bin')))
      .digest('hex');
    expect(readBack).toBe(digest());
    expect((await storage.stat('uploads/streamed.bin')).metaData['content-type']).toBe('video/mp4');
  });

  it('stops a stream past its limit and keeps nothing of it', async () => {
    const { stream } = generatedStream(MULTIPART_PART_SIZE * 2 + 1024, 'too-large');
    await expect(
      storage.putStream('uploads/too-large.bin', stream, 'video/mp4', MULTIPART_PART_SIZE + 1024),
    ).rejects.toBeInstanceOf(ObjectTooLargeError);
    expect(await storage.exists('uploads/too-large.bin')).toBe(false);
    await expect(
      storage.putStream('uploads/small.bin', Readable.from([Buffer.alloc(2048)]), 'video/mp4', 1024),
    ).rejects.toBeInstanceOf(ObjectTooLargeError);
    expect(await storage.exists('uploads/small.bin')).toBe(false);
  });

  it('answers ListMultipartUploads, which s3rver lacks, with an empty listing', async () => {
    const client = new Client({ ...s3.connection, pathStyle: true });
    const uploads: unknown[] = [];
    await new Promise<void>((resolve, reject) =>
      client
        .listIncompleteUploads(s3.connection.bucket, 'uploads/', true)
        .on('data', (upload) => uploads.push(upload))
        .on('error', reject)
        .on('end', resolve),
    );
    expect(uploads).toEqual([]);
  });

  it('fails fast when the server is gone and works again when it is back', async () => {
    await s3.pause();
    await expect(storage.ping()).rejects.toThrow();
    await s3.resume();
    await expect(storage.ping()).resolves.toBeUndefined();
  });
});
