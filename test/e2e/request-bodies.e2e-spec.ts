import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Agent, get } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { PlayoutEngine } from '@siaran/playout';
import { ManualClock } from '@siaran/time';
import { createTestApp, type TestApp } from '../support/app';
import { Broadcast, openBroadcast } from '../support/broadcast';
import { makeTone } from '../support/media';

const LOGIN = '/api/v1/auth/login';
const LIVE_PLAYLIST = '/live/rkb/audio-64k.m3u8';
const execFileAsync = promisify(execFile);

/** Posts 30 one-megabyte JSON bodies to a URL from a process of its own; prints each answer's status and code. */
const FLOOD_SCRIPT = join(__dirname, '../support/json-flood.mjs');

/** The player's side: one connection kept alive, as a player polling its playlist keeps it. */
const player = new Agent({ keepAlive: true, maxSockets: 1 });

function fetchPlaylist(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    get(url, { agent: player }, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 200 ? resolve() : reject(new Error(`${url} answered ${res.statusCode}`)),
      );
    }).on('error', reject);
  });
}

/**
 * Hostile JSON bodies (deep, wide, large) are refused before they are parsed or validated:
 * on the one thread, parsing them would stall every player's playlist.
 */
describe('request bodies', () => {
  let t: TestApp;
  let work: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'siaran-bodies-'));
    const clock = new ManualClock(new Date());
    t = await createTestApp({ clock, listen: true, env: Broadcast.env });
    const broadcast = await openBroadcast(t);
    await makeTone(join(work, 'jingle.m4a'), { seconds: 8, sampleRate: 48000, codecArgs: ['-c:a', 'aac'] });
    const [jingle] = await broadcast.readyAssets([
      { path: join(work, 'jingle.m4a'), title: 'Jingle RKB', preset: 'radio-default', kind: 'filler' },
    ]);
    await broadcast.setFiller('rkb', jingle);
    await t.app.get(PlayoutEngine).tick();
  });

  afterAll(async () => {
    player.destroy();
    await t?.close();
    rmSync(work, { recursive: true, force: true });
  });

  // How long the playlist waits meanwhile is measured by bench/request-bodies.bench.mjs.
  it('keeps answering the live playlist while 30 megabyte bodies flood the login, three at a time, each refused with its code', async () => {
    await fetchPlaylist(`${t.url}${LIVE_PLAYLIST}`);
    let flooding = true;
    const flood = execFileAsync(process.execPath, [FLOOD_SCRIPT, `${t.url}${LOGIN}`]).finally(() => {
      flooding = false;
    });
    let answered = 0;
    while (flooding || answered < 50) {
      await fetchPlaylist(`${t.url}${LIVE_PLAYLIST}`);
      answered += 1;
    }

    expect(JSON.parse((await flood).stdout)).toEqual(Array.from({ length: 30 }, () => [413, 'BODY_TOO_LARGE']));
  });

  it('refuses JSON nested deeper than 32 levels within the size limit: 400 BODY_TOO_DEEP', async () => {
    const res = await request(t.app.getHttpServer())
      .post(LOGIN)
      .set('Content-Type', 'application/json')
      .send(`{"email":${'['.repeat(600)}${']'.repeat(600)}}`)
      .expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      code: 'BODY_TOO_DEEP',
      message: expect.stringContaining('32'),
      details: { maxDepth: 32 },
    });
  });

  it('refuses an array or object of more than 1000 items within the size limit: 400 BODY_TOO_WIDE', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/api/v1/programmes')
      .set('Content-Type', 'application/json')
      .send(`{"title":[${'0,'.repeat(1000)}0]}`)
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'BODY_TOO_WIDE', details: { maxItems: 1000 } });
  });

  it('gives the login a limit of 2 KiB, and other endpoints the JSON_BODY_LIMIT_BYTES default of 16 KiB', async () => {
    const padded = (bytes: number) => JSON.stringify({ email: 'a@b.id', password: 'x'.repeat(bytes - 32) });
    expect(Buffer.byteLength(padded(2048))).toBe(2048);
    const atLimit = await request(t.app.getHttpServer())
      .post(LOGIN)
      .set('Content-Type', 'application/json')
      .send(padded(2048));
    expect(atLimit.body.code).toBe('VALIDATION_FAILED');
    const over = await request(t.app.getHttpServer())
      .post(LOGIN)
      .set('Content-Type', 'application/json')
      .send(padded(2049))
      .expect(413);
    expect(over.body.code).toBe('BODY_TOO_LARGE');
    const programme = JSON.stringify({ title: 'x'.repeat(12 * 1024) });
    const parsed = await request(t.app.getHttpServer())
      .post('/api/v1/programmes')
      .set('Content-Type', 'application/json')
      .send(programme);
    expect(parsed.status).toBe(401);
    const large = JSON.stringify({ title: 'x'.repeat(17 * 1024) });
    const tooLarge = await request(t.app.getHttpServer())
      .post('/api/v1/programmes')
      .set('Content-Type', 'application/json')
      .send(large)
      .expect(413);
    expect(tooLarge.body.code).toBe('BODY_TOO_LARGE');
  });
});
