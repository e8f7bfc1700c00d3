import { Agent, get as httpGet } from 'node:http';
import { ObjectStorage, StorageKeys } from '@siaran/storage';
import { createTestApp, type TestApp } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { HoldingProxy } from '../support/holding-proxy';
import { storedRecording } from '../support/media-assets';
import { fastLaneAnswers, metricValue } from '../support/metrics';
import { startTestS3, type TestS3 } from '../support/s3';
import { waitFor } from '../support/wait';

const CACHE_BYTES = 1024 * 1024;
const PRESET = 'tv-default';
const RENDITION = '720p';

const CACHE_METRICS = {
  hits: 'media_cache_hits_total',
  misses: 'media_cache_misses_total',
  coalesced: 'media_cache_coalesced_total',
  storageReads: 'media_cache_storage_reads_total',
  bytes: 'media_cache_bytes',
  segments: 'media_cache_segments',
  readingBytes: 'media_cache_reading_bytes',
};
type CacheMetrics = Record<keyof typeof CACHE_METRICS, number>;

async function cacheMetrics(t: TestApp): Promise<CacheMetrics> {
  const entries = await Promise.all(
    Object.entries(CACHE_METRICS).map(async ([field, name]) => [field, await metricValue(t, name)] as const),
  );
  return Object.fromEntries(entries) as CacheMetrics;
}

interface Fetched {
  status: number;
  body: Buffer;
  headers: Record<string, string>;
}

const agent = new Agent({ keepAlive: true });

/** A GET over a keep-alive connection that resolves with the status, headers and whole body, whatever the status. */
function get(t: TestApp, path: string, headers: Record<string, string> = {}): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = httpGet(`${t.url}${path}`, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks),
          headers: res.headers as Record<string, string>,
        }),
      );
    });
    req.on('error', reject);
  });
}

/**
 * Segments at /media/<key> are read from storage once however many ask (behind a proxy
 * that can hold storage back for chosen keys), held up to MEDIA_CACHE_BYTES and answered
 * from memory; made-up keys, storage errors and slow reads are never kept.
 */
describe('hot segment cache of /media', () => {
  let database: TestDatabase;
  let s3: TestS3;
  let proxy: HoldingProxy;
  let t: TestApp;
  let impatient: TestApp;

  beforeAll(async () => {
    [database, s3] = await Promise.all([createTestDatabase(), startTestS3()]);
    proxy = await HoldingProxy.start(s3.connection.port);
    const slowS3 = { ...s3, connection: { ...s3.connection, port: proxy.port } };
    t = await createTestApp({
      sharing: { database, s3: slowS3 },
      listen: true,
      env: { MEDIA_CACHE_BYTES: String(CACHE_BYTES), MEDIA_STORAGE_TIMEOUT_MS: '120000' },
    });
    impatient = await createTestApp({
      sharing: { database, s3: slowS3 },
      listen: true,
      env: { MEDIA_CACHE_BYTES: String(CACHE_BYTES), MEDIA_STORAGE_TIMEOUT_MS: '2000' },
    });
  });
  afterAll(async () => {
    agent.destroy();
    await impatient?.close();
    await t?.close();
    await proxy?.close();
    await Promise.all([database?.drop(), s3?.stop()]);
  });

  it('reads a segment once for many concurrent requests, then answers whole, Range and 304 from memory', async () => {
    const [segment] = await storedRecording(t.app, [200_000]);
    const before = await cacheMetrics(t);
    proxy.hold(segment.key);
    const requests = Array.from({ length: 20 }, () => get(t, segment.path));
    await waitFor(
      'twenty requests waiting on one read',
      async () => ((await cacheMetrics(t)).coalesced - before.coalesced === 19 ? true : undefined),
      30_000,
    );
    proxy.release(segment.key);
    const answers = await Promise.all(requests);
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    for (const answer of answers) expect(answer.body.equals(segment.body)).toBe(true);
    const [first] = answers;
    expect(first.headers['content-type']).toBe('video/mp2t');
    expect(first.headers['content-length']).toBe('200000');
    expect(first.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const laneBefore = await fastLaneAnswers(t, 'media-segment');
    const range = await get(t, segment.path, { Range: 'bytes=1000-1999' });
    expect([range.status, range.headers['content-range'], range.headers['content-length']]).toEqual([
      206,
      'bytes 1000-1999/200000',
      '1000',
    ]);
    expect(range.body.equals(segment.body.subarray(1000, 2000))).toBe(true);
    const again = await get(t, segment.path);
    expect(again.body.equals(segment.body)).toBe(true);
    expect(again.headers['etag']).toBe(first.headers['etag']);
    // Fastify's keep-alive (72 s), longer than a player's playlist reloads (a target duration, 6 s).
    expect([again.headers['connection'], again.headers['keep-alive']]).toEqual(['keep-alive', 'timeout=72']);
    const unchanged = await get(t, segment.path, { 'If-None-Match': first.headers['etag'] });
    expect([unchanged.status, unchanged.body.length]).toEqual([304, 0]);
    expect(await fastLaneAnswers(t, 'media-segment')).toBe(laneBefore + 3);

    const past = await get(t, segment.path, { Range: 'bytes=200000-' });
    expect([past.status, past.headers['content-range']]).toEqual([416, 'bytes */200000']);
    expect(JSON.parse(past.body.toString()).code).toBe('RANGE_NOT_SATISFIABLE');

    const after = await cacheMetrics(t);
    expect({
      misses: after.misses - before.misses,
      coalesced: after.coalesced - before.coalesced,
      storageReads: after.storageReads - before.storageReads,
      hits: after.hits - before.hits,
    }).toEqual({ misses: 1, coalesced: 19, storageReads: 1, hits: 4 });
  });

  it('answers 404 for a key it did not write, every time, without reading storage or keeping anything', async () => {
    const [written] = await storedRecording(t.app, [1000]);
    const neverRegistered = StorageKeys.assetSegment('6f1d0c1e-5b0a-4a8e-9d2f-3c4b5a697887', PRESET, RENDITION, 0);
    // Junk in the bucket at a key of the segment layout: storage has it, the system never wrote it.
    await t.app.get(ObjectStorage).put(neverRegistered, Buffer.alloc(5000, 1), 'video/mp2t', 5000);
    const otherIndex = written.key.replace('seg-00000.ts', 'seg-00001.ts');
    const before = await cacheMetrics(t);
    for (const path of [`/media/${neverRegistered}`, `/media/${neverRegistered}`, `/media/${otherIndex}`]) {
      const answer = await get(t, path);
      expect([path, answer.status, JSON.parse(answer.body.toString()).code]).toEqual([path, 404, 'MEDIA_NOT_FOUND']);
    }
    const after = await cacheMetrics(t);
    expect({
      storageReads: after.storageReads - before.storageReads,
      hits: after.hits - before.hits,
      segments: after.segments - before.segments,
    }).toEqual({ storageReads: 0, hits: 0, segments: 0 });
  });

  it('answers 404 for a registered segment storage does not have, and reads it again next time', async () => {
    const [gone] = await storedRecording(t.app, [1000]);
    await t.app.get(ObjectStorage).remove([gone.key]);
    const before = await cacheMetrics(t);
    for (let i = 0; i < 2; i += 1) expect((await get(t, gone.path)).status).toBe(404);
    const after = await cacheMetrics(t);
    expect([after.storageReads - before.storageReads, after.hits - before.hits]).toEqual([2, 0]);
  });

  it('serves other segments while storage is slow for one, then gives the slow one to everyone waiting', async () => {
    const [slow, quick] = await storedRecording(t.app, [50_000, 60_000]);
    proxy.hold(slow.key);
    let settled = 0;
    const waiting = Array.from({ length: 5 }, () => get(t, slow.path).finally(() => (settled += 1)));
    const before = await cacheMetrics(t);
    await waitFor(
      'five requests waiting on the slow read',
      async () => ((await cacheMetrics(t)).readingBytes > 0 ? true : undefined),
      30_000,
    );
    const other = await get(t, quick.path);
    expect([other.status, other.body.equals(quick.body), settled]).toEqual([200, true, 0]);
    proxy.release(slow.key);
    const answers = await Promise.all(waiting);
    expect(answers.map((a) => [a.status, a.body.equals(slow.body)])).toEqual(Array(5).fill([200, true]));
    expect((await cacheMetrics(t)).storageReads - before.storageReads).toBe(1);
  });

  it('answers 503 to everyone waiting once storage takes longer than MEDIA_STORAGE_TIMEOUT_MS, and does not keep the failure', async () => {
    const [stuck] = await storedRecording(impatient.app, [40_000]);
    proxy.hold(stuck.key);
    const answers = await Promise.all(Array.from({ length: 3 }, () => get(impatient, stuck.path)));
    expect(answers.map((a) => [a.status, JSON.parse(a.body.toString()).code])).toEqual(
      Array(3).fill([503, 'STORAGE_UNAVAILABLE']),
    );
    proxy.release(stuck.key);
    const retried = await get(impatient, stuck.path);
    expect([retried.status, retried.body.equals(stuck.body)]).toEqual([200, true]);
    const metrics = await cacheMetrics(impatient);
    expect({
      readPerMiss: metrics.storageReads === metrics.misses,
      requests: metrics.misses + metrics.coalesced,
      segments: metrics.segments,
    }).toEqual({ readPerMiss: true, requests: 4, segments: 1 });
  });

  it('holds at most MEDIA_CACHE_BYTES, plus one segment per read under way', async () => {
    const size = 400 * 1024;
    const large = await storedRecording(t.app, Array(6).fill(size));
    const assetPrefix = large[0].key.split('/').slice(0, 2).join('/');
    proxy.hold(assetPrefix);
    const requests = large.map((segment) => get(t, segment.path));
    const during = await waitFor(
      'six large reads under way',
      async () => {
        const metrics = await cacheMetrics(t);
        return metrics.readingBytes === 6 * size ? metrics : undefined;
      },
      30_000,
    );
    expect(during.bytes).toBeLessThanOrEqual(CACHE_BYTES);
    proxy.release(assetPrefix);
    const answers = await Promise.all(requests);
    answers.forEach((answer, i) =>
      expect([i, answer.status, answer.body.equals(large[i].body)]).toEqual([i, 200, true]),
    );
    const after = await cacheMetrics(t);
    expect([after.bytes, after.segments, after.readingBytes]).toEqual([2 * size, 2, 0]);
  });
});
