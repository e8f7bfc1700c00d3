/**
 * The radio page in Debian's Chromium names the song on air, from a playlist block of tagged
 * songs, and follows each song change as now-playing pushes it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { type Page } from 'playwright-core';
import request from 'supertest';
import { createTestApp, type TestApp } from '../../support/app';
import { openBroadcast } from '../../support/broadcast';
import { launchBrowser, type TestBrowser } from '../../support/browser';
import { makeTone } from '../../support/media';
import { waitFor } from '../../support/wait';

const SONGS = [
  { artist: 'Rhoma Irama', title: 'Begadang' },
  { artist: 'Elvy Sukaesih', title: 'Pengalaman Pertama' },
];

/** The song line's text, read by evaluation (the page's CSP forbids the eval waitForFunction needs). */
const songLine = (page: Page) => page.evaluate<string>(`document.querySelector('.radio-song')?.textContent ?? ''`);

async function waitForSong(page: Page, accept: (text: string) => boolean, timeoutMs: number): Promise<string> {
  const started = Date.now();
  for (;;) {
    const text = await songLine(page);
    if (accept(text)) return text;
    if (Date.now() - started > timeoutMs) throw new Error(`the song line stayed "${text}"`);
    await page.waitForTimeout(250);
  }
}

describe('radio page: the song on air', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let media: string;

  beforeAll(async () => {
    media = mkdtempSync(join(tmpdir(), 'siaran-web-songs-'));
    [t, browser] = await Promise.all([
      createTestApp({ listen: true, env: { PLAYOUT_ENABLED: 'true', PLAYOUT_TICK_MS: '500' } }),
      launchBrowser(),
    ]);
    const broadcast = await openBroadcast(t);
    await Promise.all(
      SONGS.map((song, i) =>
        makeTone(join(media, `song${i}.mp3`), {
          seconds: 12,
          codecArgs: ['-c:a', 'libmp3lame'],
          extraArgs: ['-metadata', `artist=${song.artist}`, '-metadata', `title=${song.title}`],
        }),
      ),
    );
    const ids = await broadcast.readyAssets(
      SONGS.map((song, i) => ({
        path: join(media, `song${i}.mp3`),
        title: song.title,
        preset: 'radio-default',
        kind: 'music' as const,
      })),
    );
    const http = request(t.app.getHttpServer());
    const playlist = await http
      .post(`/api/v1/stations/${broadcast.stationId}/playlists`)
      .set(broadcast.producer)
      .send({ name: 'Dangdut', order: 'in-order', items: ids.map((assetId) => ({ assetId })) })
      .expect(201);
    const rkb = broadcast.channels.get('rkb') as { id: string; timezone: string };
    await http
      .post('/api/v1/schedule-entries')
      .set(broadcast.producer)
      .send({
        channelId: rkb.id,
        programmeId: await broadcast.programme('Dangdut Pagi'),
        start: DateTime.now().setZone(rkb.timezone).minus({ seconds: 5 }).toFormat("yyyy-MM-dd'T'HH:mm:ss"),
        durationSeconds: 300,
        source: { kind: 'playlist', playlistId: playlist.body.id },
      })
      .expect(201);
    // The page opens once the block airs: before that the channel is off air and its playlists answer 503.
    await waitFor(
      'the block on air',
      async () => ((await fetch(`${t.url}/live/rkb/audio-128k.m3u8`)).ok ? true : undefined),
      60000,
    );
  }, 300000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    rmSync(media, { recursive: true, force: true });
  });

  it('shows the artist and title of the song on air, and the next one when it starts', async () => {
    const { page, errors, screenshot } = await browser.open();
    await page.goto(`${t.url}/listen/rkb`);
    const texts = SONGS.map((song) => `Sedang diputar: ${song.artist} - ${song.title}`);
    const first = await waitForSong(page, (text) => texts.includes(text), 30000);
    expect(await page.locator('.radio-title').textContent()).toBe('Dangdut Pagi');
    // The now/next card spans the five-minute block, not the 12 s song, and names the song on its own line.
    expect(texts).toContain(await page.locator('.now-song').textContent());
    const span = /(\d\d)\.(\d\d)–(\d\d)\.(\d\d)/.exec((await page.locator('.now-time').textContent()) ?? '');
    expect(span).not.toBeNull();
    const [fromH, fromM, toH, toM] = (span as RegExpExecArray).slice(1).map(Number);
    expect((toH * 60 + toM - (fromH * 60 + fromM) + 1440) % 1440).toBeGreaterThanOrEqual(4);
    await screenshot('listen-rkb-song');
    const second = await waitForSong(page, (text) => texts.includes(text) && text !== first, 30000);
    expect(texts).toContain(second);
    expect(errors).toEqual([]);
  }, 90000);
});
