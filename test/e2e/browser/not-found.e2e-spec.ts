import { createTestApp, type TestApp } from '../../support/app';
import { launchBrowser, type TestBrowser } from '../../support/browser';

/**
 * The page of a channel that does not exist, in a real Chromium against the all-in-one: HTTP 404,
 * its own 404 state, both languages (remembered), keyboard access, and no console errors beyond
 * the expected 404 responses.
 */
describe('web player in a browser: unknown channel', () => {
  let t: TestApp;
  let browser: TestBrowser;
  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp({ listen: true }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the 404 state in Indonesian, switches to English and remembers it', async () => {
    const { page, errors, screenshot } = await browser.open();
    const url = `${t.url}/watch/tidak-ada`;
    const response = await page.goto(url);
    expect(response?.status()).toBe(404);

    const heading = page.getByRole('heading', { level: 1 });
    await page.locator('[data-state="not-found"]').waitFor();
    expect(await heading.textContent()).toBe('Saluran tidak ditemukan');
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
    expect(await page.title()).toBe('Saluran tidak ditemukan · Siaran');
    expect(await page.getByRole('link', { name: 'Kembali ke daftar saluran' }).getAttribute('href')).toBe('/');
    expect(await page.getByRole('link', { name: 'Daftar saluran (M3U)' }).getAttribute('href')).toBe('/channels.m3u');
    expect(await page.getByRole('link', { name: 'Panduan acara (XMLTV)' }).getAttribute('href')).toBe('/epg.xml');
    await screenshot('not-found-id');

    // Keyboard: the skip link comes first, then the language switch, which Enter operates.
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('Langsung ke konten utama');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').getAttribute('id')).toBe('language-switch');
    await page.keyboard.press('Enter');

    expect(await heading.textContent()).toBe('Channel not found');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.title()).toBe('Channel not found · Siaran');
    expect(await page.getByRole('link', { name: 'Channel list (M3U)' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Switch language to Bahasa Indonesia' }).getAttribute('lang')).toBe(
      'id',
    );
    await screenshot('not-found-en');

    await page.reload();
    await page.locator('[data-state="not-found"]').waitFor();
    expect(await heading.textContent()).toBe('Channel not found');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    // Chromium reports every 404 response as a console error: the page's own and the channel lookup's.
    const unexpected = errors.filter(
      (error) =>
        !(error.text.includes('status of 404') && [url, `${t.url}/api/v1/channels/tidak-ada`].includes(error.url)),
    );
    expect(unexpected).toEqual([]);
  });
});
