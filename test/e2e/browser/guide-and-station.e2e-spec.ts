/**
 * What a resident sees of a station beside the stream, in a real Chromium: the station's logo,
 * name, website and contact; the embeddable player; a guide over seven days with end times that
 * marks what now-playing says airs, filler standing in included; and a phone-sized radio page.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import request from 'supertest';
import { createTestApp, type TestApp } from '../../support/app';
import { openBroadcast } from '../../support/broadcast';
import { launchBrowser, type TestBrowser } from '../../support/browser';
import { ffmpeg, makeTone, makeVideo } from '../../support/media';

const ZONE = 'Asia/Jakarta';
/** Local wall time `days` days from today at hh:mm, as an instant. */
const localAt = (days: number, hour: number, minute: number) =>
  DateTime.now().setZone(ZONE).startOf('day').plus({ days }).set({ hour, minute }).toMillis();

/** Another site (another origin) whose page frames `src`, as a station's own website would. */
async function stationWebsite(src: () => string): Promise<{ server: Server; url: string }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><title>LPPL</title><iframe src="${src()}" width="640" height="300"></iframe>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** Public URLs (the logo's) name PUBLIC_BASE_URL, here localhost:3000: the browser is sent to the test app. */
async function toTestAppFrom(browser: TestBrowser, appUrl: string): Promise<void> {
  await browser.context.route('http://localhost:3000/**', async (route) =>
    route.fulfill({
      response: await browser.context.request.fetch(route.request().url().replace('http://localhost:3000', appUrl)),
    }),
  );
}

describe('station identity, embedded player and seven-day guide in a browser', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let media: string;
  let logoUrl: string;
  let website: Awaited<ReturnType<typeof stationWebsite>>;
  const toTestApp = (into: TestBrowser) => toTestAppFrom(into, t.url);

  beforeAll(async () => {
    website = await stationWebsite(() => `${t.url}/embed/rkb`);
    media = mkdtempSync(join(tmpdir(), 'siaran-web-station-'));
    [t, browser] = await Promise.all([
      createTestApp({ listen: true, env: { PLAYOUT_ENABLED: 'true', PLAYOUT_TICK_MS: '500' } }),
      launchBrowser(),
    ]);
    await toTestApp(browser);
    const broadcast = await openBroadcast(t);
    const http = () => request(t.app.getHttpServer());
    await http()
      .patch(`/api/v1/stations/${broadcast.stationId}`)
      .set(broadcast.admin)
      .send({ websiteUrl: 'https://lppl.pekalongankota.example', contact: 'WhatsApp 0812 3456 7890' })
      .expect(200);
    await Promise.all([
      ffmpeg(['-f', 'lavfi', '-i', 'color=c=0x2080e0:s=320x180', '-frames:v', '1', join(media, 'logo.png')]),
      makeVideo(join(media, 'ident.mp4'), { seconds: 12, width: 640, height: 360 }),
      makeTone(join(media, 'r.m4a'), { seconds: 120, sampleRate: 48000, codecArgs: ['-c:a', 'aac'] }),
    ]);
    const logo = await http()
      .put(`/api/v1/stations/${broadcast.stationId}/logo`)
      .set(broadcast.admin)
      .attach('file', readFileSync(join(media, 'logo.png')), { filename: 'logo.png', contentType: 'image/png' })
      .expect(200);
    logoUrl = logo.body.url;
    const [ident, radioShow] = await broadcast.readyAssets([
      { path: join(media, 'ident.mp4'), title: 'Ident Batik TV', preset: 'tv-default', kind: 'ident' },
      { path: join(media, 'r.m4a'), title: 'Suara Kota Batik', preset: 'radio-default' },
    ]);
    await broadcast.setFiller('batik-tv', ident);
    const broken = await broadcast.failedAsset('Berita Gagal', 'tv-default');
    const now = Date.now();
    // On the schedule now, but its media failed: the ident stands in for it.
    await broadcast.scheduleOnce('batik-tv', 'Berita Gagal', broken, now - 60_000, 600);
    await broadcast.scheduleOnce('batik-tv', 'Larut Malam Kemarin', ident, localAt(-1, 23, 30), 3600);
    await broadcast.scheduleOnce('batik-tv', 'Larut Malam Besok', ident, localAt(1, 23, 30), 3600);
    await broadcast.scheduleOnce('batik-tv', 'Pekan Depan', ident, localAt(6, 19, 0), 1800);
    await broadcast.scheduleOnce('rkb', 'Suara Kota Batik', radioShow, Date.now() - 5000, 120);
  }, 300000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    website?.server.close();
    rmSync(media, { recursive: true, force: true });
  });

  it("shows the station's logo, name, website and contact, and the code to embed its player", async () => {
    const { page, errors } = await browser.open();
    await page.goto(`${t.url}/`);
    const cardLogo = page.locator('a[data-channel="batik-tv"] .card-logo img');
    await cardLogo.waitFor({ state: 'visible' });
    expect(await cardLogo.getAttribute('src')).toBe(logoUrl);

    await page.goto(`${t.url}/watch/batik-tv`);
    const headLogo = page.locator('.channel-head .channel-logo img');
    await headLogo.waitFor({ state: 'visible' });
    expect(await headLogo.getAttribute('src')).toBe(logoUrl);
    expect(await page.locator('.channel-head .station-name').textContent()).toBe('LPPL Kota Pekalongan');
    const station = page.locator('.station-info');
    expect(await station.locator('h2').textContent()).toBe('LPPL Kota Pekalongan');
    expect(await station.getByRole('link').getAttribute('href')).toBe('https://lppl.pekalongankota.example');
    expect(await station.textContent()).toContain('Kontak: WhatsApp 0812 3456 7890');
    expect(await station.locator('.embed-snippet').textContent()).toContain(`src="${t.url}/embed/batik-tv"`);
    expect(errors).toEqual([]);
  }, 60000);

  it('plays the embedded player alone, in a frame of any site', async () => {
    const headers = (await request(t.app.getHttpServer()).get('/embed/batik-tv').expect(200)).headers;
    expect(headers['content-security-policy']).toMatch(/frame-ancestors \*$/);
    expect(headers['x-frame-options']).toBeUndefined();
    await request(t.app.getHttpServer()).get('/embed/tidak-ada').expect(404);

    const { page, errors } = await browser.open();
    await page.goto(website.url);
    const frame = page.frameLocator('iframe');
    await frame.locator('.now-title', { hasText: 'Suara Kota Batik' }).waitFor({ timeout: 20000 });
    expect(await frame.locator('.site-header').isVisible()).toBe(false);
    expect(await frame.locator('.guide').count()).toBe(0);
    expect(await frame.locator('h1').textContent()).toBe('Radio Kota Batik');
    expect(await frame.locator('.embed-open').getAttribute('href')).toBe('/listen/rkb');
    expect(errors).toEqual([]);
  }, 60000);

  it('marks what now-playing says airs, filler standing in included, and offers seven days with end times', async () => {
    const nowPlaying = await request(t.app.getHttpServer()).get('/api/v1/channels/batik-tv/now-playing').expect(200);
    expect(nowPlaying.body.now_playing).toMatchObject({
      title: 'Ident Batik TV',
      source: { kind: 'filler', reason: 'source-not-ready' },
      stands_in_for: { title: 'Berita Gagal' },
    });
    const { page, errors, screenshot } = await browser.open();
    await page.goto(`${t.url}/watch/batik-tv`);
    const guide = page.locator('.guide-list');
    const current = guide.locator('.guide-item.is-current');
    await current.locator('.guide-note', { hasText: 'Diganti sementara dengan Ident Batik TV' }).waitFor({
      timeout: 20000,
    });
    expect(await current.locator('.guide-title').textContent()).toContain('Berita Gagal');
    expect(await page.locator('.now-title').textContent()).toBe('Ident Batik TV');
    expect(await page.locator('.now-host').textContent()).toBe('Pengganti Berita Gagal');
    // Each row has its end; last night's late show belongs to yesterday, not to the top of today.
    expect(await current.locator('.guide-end').count()).toBe(1);
    expect(await guide.textContent()).not.toContain('Larut Malam Kemarin');

    const days = page.locator('.guide-days button');
    expect(await days.count()).toBe(7);
    expect(await days.nth(0).textContent()).toBe('Hari ini');
    expect(await days.nth(1).textContent()).toBe('Besok');
    await days.nth(1).click();
    await guide.locator('.guide-item', { hasText: 'Larut Malam Besok' }).waitFor();
    expect(
      await guide.locator('.guide-item', { hasText: 'Larut Malam Besok' }).locator('time').allTextContents(),
    ).toEqual(['23.30', '00.30']);
    await days.nth(2).click();
    await page.locator('.guide-list[aria-busy="false"]').waitFor();
    expect(await guide.textContent()).not.toContain('Larut Malam Besok');
    await days.nth(6).click();
    const week = guide.locator('.guide-item', { hasText: 'Pekan Depan' });
    await week.waitFor();
    expect(await week.locator('time').allTextContents()).toEqual(['19.00', '19.30']);
    await screenshot('guide-seven-days');
    expect(errors).toEqual([]);
  }, 60000);

  it('shows the radio programme and host once on a phone', async () => {
    const phone = await launchBrowser({ viewport: { width: 375, height: 740 } });
    try {
      await toTestApp(phone);
      const { page, errors, screenshot } = await phone.open();
      await page.goto(`${t.url}/listen/rkb`);
      await page.locator('.now-title', { hasText: 'Suara Kota Batik' }).waitFor({ state: 'attached', timeout: 20000 });
      const shown = (text: string) =>
        page
          .getByText(text, { exact: true })
          .evaluateAll(
            (elements) =>
              elements.filter(
                (element) =>
                  (element as unknown as { checkVisibility(): boolean }).checkVisibility() &&
                  (element as unknown as { getBoundingClientRect(): { width: number } }).getBoundingClientRect().width >
                    1,
              ).length,
          );
      expect(await shown('Suara Kota Batik')).toBe(1);
      expect(await shown('Bersama Tim Siaran')).toBe(1);
      await screenshot('listen-rkb-phone');
      expect(errors).toEqual([]);
    } finally {
      await phone.close();
    }
  }, 60000);
});
