import { Client } from 'minio';
import { ObjectStorage } from '@siaran/storage';
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
