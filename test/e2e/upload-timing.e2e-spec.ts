import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app';
import { bearer, login } from '../support/auth';
import { makeTone } from '../support/media';
import { type RawResponse, sendMultipart } from '../support/multipart';
import { created } from '../support/scheduling';

const IDLE_SECONDS = 2;
const JSON_BODY_SECONDS = 1;
const UPLOAD_MAX_BYTES = 2_000_000;

/** The bytes in `pieces` pieces, one every `intervalMs`; then nothing more, without ending, when `stall`. */
function trickle(bytes: Buffer, pieces: number, intervalMs: number, stall = false): Readable {
  const size = Math.ceil(bytes.length / pieces);
  return Readable.from(
    (async function* () {
      for (let offset = 0; offset < bytes.length; offset += size) {
        yield bytes.subarray(offset, offset + size);
        await sleep(intervalMs);
      }
      if (stall) await new Promise(() => undefined);
    })(),
  );
}

/** Sends a JSON body in pieces and resolves with the answer. */
function trickleJson(url: string, headers: Record<string, string>, body: string, intervalMs: number) {
  return new Promise<RawResponse>((resolve, reject) => {
    const bytes = Buffer.from(body);
    const req = httpRequest(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(bytes.length) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    trickle(bytes, bytes.length, intervalMs).pipe(req);
  });
}

/**
 * Uploads take as long as they keep progressing (no total limit, as Node's default of five
 * minutes was); a stalled one is cut after HTTP_BODY_IDLE_TIMEOUT_SECONDS; a JSON body has
 * HTTP_BODY_TIMEOUT_SECONDS in all; an upload declaring more than UPLOAD_MAX_BYTES is
 * refused before its body is read.
 */
describe('upload timing and size', () => {
  let t: TestApp;
  let work: string;
  let admin: string;
  let stationId: string;
  let tone: Buffer;
  const assetsUrl = () => `${t.url}/api/v1/stations/${stationId}/assets`;
  const fields = { title: 'Jingle', kind: 'filler', presets: 'radio-default' };
  const assetCount = async () =>
    (await request(t.app.getHttpServer()).get('/api/v1/assets').set(bearer(admin)).expect(200)).body.total as number;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'siaran-upload-timing-'));
    t = await createTestApp({
      listen: true,
      env: {
        UPLOAD_MAX_BYTES: String(UPLOAD_MAX_BYTES),
        HTTP_BODY_IDLE_TIMEOUT_SECONDS: String(IDLE_SECONDS),
        HTTP_BODY_TIMEOUT_SECONDS: String(JSON_BODY_SECONDS),
      },
    });
    admin = await login(t);
    stationId = (await created(t, admin, 'stations', { slug: 'lppl-timing', name: 'LPPL Timing' })).id;
    await makeTone(join(work, 'jingle.m4a'), { seconds: 2, codecArgs: ['-c:a', 'aac'] });
    tone = readFileSync(join(work, 'jingle.m4a'));
  });

  afterAll(async () => {
    await t?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('takes an upload trickling for longer than the idle and JSON body limits together, as long as bytes keep coming', async () => {
    const res = await sendMultipart(assetsUrl(), bearer(admin), fields, {
      name: 'jingle.m4a',
      body: trickle(tone, 10, 500),
      size: tone.length,
    });
    expect([res.status, res.body.title]).toEqual([201, 'Jingle']);
    // Node's own limit on a whole request (five minutes by default) would end longer uploads.
    expect((t.app.getHttpServer() as Server).requestTimeout).toBe(0);
  });

  it('cuts an upload of which no byte arrives for HTTP_BODY_IDLE_TIMEOUT_SECONDS: 408 REQUEST_TIMEOUT, nothing kept', async () => {
    const before = await assetCount();
    const res = await sendMultipart(assetsUrl(), bearer(admin), fields, {
      name: 'jingle.m4a',
      body: trickle(tone.subarray(0, tone.length / 2), 2, 100, true),
      size: tone.length,
    });
    expect(res).toEqual({
      status: 408,
      body: {
        statusCode: 408,
        code: 'REQUEST_TIMEOUT',
        message: `No bytes of the request body arrived for ${IDLE_SECONDS} s.`,
      },
    });
    expect(await assetCount()).toBe(before);
  });

  it('gives a JSON body HTTP_BODY_TIMEOUT_SECONDS in all, even while its bytes keep coming: 408 REQUEST_TIMEOUT', async () => {
    const body = JSON.stringify({ slug: 'lppl-lambat', name: 'LPPL Lambat' });
    const res = await trickleJson(`${t.url}/api/v1/stations`, bearer(admin), body, 100);
    expect(res).toEqual({
      status: 408,
      body: {
        statusCode: 408,
        code: 'REQUEST_TIMEOUT',
        message: `The request body did not arrive within ${JSON_BODY_SECONDS} s.`,
      },
    });
  });

  it('refuses an upload whose Content-Length exceeds UPLOAD_MAX_BYTES before reading its body: 413 UPLOAD_TOO_LARGE', async () => {
    const before = await assetCount();
    const res = await sendMultipart(assetsUrl(), bearer(admin), fields, {
      name: 'huge.mp4',
      // Not a byte of the file is sent: only the answer to the headers can end this upload.
      body: trickle(Buffer.alloc(0), 1, 0, true),
      size: 100 * UPLOAD_MAX_BYTES,
    });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'UPLOAD_TOO_LARGE', details: { limitBytes: UPLOAD_MAX_BYTES } });
    expect(await assetCount()).toBe(before);
  });

  it('refuses a station logo whose Content-Length cannot fit 2 MiB before reading it: 413 LOGO_TOO_LARGE', async () => {
    const res = await sendMultipart(
      `${t.url}/api/v1/stations/${stationId}/logo`,
      bearer(admin),
      {},
      { name: 'logo.png', type: 'image/png', body: trickle(Buffer.alloc(0), 1, 0, true), size: 100 * 1024 * 1024 },
      'PUT',
    );
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('LOGO_TOO_LARGE');
  });
});
