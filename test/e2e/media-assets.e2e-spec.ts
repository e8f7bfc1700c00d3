import { randomUUID } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ObjectStorage } from '@siaran/storage';
import { createTestApp, type TestApp } from '../support/app';
import { bearer, createUser, login, type TestUser } from '../support/auth';
import { makeVideo } from '../support/media';
import { fileBody, sendMultipart } from '../support/multipart';
import { created, createStudio } from '../support/scheduling';

/** The media library's JSON API over HTTP, with every refusal each endpoint can give. */
describe('media assets API', () => {
  let t: TestApp;
  let dir: string;
  let admin: string;
  let producer: TestUser;
  let otherProducer: TestUser;
  let engineer: TestUser;
  let files: Server;
  let filesUrl: string;
  let stationA: string;
  let stationB: string;
  let bareStation: string;
  const file = (name: string) => join(dir, name);
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'siaran-assets-api-'));
    t = await createTestApp({
      listen: true,
      env: { UPLOAD_MAX_BYTES: '2000000', IMPORT_ALLOW_PRIVATE_NETWORKS: 'true' },
    });
    admin = await login(t);
    stationA = (await createStudio(t, admin, 'batik')).stationId;
    stationB = (await createStudio(t, admin, 'kudus')).stationId;
    bareStation = (await created(t, admin, 'stations', { slug: 'tanpa-kanal', name: 'LPPL tanpa kanal' })).id;
    [producer, otherProducer, engineer] = await Promise.all([
      createUser(t, admin, 'producer', [stationA]),
      createUser(t, admin, 'producer', [stationB]),
      createUser(t, admin, 'engineer'),
    ]);
    await Promise.all([
      makeVideo(file('clip.mp4'), { seconds: 2, width: 640, height: 360 }),
      makeVideo(file('big.mp4'), {
        seconds: 4,
        width: 1280,
        height: 720,
        videoCodecArgs: ['-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0'],
      }),
    ]);
    writeFileSync(file('empty.mp4'), '');
    writeFileSync(file('tiny.mp4'), 'x');
    writeFileSync(file('notes.mp4'), 'bukan video\n'.repeat(100));
    writeFileSync(
      file('cut.mp4'),
      readFileSync(file('clip.mp4')).subarray(0, Math.floor(statSync(file('clip.mp4')).size / 2)),
    );
    files = createServer((req, res) => {
      const name = (req.url ?? '/').slice(1);
      if (name === 'huge.mp4') {
        res.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': String(50_000_000) });
        return res.end();
      }
      try {
        const stat = statSync(file(name));
        res.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': String(stat.size) });
        createReadStream(file(name)).pipe(res);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  }, 90_000);
  afterAll(async () => {
    files?.close();
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function upload(
    stationId: string,
    token: string | undefined,
    fields: Record<string, string>,
    path = file('clip.mp4'),
  ) {
    let req = http().post(`/api/v1/stations/${stationId}/assets`);
    if (token) req = req.set(bearer(token));
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    return req.attach('file', path);
  }

  async function waitForStatus(id: string, statuses: string[]): Promise<Record<string, unknown>> {
    for (let i = 0; i < 240; i += 1) {
      const res = await http().get(`/api/v1/assets/${id}`).set(bearer(admin)).expect(200);
      if (statuses.includes(res.body.status)) return res.body;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`asset ${id} never reached ${statuses.join('/')}`);
  }

  const objectCount = async () => (await t.app.get(ObjectStorage).list('assets/')).length;

  describe('POST /api/v1/stations/:stationId/assets', () => {
    it('takes an upload from a producer of the station, probes it and queues its transcode', async () => {
      const res = await upload(stationA, producer.token, {
        title: 'Berita Batik',
        kind: 'programme',
        presets: 'tv-default',
      }).expect(201);
      expect(res.body).toMatchObject({
        id: expect.any(String),
        stationId: stationA,
        title: 'Berita Batik',
        kind: 'programme',
        status: 'queued',
        source: { name: 'clip.mp4', sizeBytes: statSync(file('clip.mp4')).size },
        durationMs: 2000,
        probe: { video: { width: 640, height: 360 }, audio: { channels: 2 } },
        variants: [
          {
            preset: 'tv-default',
            status: 'queued',
            progress: 0,
            decisions: expect.arrayContaining([
              'renditions 720p, 480p dropped: the source is only 640x360 (never upscaled)',
            ]),
          },
        ],
      });
      const ready = await waitForStatus(res.body.id, ['ready', 'failed']);
      expect(ready).toMatchObject({
        status: 'ready',
        progress: 100,
        vodUrl: expect.stringMatching(
          new RegExp(`^http://localhost:3000/vod/${res.body.id}/master\\.m3u8\\?expires=\\d+&signature=[\\w-]{43}$`),
        ),
        posterUrl: `http://localhost:3000/media/assets/${res.body.id}/poster.jpg`,
      });
      await http()
        .get(new URL(ready.vodUrl as string).pathname + new URL(ready.vodUrl as string).search)
        .expect(200);
      await http().get(`/vod/${res.body.id}/master.m3u8`).expect(401);
    });

    it("defaults to the ladders of the station's channels; 404 for an unknown station, 400 when there is none to default to", async () => {
      const res = await upload(stationA, admin, { title: 'Ident Batik TV', kind: 'ident' }).expect(201);
      expect(res.body.variants.map((v: { preset: string }) => v.preset)).toEqual(['tv-default']);
      expect(
        (await upload(randomUUID(), admin, { title: 'x', kind: 'filler' }, file('tiny.mp4')).expect(404)).body.code,
      ).toBe('STATION_NOT_FOUND');
      expect(
        (await upload(bareStation, admin, { title: 'x', kind: 'filler' }, file('tiny.mp4')).expect(400)).body.code,
      ).toBe('PRESETS_REQUIRED');
      await waitForStatus(res.body.id, ['ready', 'failed']);
    });

    it("401 without a login, 403 for another station's producer and for engineers", async () => {
      const tiny = file('tiny.mp4');
      expect(
        (await upload(stationA, undefined, { title: 'x', kind: 'filler', presets: 'tv-default' }, tiny).expect(401))
          .body.code,
      ).toBe('UNAUTHORIZED');
      expect(
        (
          await upload(
            stationA,
            otherProducer.token,
            { title: 'x', kind: 'filler', presets: 'tv-default' },
            tiny,
          ).expect(403)
        ).body.code,
      ).toBe('FORBIDDEN');
      expect(
        (
          await upload(stationA, engineer.token, { title: 'x', kind: 'filler', presets: 'tv-default' }, tiny).expect(
            403,
          )
        ).body.code,
      ).toBe('FORBIDDEN');
      const early = await sendMultipart(
        `${t.url}/api/v1/stations/${stationA}/assets`,
        {},
        { title: 'x', kind: 'filler' },
        fileBody(file('clip.mp4')),
      );
      expect(early).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
    });

    it('takes the fields after the file as well as before it', async () => {
      const before = await objectCount();
      const res = await sendMultipart(
        `${t.url}/api/v1/stations/${stationA}/assets`,
        bearer(admin),
        {},
        fileBody(file('clip.mp4')),
        'POST',
        { title: 'Berkas dulu', kind: 'filler', presets: 'tv-default' },
      );
      expect(res).toMatchObject({ status: 201, body: { title: 'Berkas dulu', kind: 'filler' } });
      expect(await objectCount()).toBeGreaterThan(before);
      const missing = await sendMultipart(
        `${t.url}/api/v1/stations/${stationA}/assets`,
        bearer(admin),
        {},
        fileBody(file('clip.mp4')),
        'POST',
        { kind: 'filler' },
      );
      expect(missing).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    });

    it('400 for a bad station id, bad or missing fields, an unknown preset, or no file', async () => {
      const before = await objectCount();
      const tiny = file('tiny.mp4');
      expect((await upload('batik-tv', admin, { title: 'x', kind: 'filler' }, tiny).expect(400)).body.code).toBe(
        'INVALID_ID',
      );
      expect(
        (await upload(stationA, admin, { kind: 'filler', presets: 'tv-default' }, tiny).expect(400)).body,
      ).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: expect.stringMatching(/title[\s\S]*Send title and kind \(and presets\) in the multipart body/),
      });
      expect(
        (await upload(stationA, admin, { title: 'x', kind: 'sinetron', presets: 'tv-default' }, tiny).expect(400)).body
          .code,
      ).toBe('VALIDATION_FAILED');
      expect(
        (await upload(stationA, admin, { title: 'x', kind: 'filler', presets: 'tv-4k' }, tiny).expect(400)).body,
      ).toMatchObject({ code: 'UNKNOWN_PRESET', details: { presets: ['tv-4k'] } });
      expect(
        (
          await http()
            .post(`/api/v1/stations/${stationA}/assets`)
            .set(bearer(admin))
            .field('title', 'x')
            .field('kind', 'filler')
            .expect(400)
        ).body.code,
      ).toBe('FILE_REQUIRED');
      expect(
        (await http().post(`/api/v1/stations/${stationA}/assets`).set(bearer(admin)).send({ title: 'x' }).expect(415))
          .body.code,
      ).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(await objectCount()).toBe(before);
    });

    it('413 UPLOAD_TOO_LARGE past UPLOAD_MAX_BYTES, keeping nothing of it', async () => {
      const before = await objectCount();
      expect(statSync(file('big.mp4')).size).toBeGreaterThan(2_000_000);
      const res = await sendMultipart(
        `${t.url}/api/v1/stations/${stationA}/assets`,
        bearer(admin),
        { title: 'Terlalu besar', kind: 'programme', presets: 'tv-default' },
        fileBody(file('big.mp4')),
      );
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ code: 'UPLOAD_TOO_LARGE', details: { limitBytes: 2_000_000 } });
      expect(await objectCount()).toBe(before);
    });

    it('422 with a reason for what cannot air, keeping nothing of it', async () => {
      const before = await objectCount();
      expect(
        (
          await upload(
            stationA,
            admin,
            { title: 'kosong', kind: 'filler', presets: 'tv-default' },
            file('empty.mp4'),
          ).expect(422)
        ).body,
      ).toMatchObject({ code: 'MEDIA_EMPTY', message: 'The file is empty (0 bytes).' });
      expect(
        (
          await upload(
            stationA,
            admin,
            { title: 'teks', kind: 'filler', presets: 'tv-default' },
            file('notes.mp4'),
          ).expect(422)
        ).body.code,
      ).toBe('MEDIA_UNREADABLE');
      expect(
        (
          await upload(
            stationA,
            admin,
            { title: 'terpotong', kind: 'filler', presets: 'tv-default' },
            file('cut.mp4'),
          ).expect(422)
        ).body.code,
      ).toBe('MEDIA_TRUNCATED');
      expect(await objectCount()).toBe(before);
      const listed = await http().get('/api/v1/assets').query({ q: 'kosong' }).set(bearer(admin)).expect(200);
      expect(listed.body.total).toBe(0);
    });
  });

  describe('POST /api/v1/stations/:stationId/assets/import', () => {
    const body = (url: string) => ({ url, title: 'Dari arsip', kind: 'programme', presets: ['radio-default'] });

    it('imports a file from an http URL', async () => {
      const res = await http()
        .post(`/api/v1/stations/${stationA}/assets/import`)
        .set(bearer(producer.token))
        .send(body(`${filesUrl}/clip.mp4`))
        .expect(201);
      expect(res.body).toMatchObject({
        status: 'queued',
        source: { name: 'clip.mp4' },
        variants: [{ preset: 'radio-default' }],
      });
      expect((await waitForStatus(res.body.id, ['ready', 'failed'])).status).toBe('ready');
    });

    it('401, 403, 400 for a bad URL, 422 when the URL does not give a file, 413 when it is too large', async () => {
      await http()
        .post(`/api/v1/stations/${stationA}/assets/import`)
        .send(body(`${filesUrl}/clip.mp4`))
        .expect(401);
      await http()
        .post(`/api/v1/stations/${stationA}/assets/import`)
        .set(bearer(otherProducer.token))
        .send(body(`${filesUrl}/clip.mp4`))
        .expect(403);
      expect(
        (
          await http()
            .post(`/api/v1/stations/${randomUUID()}/assets/import`)
            .set(bearer(admin))
            .send(body(`${filesUrl}/clip.mp4`))
            .expect(404)
        ).body.code,
      ).toBe('STATION_NOT_FOUND');
      expect(
        (
          await http()
            .post(`/api/v1/stations/${stationA}/assets/import`)
            .set(bearer(admin))
            .send(body('ftp://arsip/clip.mp4'))
            .expect(400)
        ).body.code,
      ).toBe('VALIDATION_FAILED');
      expect(
        (
          await http()
            .post(`/api/v1/stations/${stationA}/assets/import`)
            .set(bearer(admin))
            .send(body(`${filesUrl}/missing.mp4`))
            .expect(422)
        ).body,
      ).toMatchObject({ code: 'IMPORT_FAILED', message: 'The URL answered HTTP 404 instead of a file.' });
      expect(
        (
          await http()
            .post(`/api/v1/stations/${stationA}/assets/import`)
            .set(bearer(admin))
            .send(body(`${filesUrl}/huge.mp4`))
            .expect(413)
        ).body.code,
      ).toBe('UPLOAD_TOO_LARGE');
      expect(
        (
          await http()
            .post(`/api/v1/stations/${stationA}/assets/import`)
            .set(bearer(admin))
            .send(body(`${filesUrl}/notes.mp4`))
            .expect(422)
        ).body.code,
      ).toBe('MEDIA_UNREADABLE');
    });
  });

  describe('reading, following, retrying, cancelling and deleting', () => {
    let assetId: string;
    beforeAll(async () => {
      assetId = (
        await upload(stationA, producer.token, {
          title: 'Iklan layanan masyarakat',
          kind: 'announcement',
          presets: 'tv-default',
        }).expect(201)
      ).body.id;
    });

    it('streams progress as server-sent events until the asset is ready', async () => {
      const res = await http()
        .get(`/api/v1/assets/${assetId}/events`)
        .set(bearer(admin))
        .buffer(true)
        .parse((response, done) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => done(null, text));
        })
        .expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
      const events = (res.body as string)
        .split('\n\n')
        .filter((e) => e.includes('data:'))
        .map((e) =>
          JSON.parse(
            e
              .split('\n')
              .find((l) => l.startsWith('data:'))
              ?.slice(5) ?? '{}',
          ),
        );
      expect(events.length).toBeGreaterThanOrEqual(1);
      expect(events.at(-1)).toMatchObject({ id: assetId, status: 'ready', progress: 100 });
    });

    it('lists with filters; producers see their stations only', async () => {
      const mine = await http()
        .get('/api/v1/assets')
        .query({ kind: 'announcement' })
        .set(bearer(producer.token))
        .expect(200);
      expect(mine.body.items.map((a: { id: string }) => a.id)).toContain(assetId);
      const theirs = await http().get('/api/v1/assets').set(bearer(otherProducer.token)).expect(200);
      expect(theirs.body).toMatchObject({ items: [], total: 0 });
      await http().get('/api/v1/assets').query({ stationId: stationA }).set(bearer(otherProducer.token)).expect(403);
      const all = await http()
        .get('/api/v1/assets')
        .query({ status: 'ready', limit: 1 })
        .set(bearer(engineer.token))
        .expect(200);
      expect(all.body).toMatchObject({ limit: 1, offset: 0, items: [expect.objectContaining({ status: 'ready' })] });
      expect((await http().get('/api/v1/assets').query({ limit: 500 }).set(bearer(admin)).expect(400)).body.code).toBe(
        'VALIDATION_FAILED',
      );
      await http().get('/api/v1/assets').expect(401);
    });

    it('GET one: 401, 400, 403, 404', async () => {
      await http().get(`/api/v1/assets/${assetId}`).expect(401);
      await http().get('/api/v1/assets/not-a-uuid').set(bearer(admin)).expect(400);
      await http().get(`/api/v1/assets/${assetId}`).set(bearer(otherProducer.token)).expect(403);
      expect((await http().get(`/api/v1/assets/${randomUUID()}`).set(bearer(admin)).expect(404)).body.code).toBe(
        'ASSET_NOT_FOUND',
      );
      await http().get(`/api/v1/assets/${randomUUID()}/events`).set(bearer(admin)).expect(404);
      await http().get(`/api/v1/assets/${assetId}/events`).expect(401);
      await http().get(`/api/v1/assets/${assetId}/events`).set(bearer(otherProducer.token)).expect(403);
    });

    it('cancels a transcode, shows why to producers and ffmpeg to engineers, and retries it', async () => {
      const id = (
        await upload(stationA, producer.token, { title: 'Dibatalkan', kind: 'filler', presets: 'tv-default' }).expect(
          201,
        )
      ).body.id;
      const cancelled = await http().post(`/api/v1/assets/${id}/cancel`).set(bearer(engineer.token)).expect(200);
      expect(cancelled.body.variants[0]).toMatchObject({ status: expect.stringMatching(/^(failed|transcoding)$/) });
      const failed = await waitForStatus(id, ['failed']);
      expect(failed.failure).toMatchObject({ code: 'CANCELLED', reason: 'The transcode was cancelled.' });
      expect((await http().post(`/api/v1/assets/${id}/cancel`).set(bearer(admin)).expect(409)).body.code).toBe(
        'NOTHING_TO_CANCEL',
      );
      await http().post(`/api/v1/assets/${id}/cancel`).expect(401);
      await http().post(`/api/v1/assets/${id}/cancel`).set(bearer(otherProducer.token)).expect(403);
      await http().post(`/api/v1/assets/${randomUUID()}/cancel`).set(bearer(admin)).expect(404);
      await http().post(`/api/v1/assets/${id}/retry`).set(bearer(otherProducer.token)).expect(403);
      await http().post(`/api/v1/assets/${id}/retry`).expect(401);
      const retried = await http().post(`/api/v1/assets/${id}/retry`).set(bearer(producer.token)).expect(200);
      expect(retried.body).toMatchObject({ status: 'queued', variants: [{ status: 'queued' }] });
      expect((await waitForStatus(id, ['ready'])).failure).toBeUndefined();
      expect((await http().post(`/api/v1/assets/${id}/retry`).set(bearer(admin)).expect(409)).body.code).toBe(
        'NOTHING_TO_RETRY',
      );
      await http().post(`/api/v1/assets/${randomUUID()}/retry`).set(bearer(admin)).expect(404);
    });

    it('deletes an asset with all its objects: 401, 403, 404', async () => {
      await http().delete(`/api/v1/assets/${assetId}`).expect(401);
      await http().delete(`/api/v1/assets/${assetId}`).set(bearer(otherProducer.token)).expect(403);
      await http().delete(`/api/v1/assets/${assetId}`).set(bearer(engineer.token)).expect(403);
      expect((await t.app.get(ObjectStorage).list(`assets/${assetId}/`)).length).toBeGreaterThanOrEqual(5);
      const vod = new URL((await http().get(`/api/v1/assets/${assetId}`).set(bearer(admin)).expect(200)).body.vodUrl);
      await http().get(`${vod.pathname}${vod.search}`).expect(200);
      await http().delete(`/api/v1/assets/${assetId}`).set(bearer(producer.token)).expect(204);
      expect(await t.app.get(ObjectStorage).list(`assets/${assetId}/`)).toEqual([]);
      await http().get(`/api/v1/assets/${assetId}`).set(bearer(admin)).expect(404);
      await http().get(`${vod.pathname}${vod.search}`).expect(404);
      await http().delete(`/api/v1/assets/${assetId}`).set(bearer(admin)).expect(404);
    });
  });
});
