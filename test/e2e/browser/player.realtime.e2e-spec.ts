/**
 * Acceptance of the web player against the whole chain: schedule → media → playout → HLS →
 * hls.js in Debian's Chromium.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../../support/app';
import { openBroadcast } from '../../support/broadcast';
import { launchBrowser, type TestBrowser } from '../../support/browser';
import { makeTone, makeVideo } from '../../support/media';
import { snapshot, startPlayback, until, waitForPage, WATCH_FRAGMENTS } from '../../support/player-page';

describe('web player in a browser: live channels over the whole chain', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let media: string;
  const first = { title: 'Kabar Batik Pagi' };
  const second = { title: 'Dialog Warga Pekalongan' };
  const radioShow = { title: 'Suara Kota Batik' };

  beforeAll(async () => {
    media = mkdtempSync(join(tmpdir(), 'siaran-web-media-'));
    [t, browser] = await Promise.all([
      createTestApp({ listen: true, env: { PLAYOUT_ENABLED: 'true', PLAYOUT_TICK_MS: '500' } }),
      launchBrowser(),
    ]);
    const broadcast = await openBroadcast(t);
    await Promise.all([
      makeVideo(join(media, 'a.mp4'), { seconds: 40, width: 640, height: 360 }),
      makeVideo(join(media, 'b.mp4'), { seconds: 40, width: 640, height: 360 }),
      // Long enough to still be on when the radio test runs, after the TV one.
      makeTone(join(media, 'r.m4a'), { seconds: 240, sampleRate: 48000, codecArgs: ['-c:a', 'aac'] }),
    ]);
    const [assetA, assetB, assetR] = await broadcast.readyAssets([
      { path: join(media, 'a.mp4'), title: first.title, preset: 'tv-default' },
      { path: join(media, 'b.mp4'), title: second.title, preset: 'tv-default' },
      { path: join(media, 'r.m4a'), title: radioShow.title, preset: 'radio-default' },
    ]);
    // The first TV programme is already on and short: its end, a programme boundary, falls in the test.
    const now = Date.now();
    await broadcast.scheduleOnce('batik-tv', first.title, assetA, now - 5000, 35);
    await broadcast.scheduleOnce('batik-tv', second.title, assetB, now + 30000, 60);
    await broadcast.scheduleOnce('rkb', radioShow.title, assetR, now - 5000, 300);
  }, 300000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    rmSync(media, { recursive: true, force: true });
  });

  it('lists the station on the home page, then plays Batik TV across a programme change with now-playing following', async () => {
    const { page, errors, screenshot } = await browser.open();
    await page.goto(`${t.url}/`);
    const card = page.locator('a[data-channel="batik-tv"]');
    await card.locator('.card-now-title', { hasText: first.title }).waitFor({ timeout: 20000 });
    expect(await page.getByRole('heading', { level: 2, name: 'LPPL Kota Pekalongan' }).count()).toBe(1);
    expect(await page.locator('a[data-channel="rkb"]').getAttribute('href')).toBe('/listen/rkb');
    await screenshot('home');

    await card.click();
    await page.waitForURL(`${t.url}/watch/batik-tv`);
    await waitForPage(page, 'window.__siaranPlayer && window.__siaranPlayer.hls', 20000);
    await page.evaluate(WATCH_FRAGMENTS);
    await startPlayback(page, 'tv');
    const start = await snapshot(page);
    expect(start.nowTitle).toBe(first.title);

    // Playback goes on for 10 s or more, past the discontinuity of the programme change, while
    // now-playing turns to the next programme over SSE, all in the same document.
    const end = await until(
      page,
      (s) => s.currentTime - start.currentTime >= 10 && new Set(s.playedCc).size >= 2 && s.nowTitle === second.title,
      120000,
      'playback did not pass the programme change',
    );
    expect(end.reloaded).toBe(false);
    expect(end.state).toBe('playing');
    expect(end.errors.filter((error) => error.fatal)).toEqual([]);
    process.stdout.write(
      `Batik TV: ${end.currentTime - start.currentTime} s played, hls.js errors (none fatal): ${JSON.stringify(end.errors)}\n`,
    );

    // Quality: auto by default, the ladder offered.
    const quality = page.getByLabel('Kualitas');
    expect(await quality.inputValue()).toBe('-1');
    expect(await quality.locator('option').allTextContents()).toEqual([
      expect.stringMatching(/^Otomatis/),
      '720p',
      '480p',
      '360p',
    ]);

    // The guide: both programmes today in WIB, the one on air marked.
    const guide = page.locator('.guide-list');
    await guide.locator('.guide-item', { hasText: second.title }).waitFor();
    // The guide marks by the wall clock, the player by the timeline: a programme airs from the
    // segment boundary nearest its start, up to half a segment before it.
    await guide.locator('.guide-item.is-current', { hasText: second.title }).waitFor({ timeout: 10_000 });
    expect(await page.locator('.guide-day').textContent()).toContain('WIB');
    await screenshot('watch-batik-tv');

    await page.getByRole('button', { name: 'Ganti bahasa ke English' }).click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('#now-heading').textContent()).toBe('On now');
    expect(await page.locator('#guide-heading').textContent()).toBe('Programme guide');
    expect(await page.getByLabel('Quality').count()).toBe(1);
    expect((await snapshot(page)).state).toBe('playing');
    await screenshot('watch-batik-tv-en');

    expect(errors).toEqual([]);
  }, 180000);

  it('plays Radio Kota Batik with its programme shown', async () => {
    const { page, errors, screenshot } = await browser.open();
    await page.goto(`${t.url}/listen/rkb`);
    await waitForPage(page, 'window.__siaranPlayer && window.__siaranPlayer.hls', 20000);
    await startPlayback(page, 'radio');
    const start = await snapshot(page);
    const end = await until(page, (s) => s.currentTime - start.currentTime >= 10, 40000, 'radio did not play 10 s');
    expect(end.errors.filter((error) => error.fatal)).toEqual([]);
    expect(await page.locator('.radio-title').textContent()).toBe(radioShow.title);
    // The English chosen on the TV page is remembered.
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('.play-toggle').textContent()).toBe('Pause');

    const volume = page.getByLabel('Volume');
    await volume.focus();
    await page.keyboard.press('ArrowLeft');
    expect(await page.evaluate<number>(`document.querySelector('audio').volume`)).toBeCloseTo(0.95);
    await screenshot('listen-rkb');
    expect(errors).toEqual([]);
  }, 90000);
});
