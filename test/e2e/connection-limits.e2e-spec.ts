import { mkdtempSync, rmSync } from 'node:fs';
import { type ClientRequest, type IncomingMessage, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UploadSlots } from '../../apps/api/src/media/upload-slots';
import { createTestApp, type TestApp } from '../support/app';
import { createUser, login, type TestUser } from '../support/auth';
import { makeTone } from '../support/media';
import { ingestFile } from '../support/media-assets';
import { created } from '../support/scheduling';
import { waitFor } from '../support/wait';

interface Held {
  request: ClientRequest;
  response: Promise<{ status: number; headers: IncomingMessage['headers']; body: string }>;
}

/** Bounds on what clients hold open: event streams per address and in all, uploads per user and in all. */
describe('connection limits', () => {
  let t: TestApp;
  const held: ClientRequest[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      listen: true,
      env: {
        TRUSTED_PROXIES: '127.0.0.1',
        SSE_MAX_PER_ADDRESS: '2',
        SSE_MAX_STREAMS: '3',
        UPLOADS_MAX_PER_USER: '1',
        UPLOADS_MAX_IN_FLIGHT: '2',
      },
    });
  });
  afterEach(() => {
    for (const open of held.splice(0)) open.destroy();
  });
  afterAll(() => t.close());

  /** A request whose answer is read as far as its head, then its body when it ends; the connection stays open until destroyed. */
  function hold(
    path: string,
    options: { method?: string; headers?: Record<string, string>; body?: Buffer } = {},
  ): Held {
    const url = new URL(path, t.url);
    let req!: ClientRequest;
    const response = new Promise<{ status: number; headers: IncomingMessage['headers']; body: string }>(
      (resolve, reject) => {
        req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          if (res.headers['content-type']?.startsWith('text/event-stream'))
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        });
        req.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
        });
      },
    );
    if (options.body) req.write(options.body);
    else if ((options.method ?? 'GET') === 'GET') req.end();
    held.push(req);
    return { request: req, response };
  }

  const events = (address: string) =>
    hold('/api/v1/now-playing/events', { headers: { 'X-Forwarded-For': address } }).response;

  it('holds at most SSE_MAX_PER_ADDRESS event streams per client address, and SSE_MAX_STREAMS in all', async () => {
    expect((await events('203.0.113.7')).status).toBe(200);
    expect((await events('203.0.113.7')).status).toBe(200);
    const third = await events('203.0.113.7');
    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toBe('30');
    expect(JSON.parse(third.body)).toEqual({
      statusCode: 429,
      code: 'TOO_MANY_STREAMS',
      message: 'This address already has 2 event streams open; close one first.',
    });
    expect((await events('198.51.100.20')).status).toBe(200);
    const full = await events('192.0.2.44');
    expect(full.status).toBe(503);
    expect(JSON.parse(full.body)).toMatchObject({ code: 'STREAMS_FULL' });
  });

  it('gives a closed stream its slot back', async () => {
    const first = hold('/api/v1/now-playing/events', { headers: { 'X-Forwarded-For': '203.0.113.8' } });
    expect((await first.response).status).toBe(200);
    expect((await events('203.0.113.8')).status).toBe(200);
    expect((await events('203.0.113.8')).status).toBe(429);
    first.request.destroy();
    await waitFor(
      'the closed stream given back',
      async () => ((await events('203.0.113.8')).status === 200 ? true : undefined),
      10000,
    );
  });

  it("counts an asset's progress stream with the other event streams of its address", async () => {
    const admin = await login(t);
    const work = mkdtempSync(join(tmpdir(), 'siaran-limits-'));
    await makeTone(join(work, 'jingle.m4a'), { seconds: 2, codecArgs: ['-c:a', 'aac'] });
    const asset = await ingestFile(t.app, join(work, 'jingle.m4a'), { presets: ['radio-default'], kind: 'filler' });
    rmSync(work, { recursive: true, force: true });
    const progress = () =>
      hold(`/api/v1/assets/${asset.id}/events`, {
        headers: { 'X-Forwarded-For': '203.0.113.9', authorization: `Bearer ${admin}` },
      }).response;
    expect((await events('203.0.113.9')).status).toBe(200);
    expect((await events('203.0.113.9')).status).toBe(200);
    const refused = await progress();
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'TOO_MANY_STREAMS' });
    for (const open of held.splice(0)) open.destroy();
    await waitFor(
      "the asset's progress stream let in once the others closed",
      async () => (await progress()).status === 200 || undefined,
      10000,
    );
  });

  describe('uploads', () => {
    let stationId: string;
    let producers: TestUser[];
    beforeAll(async () => {
      const admin = await login(t);
      stationId = (await created<{ id: string }>(t, admin, 'stations', { slug: 'lppl-kudus', name: 'LPPL Kudus' })).id;
      producers = [
        await createUser(t, admin, 'producer', [stationId]),
        await createUser(t, admin, 'producer', [stationId]),
        await createUser(t, admin, 'producer', [stationId]),
      ];
    });

    const boundary = 'siaranlimits';
    const fieldsAndFileHead = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nRapat Paripurna\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nprogramme\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="presets"\r\n\r\ntv-default\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="rapat.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
    );
    const uploadHeaders = (user: TestUser, length: number) => ({
      Authorization: `Bearer ${user.token}`,
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
      'Content-Length': String(length),
    });

    /** An upload that sends its fields and the start of a 1 MB file, then nothing more while it is held. */
    function trickle(user: TestUser): Held {
      return hold(`/api/v1/stations/${stationId}/assets`, {
        method: 'POST',
        headers: uploadHeaders(user, fieldsAndFileHead.length + 1_000_000),
        body: Buffer.concat([fieldsAndFileHead, Buffer.alloc(4096)]),
      });
    }

    /** A whole upload of a 16-byte file that is no media: answered at once, refused for what it is or for room. */
    async function whole(
      user: TestUser,
    ): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> {
      const body = Buffer.concat([fieldsAndFileHead, Buffer.alloc(16), Buffer.from(`\r\n--${boundary}--\r\n`)]);
      const sent = hold(`/api/v1/stations/${stationId}/assets`, {
        method: 'POST',
        headers: uploadHeaders(user, body.length),
        body,
      });
      sent.request.end();
      return sent.response;
    }

    it('takes UPLOADS_MAX_PER_USER uploads of one user and UPLOADS_MAX_IN_FLIGHT in all, refusing more before their body', async () => {
      const [first, second, third] = producers as [TestUser, TestUser, TestUser];
      const mediaRefusal = (await whole(first)).status;
      expect(mediaRefusal).toBeGreaterThanOrEqual(400);
      expect([429, 503]).not.toContain(mediaRefusal);

      const slots = t.app.get(UploadSlots);
      const inFlight = (count: number) =>
        waitFor(`${count} uploads in flight`, async () => (slots.inFlight === count ? true : undefined), 30000);

      const firstUpload = trickle(first);
      await inFlight(1);
      const refused = await whole(first);
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe('60');
      expect(JSON.parse(refused.body)).toEqual({
        statusCode: 429,
        code: 'TOO_MANY_UPLOADS',
        message: 'You already have 1 uploads in progress; wait until one ends.',
      });
      trickle(second);
      await inFlight(2);
      const full = await whole(third);
      expect(full.status).toBe(503);
      expect(JSON.parse(full.body)).toMatchObject({ statusCode: 503, code: 'UPLOADS_FULL' });

      firstUpload.request.destroy();
      await inFlight(1);
      expect((await whole(third)).status).toBe(mediaRefusal);
    });
  });
});
