import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Client } from 'minio';
import { MULTIPART_PART_SIZE, ObjectStorage, ObjectTooLargeError } from '@siaran/storage';
import { startTestS3, type TestS3 } from '../support/s3';

/** The embedded S3 answers only requests signed with the key pair made for it. */
describe('embedded S3 access', () => {
  let s3: TestS3;
  let storage: ObjectStorage;
  let base: string;
  const key = 'channels/batik-tv/live/seg-1.ts';

  beforeAll(async () => {
    s3 = await startTestS3();
    storage = new ObjectStorage({ databaseUrl: 'unused', s3: s3.connection, liveSecretsKey: 'unused' });
    await storage.ensureBucket();
    await storage.put(key, Buffer.from('segment on air'), 'video/mp2t');
    base = `http://127.0.0.1:${s3.connection.port}/${s3.connection.bucket}`;
  });
  afterAll(() => s3.stop());

  it('refuses anonymous reads, writes and deletes with 403, and leaves the object as it was', async () => {
    const read = await fetch(`${base}/${key}`);
    expect(read.status).toBe(403);
    expect(await read.text()).toContain('<Code>AccessDenied</Code>');
    expect((await fetch(`${base}/${key}`, { method: 'PUT', body: 'replaced' })).status).toBe(403);
    expect((await fetch(`${base}/${key}`, { method: 'DELETE' })).status).toBe(403);
    expect((await fetch(`${base}?list-type=2`)).status).toBe(403);
    expect((await fetch(`http://127.0.0.1:${s3.connection.port}/`)).status).toBe(403);
    expect((await readAll(await storage.get(key))).toString()).toBe('segment on air');
  });

  it("refuses requests signed with s3rver's built-in key or another key", async () => {
    for (const [accessKey, secretKey] of [
      ['S3RVER', 'S3RVER'],
      [s3.connection.accessKey, 'not-the-secret'],
    ]) {
      const client = new Client({
        endPoint: '127.0.0.1',
        port: s3.connection.port,
        useSSL: false,
        accessKey: accessKey as string,
        secretKey: secretKey as string,
        region: 'us-east-1',
      });
      await expect(client.getObject(s3.connection.bucket, key)).rejects.toMatchObject({ code: 'AccessDenied' });
      await expect(client.removeObject(s3.connection.bucket, key)).rejects.toMatchObject({ code: 'AccessDenied' });
    }
    expect(await storage.exists(key)).toBe(true);
  });

  it('serves a presigned URL, and refuses it altered or for another object', async () => {
    const url = await storage.presignedGetUrl(key, 60);
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('segment on air');
    expect((await fetch(url.replace('seg-1.ts', 'seg-2.ts'))).status).toBe(403);
    expect((await fetch(url.replace(/X-Amz-Expires=\d+/, 'X-Amz-Expires=600'))).status).toBe(403);
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(403);
  });
});

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** s3rver lacks AbortMultipartUpload: the parts of a failed upload must not stay on disk. */
describe('embedded S3 multipart uploads', () => {
  let s3: TestS3;
  let storage: ObjectStorage;
  let uploadsDir: string;

  beforeAll(async () => {
    s3 = await startTestS3();
    storage = new ObjectStorage({ databaseUrl: 'unused', s3: s3.connection, liveSecretsKey: 'unused' });
    await storage.ensureBucket();
    uploadsDir = join(s3.directory, s3.connection.bucket, '._S3rver_uploads');
  });
  afterAll(() => s3.stop());

  const unfinished = () => (existsSync(uploadsDir) ? readdirSync(uploadsDir) : []);

  it('removes the parts of an upload stopped past its limit', async () => {
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < 40; i += 1) yield Buffer.alloc(1024 * 1024, i);
      })(),
    );
    await expect(
      storage.putStream('uploads/too-large.mp4', source, 'video/mp4', MULTIPART_PART_SIZE + 4 * 1024 * 1024),
    ).rejects.toBeInstanceOf(ObjectTooLargeError);
    expect(unfinished()).toEqual([]);
    expect(await storage.exists('uploads/too-large.mp4')).toBe(false);
  });

  it('removes at start the unfinished uploads of a process that died', async () => {
    const client = new Client({ ...s3.connection, pathStyle: true });
    const uploadId = await client.initiateNewMultipartUpload(s3.connection.bucket, 'uploads/cut.mp4', {});
    await client.uploadPart(
      {
        bucketName: s3.connection.bucket,
        objectName: 'uploads/cut.mp4',
        uploadID: uploadId,
        partNumber: 1,
        headers: {},
      },
      Buffer.alloc(1024),
    );
    expect(unfinished()).toEqual([uploadId]);
    await s3.pause();
    await s3.resume();
    expect(unfinished()).toEqual([]);
  });
});
