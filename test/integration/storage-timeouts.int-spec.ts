import { createServer, type Server, type Socket } from 'node:net';
import { loadConfig } from '@siaran/config';
import { isStorageUnavailable, ObjectStorage, StorageUnavailableError } from '@siaran/storage';

/**
 * A storage server that is up but does not answer (a hung MinIO, a stalled disk): reads
 * fail as STORAGE_UNAVAILABLE after STORAGE_READ_TIMEOUT_MS instead of holding the request.
 */
describe('object storage that hangs', () => {
  const sockets: Socket[] = [];
  let server: Server;
  let behaviour: 'silent' | 'stalls-mid-body' | 'sends-a-lot';

  beforeAll(async () => {
    server = createServer((socket) => {
      sockets.push(socket);
      socket.once('data', () => {
        if (behaviour === 'stalls-mid-body')
          socket.write(
            'HTTP/1.1 200 OK\r\nContent-Type: video/mp2t\r\nContent-Length: 100000\r\nETag: "abc"\r\n' +
              'Last-Modified: Sun, 06 Dec 2026 03:00:00 GMT\r\n\r\n' +
              'G'.repeat(1000),
          );
        if (behaviour === 'sends-a-lot') {
          socket.write(
            'HTTP/1.1 200 OK\r\nContent-Type: video/mp2t\r\nContent-Length: 8000000\r\nETag: "abc"\r\n' +
              'Last-Modified: Sun, 06 Dec 2026 03:00:00 GMT\r\n\r\n',
          );
          socket.write(Buffer.alloc(8_000_000, 0x47));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  function storageOf(): ObjectStorage {
    const { port } = server.address() as { port: number };
    const connection = {
      endPoint: '127.0.0.1',
      port,
      useSSL: false,
      accessKey: 'siaran',
      secretKey: 'siaran-secret',
      region: 'us-east-1',
      bucket: 'siaran',
    };
    return new ObjectStorage(
      { databaseUrl: 'unused', s3: connection, liveSecretsKey: 'unused' },
      loadConfig({ STORAGE_READ_TIMEOUT_MS: '300' }),
    );
  }

  it('fails a read, a ranged read and a stat that get no answer as STORAGE_UNAVAILABLE', async () => {
    behaviour = 'silent';
    const storage = storageOf();
    for (const read of [
      () => storage.get('live/batik-tv/seg-1.ts'),
      () => storage.getRange('live/batik-tv/seg-1.ts', 0, 100),
      () => storage.stat('live/batik-tv/seg-1.ts'),
    ]) {
      const error = await read().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StorageUnavailableError);
      expect(error).toMatchObject({
        code: 'STORAGE_UNAVAILABLE',
        message: 'Object storage did not answer the read of live/batik-tv/seg-1.ts within 300 ms.',
      });
      expect(isStorageUnavailable(error)).toBe(true);
    }
  });

  it('fails a body that stops arriving part way', async () => {
    behaviour = 'stalls-mid-body';
    const body = await storageOf().get('live/batik-tv/seg-2.ts');
    let received = 0;
    const error = await (async () => {
      for await (const chunk of body) received += (chunk as Buffer).length;
    })().catch((caught: unknown) => caught);
    expect(received).toBe(1000);
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect(error).toMatchObject({ message: 'Object storage stopped sending for 300 ms.' });
  });

  it('leaves a body alone while its reader holds it back, however long', async () => {
    behaviour = 'sends-a-lot';
    const body = await storageOf().get('live/batik-tv/seg-3.ts');
    await new Promise((resolve) => setTimeout(resolve, 900));
    let received = 0;
    for await (const chunk of body) received += (chunk as Buffer).length;
    expect(received).toBe(8_000_000);
  });
});
