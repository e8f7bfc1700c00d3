import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ObjectStorage, StorageKeys } from '@siaran/storage';
import { createTestApp, type TestApp } from '../support/app';
import { bearer, createUser, login, type TestUser } from '../support/auth';
import { ffmpeg, ffprobeJson, makeTone } from '../support/media';
import { fileBody, sendMultipart } from '../support/multipart';
import { created, createStudio, type Studio } from '../support/scheduling';

type Rgb = [number, number, number];
const BLUE: Rgb = [0x20, 0x80, 0xe0];
const RED: Rgb = [0xd0, 0x30, 0x30];
const GREEN: Rgb = [0x30, 0xc0, 0x50];
const hex = ([r, g, b]: Rgb) => `0x${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;

/** A PNG whose structure is whole but whose first IDAT holds garbage halfway: only decoding finds out. */
function withDamagedPixels(png: Buffer): Buffer {
  const damaged = Buffer.from(png);
  for (let offset = 8; ; offset += 12 + damaged.readUInt32BE(offset)) {
    if (damaged.toString('latin1', offset + 4, offset + 8) !== 'IDAT') continue;
    const middle = offset + 8 + Math.floor(damaged.readUInt32BE(offset) / 2);
    for (let i = middle; i < middle + 64; i += 1) damaged[i] ^= 0x5a;
    return damaged;
  }
}

/** The station logo: set, read, replaced, removed, refused; and aired under audio on TV. */
describe('station logo', () => {
  let t: TestApp;
  let dir: string;
  let admin: string;
  let producer: TestUser;
  let otherProducer: TestUser;
  let batik: Studio;
  let kudus: Studio;
  const file = (name: string) => join(dir, name);
  const http = () => request(t.app.getHttpServer());
  const logoPath = (stationId: string) => `/api/v1/stations/${stationId}/logo`;
  const put = (stationId: string, token: string | undefined, path: string, type: string) => {
    const req = http().put(logoPath(stationId));
    return (token ? req.set(bearer(token)) : req).attach('file', path, { contentType: type });
  };

  /** The average colour of a 4x4 block of the first frame of an image or video, at (x, y). */
  async function colourAt(path: string, x: number, y: number): Promise<Rgb> {
    const out = `${path}.${x}-${y}.rgb`;
    await ffmpeg([
      '-i',
      path,
      '-frames:v',
      '1',
      '-vf',
      `crop=4:4:${x}:${y}`,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      out,
    ]);
    const pixels = readFileSync(out);
    return [0, 1, 2].map((c) =>
      Math.round(pixels.filter((_, i) => i % 3 === c).reduce((a, b) => a + b, 0) / 16),
    ) as Rgb;
  }

  const expectColour = (actual: Rgb, expected: Rgb) => {
    for (let c = 0; c < 3; c += 1) expect(Math.abs(actual[c] - expected[c])).toBeLessThanOrEqual(12);
  };

  async function servedLogo(stationId: string, name: string): Promise<{ path: string; bytes: Buffer; etag: string }> {
    const res = await http()
      .get(logoPath(stationId))
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (chunk: Buffer) => chunks.push(chunk));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    const path = file(name);
    writeFileSync(path, res.body as Buffer);
    return { path, bytes: res.body as Buffer, etag: res.headers.etag as string };
  }

  async function stationLogoUrl(stationId: string): Promise<string | null> {
    const res = await http().get('/api/v1/stations').expect(200);
    return res.body.stations.find((s: { id: string }) => s.id === stationId).logoUrl;
  }

  async function lastStationAudit(stationId: string) {
    const res = await http()
      .get('/api/v1/audit')
      .query({ entityType: 'station', entityId: stationId, limit: 1 })
      .set(bearer(admin))
      .expect(200);
    return res.body.entries[0];
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'siaran-logo-'));
    t = await createTestApp({ listen: true });
    admin = await login(t);
    [batik, kudus] = await Promise.all([createStudio(t, admin, 'batik'), createStudio(t, admin, 'kudus')]);
    [producer, otherProducer] = await Promise.all([
      createUser(t, admin, 'producer', [batik.stationId]),
      createUser(t, admin, 'producer', [kudus.stationId]),
    ]);
    await Promise.all([
      ffmpeg(['-f', 'lavfi', '-i', `color=c=${hex(BLUE)}:s=1600x900`, '-frames:v', '1', file('blue.png')]),
      ffmpeg(['-f', 'lavfi', '-i', `color=c=${hex(RED)}:s=640x360`, '-frames:v', '1', '-q:v', '2', file('red.jpg')]),
      ffmpeg(['-f', 'lavfi', '-i', `color=c=${hex(GREEN)}:s=640x360`, '-frames:v', '1', file('green.png')]),
      ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=800x600', '-frames:v', '1', file('pattern.png')]),
      ffmpeg(['-f', 'lavfi', '-i', 'color=c=white:s=8x8', '-frames:v', '1', file('tiny.png')]),
      ffmpeg([
        '-f',
        'lavfi',
        '-i',
        'color=c=gray:s=1600x1200,noise=alls=100:allf=u',
        '-frames:v',
        '1',
        file('noise.png'),
      ]),
      makeTone(file('siaran-pagi.m4a'), { seconds: 3, codecArgs: ['-c:a', 'aac'] }),
    ]);
    const pattern = readFileSync(file('pattern.png'));
    writeFileSync(file('cut.png'), pattern.subarray(0, Math.floor(pattern.length * 0.6)));
    writeFileSync(file('damaged.png'), withDamagedPixels(pattern));
    writeFileSync(file('notes.png'), 'bukan gambar\n'.repeat(50));
  }, 60_000);
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sets a logo: scaled to fit 1280x720, named in station reads, served publicly with ETag and caching, audited', async () => {
    expect(await stationLogoUrl(batik.stationId)).toBeNull();
    const res = await put(batik.stationId, producer.token, file('blue.png'), 'image/png').expect(200);
    expect(res.body).toEqual({
      url: expect.stringMatching(new RegExp(`/api/v1/stations/${batik.stationId}/logo\\?v=\\d+$`)),
      width: 1280,
      height: 720,
      sizeBytes: expect.any(Number),
      updatedAt: expect.any(String),
    });
    expect(await stationLogoUrl(batik.stationId)).toBe(res.body.url);
    expect(await stationLogoUrl(kudus.stationId)).toBeNull();

    const served = await servedLogo(batik.stationId, 'served-blue.png');
    expect(served.bytes.length).toBe(res.body.sizeBytes);
    expect((await ffprobeJson(served.path, ['-show_streams'])).streams?.[0]).toMatchObject({
      codec_name: 'png',
      width: 1280,
      height: 720,
    });
    expectColour(await colourAt(served.path, 638, 358), BLUE);
    await http().get(logoPath(batik.stationId)).set('If-None-Match', served.etag).expect(304);

    expect(await lastStationAudit(batik.stationId)).toMatchObject({
      action: 'update',
      actorId: producer.id,
      oldValue: { slug: 'batik', logoUpdatedAt: null },
      newValue: { slug: 'batik', logoUpdatedAt: res.body.updatedAt },
    });
  });

  it('refuses what is not a sound PNG or JPEG, and who may not, keeping the earlier logo', async () => {
    const before = await servedLogo(batik.stationId, 'before.png');
    const url = await stationLogoUrl(batik.stationId);
    const code = async (res: request.Test, status: number) => (await res.expect(status)).body.code;

    expect(await code(put(batik.stationId, admin, file('notes.png'), 'image/png'), 400)).toBe('LOGO_NOT_AN_IMAGE');
    expect(await code(put(batik.stationId, admin, file('cut.png'), 'image/png'), 400)).toBe('LOGO_TRUNCATED');
    expect(await code(put(batik.stationId, admin, file('damaged.png'), 'image/png'), 400)).toBe('LOGO_UNREADABLE');
    expect(await code(put(batik.stationId, admin, file('red.jpg'), 'text/plain'), 400)).toBe('LOGO_UNSUPPORTED_TYPE');
    expect(await code(put(batik.stationId, admin, file('tiny.png'), 'image/png'), 400)).toBe('LOGO_BAD_DIMENSIONS');
    expect(await code(http().put(logoPath(batik.stationId)).set(bearer(admin)).field('title', 'logo'), 400)).toBe(
      'FILE_REQUIRED',
    );
    expect(await code(http().put(logoPath(batik.stationId)).set(bearer(admin)).send({ file: 'logo.png' }), 415)).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect(
      await code(
        http()
          .put(logoPath(batik.stationId))
          .set(bearer(admin))
          .set('Content-Type', 'image/png')
          .send(readFileSync(file('green.png'))),
        415,
      ),
    ).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await code(put('bukan-uuid', admin, file('red.jpg'), 'image/jpeg'), 400)).toBe('INVALID_ID');
    expect(await code(put(randomUUID(), admin, file('red.jpg'), 'image/jpeg'), 404)).toBe('STATION_NOT_FOUND');
    expect(await code(put(batik.stationId, undefined, file('red.jpg'), 'image/jpeg'), 401)).toBe('UNAUTHORIZED');
    expect(await code(put(batik.stationId, otherProducer.token, file('red.jpg'), 'image/jpeg'), 403)).toBe('FORBIDDEN');

    expect(statSync(file('noise.png')).size).toBeGreaterThan(2 * 1024 * 1024);
    const tooLarge = await sendMultipart(
      `${t.url}${logoPath(batik.stationId)}`,
      bearer(admin),
      {},
      fileBody(file('noise.png'), 'image/png'),
      'PUT',
    );
    expect(tooLarge).toMatchObject({
      status: 413,
      body: { code: 'LOGO_TOO_LARGE', details: { limitBytes: 2 * 1024 * 1024 } },
    });

    expect((await servedLogo(batik.stationId, 'after.png')).bytes.equals(before.bytes)).toBe(true);
    expect(await stationLogoUrl(batik.stationId)).toBe(url);
  });

  it('after refusing an upload still being sent on a connection to close, reads the rest before closing: the client gets the answer, not a reset', async () => {
    const image = readFileSync(file('noise.png'));
    const boundary = 'siaranlinger';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="noise.png"\r\nContent-Type: image/png\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const sentFirst = 3 * 1024 * 1024;
    const socket = connect({ host: '127.0.0.1', port: Number(new URL(t.url).port), allowHalfOpen: true });
    let answer = '';
    let socketError: Error | undefined;
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', (error) => (socketError = error));
    const closed = once(socket, 'close');

    socket.write(
      `PUT ${logoPath(batik.stationId)} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${admin}\r\nConnection: close\r\n` +
        `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${head.length + image.length + tail.length}\r\n\r\n`,
    );
    socket.write(head);
    socket.write(image.subarray(0, sentFirst));
    await once(socket, 'end');
    socket.end(Buffer.concat([image.subarray(sentFirst), tail]));
    await closed;

    expect(socketError).toBeUndefined();
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ code: 'LOGO_TOO_LARGE' });
  });

  it('404 for the logo of an unknown station or of one without a logo', async () => {
    expect((await http().get(logoPath(randomUUID())).expect(404)).body.code).toBe('STATION_NOT_FOUND');
    expect((await http().get(logoPath(kudus.stationId)).expect(404)).body.code).toBe('LOGO_NOT_FOUND');
    expect((await http().get(logoPath('bukan-uuid')).expect(400)).body.code).toBe('INVALID_ID');
  });

  it('replaces the logo with a JPEG (stored as PNG), then removes it', async () => {
    const replaced = await put(batik.stationId, admin, file('red.jpg'), 'image/jpeg').expect(200);
    expect(replaced.body).toMatchObject({ width: 640, height: 360 });
    expect(await stationLogoUrl(batik.stationId)).toBe(replaced.body.url);
    expectColour(await colourAt((await servedLogo(batik.stationId, 'served-red.png')).path, 318, 178), RED);

    expect(
      (await http().delete(logoPath(batik.stationId)).set(bearer(otherProducer.token)).expect(403)).body.code,
    ).toBe('FORBIDDEN');
    await http().delete(logoPath(batik.stationId)).expect(401);
    await http().delete(logoPath(batik.stationId)).set(bearer(producer.token)).expect(204);
    expect(await t.app.get(ObjectStorage).exists(StorageKeys.stationLogo(batik.stationId))).toBe(false);
    expect(await stationLogoUrl(batik.stationId)).toBeNull();
    expect((await http().get(logoPath(batik.stationId)).expect(404)).body.code).toBe('LOGO_NOT_FOUND');
    expect((await http().delete(logoPath(batik.stationId)).set(bearer(admin)).expect(404)).body.code).toBe(
      'LOGO_NOT_FOUND',
    );
    expect((await http().delete(logoPath(randomUUID())).set(bearer(admin)).expect(404)).body.code).toBe(
      'STATION_NOT_FOUND',
    );
    expect(await lastStationAudit(batik.stationId)).toMatchObject({
      action: 'update',
      actorId: producer.id,
      oldValue: { logoUpdatedAt: replaced.body.updatedAt },
      newValue: { logoUpdatedAt: null },
    });
  });

  it('goes with its station', async () => {
    const station = await created(t, admin, 'stations', { slug: 'sebentar', name: 'LPPL Sebentar' });
    await put(station.id, admin, file('green.png'), 'image/png').expect(200);
    expect(await t.app.get(ObjectStorage).exists(StorageKeys.stationLogo(station.id))).toBe(true);
    await http().delete(`/api/v1/stations/${station.id}`).set(bearer(admin)).expect(204);
    expect(await t.app.get(ObjectStorage).exists(StorageKeys.stationLogo(station.id))).toBe(false);
  });

  it('airs audio without cover art over the station logo on a TV ladder', async () => {
    await put(kudus.stationId, otherProducer.token, file('green.png'), 'image/png').expect(200);
    const upload = await http()
      .post(`/api/v1/stations/${kudus.stationId}/assets`)
      .set(bearer(otherProducer.token))
      .field('title', 'Siaran Pagi')
      .field('kind', 'music')
      .field('presets', 'tv-default')
      .attach('file', file('siaran-pagi.m4a'))
      .expect(201);
    let status = upload.body.status;
    for (let i = 0; i < 480 && status !== 'ready' && status !== 'failed'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = (await http().get(`/api/v1/assets/${upload.body.id}`).set(bearer(admin)).expect(200)).body.status;
    }
    expect(status).toBe('ready');

    // The 640x360 logo sits in the middle of the 720p frame, on black.
    const segment = file('first-segment.ts');
    await t.app.get(ObjectStorage).download(StorageKeys.assetSegment(upload.body.id, 'tv-default', '720p', 0), segment);
    expectColour(await colourAt(segment, 638, 358), GREEN);
    expectColour(await colourAt(segment, 8, 8), [0, 0, 0]);
  }, 150_000);
});
