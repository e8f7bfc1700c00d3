import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import type { MasterPlaylist, MediaPlaylist } from 'hls-parser/types';
import request from 'supertest';
import { CONNECTIONS, type Connections } from '@siaran/config';
import { type AssetEntity, vodSignature, vodSigningKey, VodGrants } from '@siaran/media';
import { ObjectStorage, StorageKeys } from '@siaran/storage';
import { createTestApp, type TestApp } from '../support/app';
import { makeVideo } from '../support/media';
import { ingestFile, isSettled, parseStrict, waitForVariant } from '../support/media-assets';

const run = promisify(execFile);

/** A GET without any client-side decompression, to see the bytes on the wire. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

async function ffprobeDuration(url: string): Promise<number> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', url]);
  return Number(stdout.trim());
}

describe('VOD delivery', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'siaran-vod-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('served by the API from object storage', () => {
    let t: TestApp;
    let asset: AssetEntity;
    beforeAll(async () => {
      t = await createTestApp({ listen: true });
      const source = join(dir, 'vod.mp4');
      await makeVideo(source, { seconds: 7, width: 854, height: 480 });
      asset = await ingestFile(t.app, source, { presets: ['tv-default', 'radio-default'] });
      await waitForVariant(t.app, asset.id, 'tv-default', isSettled);
      await waitForVariant(t.app, asset.id, 'radio-default', isSettled);
    }, 120_000);
    afterAll(() => t.close());
    const http = () => request(t.app.getHttpServer());
    /** `path` signed as the asset's station users get it in vodUrl and playlistUrl. */
    const signed = (path: string, assetId = asset.id) => t.app.get(VodGrants).sign(path, assetId);

    it('plays end to end in ffprobe from the VOD URL', async () => {
      expect(Math.abs((await ffprobeDuration(`${t.url}${signed(`/vod/${asset.id}/master.m3u8`)}`)) - 7)).toBeLessThan(
        0.2,
      );
    });

    it('answers a multivariant playlist that strict hls-parser accepts, gzip when asked', async () => {
      const url = signed(`/vod/${asset.id}/master.m3u8`);
      const res = await http().get(url).expect(200);
      expect(res.headers['content-type']).toBe('application/vnd.apple.mpegurl');
      expect(res.headers['cache-control']).toBe('private, max-age=10');
      const master = parseStrict(res.text) as MasterPlaylist;
      const grant = url.slice(url.indexOf('?'));
      expect(master.variants.map((v) => [v.uri, v.codecs, v.resolution, v.frameRate])).toEqual([
        [`tv-default/480p/index.m3u8${grant}`, 'avc1.4d401e,mp4a.40.2', { width: 854, height: 480 }, 25],
        [`tv-default/360p/index.m3u8${grant}`, 'avc1.4d401e,mp4a.40.2', { width: 640, height: 360 }, 25],
      ]);
      const raw = await rawGet(`${t.url}${signed(`/vod/${asset.id}/master.m3u8`)}`, { 'Accept-Encoding': 'gzip' });
      expect(raw.headers['content-encoding']).toBe('gzip');
      expect(raw.headers.vary).toBe('Accept-Encoding');
      expect(gunzipSync(raw.body).toString()).toBe(res.text);
      const radio = parseStrict(
        (
          await http()
            .get(signed(`/vod/${asset.id}/radio-default/master.m3u8`))
            .expect(200)
        ).text,
      ) as MasterPlaylist;
      expect(radio.variants.map((v) => [v.uri.split('?')[0], v.codecs])).toEqual([
        ['audio-128k/index.m3u8', 'mp4a.40.2'],
        ['audio-64k/index.m3u8', 'mp4a.40.2'],
      ]);
    });

    it('answers VOD media playlists whose segments the API streams, with ranges and immutable caching', async () => {
      const playlist = parseStrict(
        (
          await http()
            .get(signed(`/vod/${asset.id}/tv-default/480p/index.m3u8`))
            .expect(200)
        ).text,
      ) as MediaPlaylist;
      expect(playlist.playlistType).toBe('VOD');
      expect(playlist.endlist).toBe(true);
      expect(playlist.segments.map((s) => [s.uri, s.duration])).toEqual([
        [`/media/${StorageKeys.assetSegment(asset.id, 'tv-default', '480p', 0)}`, 6],
        [`/media/${StorageKeys.assetSegment(asset.id, 'tv-default', '480p', 1)}`, 1],
      ]);
      const whole = await http().get(playlist.segments[0].uri).expect(200);
      expect(whole.headers['content-type']).toBe('video/mp2t');
      expect(whole.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(whole.headers['accept-ranges']).toBe('bytes');
      const size = Number(whole.headers['content-length']);
      expect((whole.body as Buffer).length).toBe(size);
      const part = await http().get(playlist.segments[0].uri).set('Range', 'bytes=188-375').expect(206);
      expect(part.headers['content-range']).toBe(`bytes 188-375/${size}`);
      expect(part.body as Buffer).toEqual((whole.body as Buffer).subarray(188, 376));
      await http().get(playlist.segments[0].uri).set('Range', `bytes=${size}-`).expect(416);
      await http().get(playlist.segments[0].uri).set('If-None-Match', whole.headers.etag).expect(304);
      const head = await http().head(playlist.segments[0].uri).expect(200);
      expect(head.headers['content-length']).toBe(String(size));
      const poster = await http()
        .get(`/media/${StorageKeys.assetPoster(asset.id)}`)
        .expect(200);
      expect(poster.headers['content-type']).toBe('image/jpeg');
    });

    it('never serves sources, never redirects, and refuses paths that try to escape', async () => {
      await http().get(`/media/${asset.sourceKey}`).expect(404);
      await http().get(`/media/assets/${asset.id}/tv-default/480p/seg-00099.ts`).expect(404);
      const escaping = await http()
        .get(`/media/assets/${asset.id}/tv-default/480p/..%2F..%2Fsource%2Fvod.mp4`)
        .expect(400);
      expect(escaping.body.code).toBe('BAD_MEDIA_PATH');
      await http()
        .get(`/media/assets/${asset.id}/tv-default/../source/vod.mp4`)
        .expect((res) => expect([400, 404]).toContain(res.status));
      await http()
        .get(signed(`/vod/${asset.id}/tv-default/..%2Fradio-default/index.m3u8`))
        .expect(400);
      await http().get(signed('/vod/not-a-uuid/master.m3u8', 'not-a-uuid')).expect(404);
      await http()
        .get(signed(`/vod/${asset.id}/tv-default/1080p/index.m3u8`))
        .expect(404);
      await http()
        .get(signed(`/vod/${asset.id}/no-such-ladder/master.m3u8`))
        .expect(404);
      const unknown = '6f9619ff-8b86-4d01-b42d-00cf4fc964ff';
      await http()
        .get(signed(`/vod/${unknown}/master.m3u8`, unknown))
        .expect(404);
    });

    it('opens library assets only from a signed URL that has not expired, naming what is wrong', async () => {
      const paths = [
        `/vod/${asset.id}/master.m3u8`,
        `/vod/${asset.id}/radio-default/master.m3u8`,
        `/vod/${asset.id}/tv-default/480p/index.m3u8`,
      ];
      const key = vodSigningKey(t.app.get<Connections>(CONNECTIONS).liveSecretsKey);
      const now = Math.floor(Date.now() / 1000);
      const other = '6f9619ff-8b86-4d01-b42d-00cf4fc964ff';
      for (const path of paths) {
        const missing = await http().get(path).expect(401);
        expect(missing.body).toMatchObject({ code: 'VOD_SIGNATURE_REQUIRED' });
        const malformed = await http().get(`${path}?expires=tomorrow&signature=x`).expect(400);
        expect(malformed.body).toMatchObject({ code: 'VOD_SIGNATURE_MALFORMED' });
        await http()
          .get(`${path}?expires=${now + 60}`)
          .expect(400);
        const forAnother = `expires=${now + 60}&signature=${vodSignature(key, other, now + 60)}`;
        expect((await http().get(`${path}?${forAnother}`).expect(403)).body).toMatchObject({
          code: 'VOD_SIGNATURE_INVALID',
        });
        const stretched = signed(path).replace(/expires=(\d+)/, (_, e: string) => `expires=${Number(e) + 3600}`);
        expect((await http().get(stretched).expect(403)).body).toMatchObject({ code: 'VOD_SIGNATURE_INVALID' });
        const past = `expires=${now - 1}&signature=${vodSignature(key, asset.id, now - 1)}`;
        expect((await http().get(`${path}?${past}`).expect(403)).body).toMatchObject({ code: 'VOD_URL_EXPIRED' });
      }
      const grant = new URL(`http://x${signed(paths[0])}`).searchParams;
      expect(Number(grant.get('expires')) - now).toBeGreaterThanOrEqual(8 * 3600 - 5);
      expect(Number(grant.get('expires')) - now).toBeLessThanOrEqual(8 * 3600 + 5);
    });

    it('answers 503 STORAGE_UNAVAILABLE for segments not yet held while object storage is down', async () => {
      const key = StorageKeys.assetSegment(asset.id, 'radio-default', 'audio-64k', 0);
      const held = `/media/${StorageKeys.assetSegment(asset.id, 'tv-default', '480p', 0)}`;
      await http().get(held).expect(200);
      await t.s3.pause();
      try {
        await http().get(held).expect(200);
        const res = await http().get(`/media/${key}`).expect(503);
        expect(res.body).toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
        await http()
          .get(signed(`/vod/${asset.id}/tv-default/360p/index.m3u8`))
          .expect(200);
      } finally {
        await t.s3.resume();
      }
      await http().get(`/media/${key}`).expect(200);
    });
  });

  describe('with PUBLIC_MEDIA_BASE_URL (a CDN or the bucket itself)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ listen: true, env: { PUBLIC_MEDIA_BASE_URL: 'https://cdn.batiktv.example/siaran/' } });
    });
    afterAll(() => t.close());

    it('puts segment URLs at that base; the playlists stay on the API', async () => {
      const source = join(dir, 'cdn.mp4');
      await makeVideo(source, { seconds: 2, width: 640, height: 360 });
      const asset = await ingestFile(t.app, source, { presets: ['tv-default'] });
      await waitForVariant(t.app, asset.id, 'tv-default', isSettled);
      const grants = t.app.get(VodGrants);
      const master = parseStrict(
        (
          await request(t.app.getHttpServer())
            .get(grants.sign(`/vod/${asset.id}/master.m3u8`, asset.id))
            .expect(200)
        ).text,
      ) as MasterPlaylist;
      expect(master.variants.map((v) => v.uri.split('?')[0])).toEqual(['tv-default/360p/index.m3u8']);
      const playlist = parseStrict(
        (await request(t.app.getHttpServer()).get(`/vod/${asset.id}/${master.variants[0].uri}`).expect(200)).text,
      ) as MediaPlaylist;
      expect(playlist.segments.map((s) => s.uri)).toEqual([
        `https://cdn.batiktv.example/siaran/${StorageKeys.assetSegment(asset.id, 'tv-default', '360p', 0)}`,
      ]);
      expect(await t.app.get(ObjectStorage).exists(StorageKeys.assetSegment(asset.id, 'tv-default', '360p', 0))).toBe(
        true,
      );
    });
  });
});
