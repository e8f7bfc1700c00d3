import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { createTestApp, type TestApp } from '../../support/app';
import { launchBrowser, type TestBrowser } from '../../support/browser';

/** A page of another site (another origin: another port) that embeds `src` in a frame. */
async function embeddingSite(): Promise<{ server: Server; origin: string; embed: (src: string) => void }> {
  let frameSource = '';
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(
      `<!doctype html><title>Station site</title><iframe src="${frameSource}" width="800" height="600"></iframe>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    embed: (src) => {
      frameSource = src;
    },
  };
}

/**
 * The web player's pages in a real Chromium: a site in FRAME_ANCESTORS may embed the player, which
 * runs in the frame under its Content-Security-Policy; any other site gets no frame; Swagger UI
 * works under the CSP of /docs.
 */
describe('web pages in frames, and the API docs, in a browser', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let stationSite: Awaited<ReturnType<typeof embeddingSite>>;
  let otherSite: Awaited<ReturnType<typeof embeddingSite>>;
  beforeAll(async () => {
    [stationSite, otherSite] = await Promise.all([embeddingSite(), embeddingSite()]);
    [t, browser] = await Promise.all([
      createTestApp({ listen: true, env: { FRAME_ANCESTORS: stationSite.origin } }),
      launchBrowser(),
    ]);
    stationSite.embed(`${t.url}/watch/tidak-ada`);
    otherSite.embed(`${t.url}/watch/tidak-ada`);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    stationSite?.server.close();
    otherSite?.server.close();
  });

  it('runs the player page in a frame of a FRAME_ANCESTORS site', async () => {
    const { page, errors } = await browser.open();
    await page.goto(stationSite.origin);
    const player = page.frameLocator('iframe');
    await player.locator('[data-state="not-found"]').waitFor();
    expect(await player.getByRole('heading', { level: 1 }).textContent()).toBe('Saluran tidak ditemukan');
    expect(errors.filter((e) => !/404/.test(e.text))).toEqual([]);
  });

  it('refuses to be framed by any other site', async () => {
    const { page } = await browser.open();
    const refusal = page.waitForEvent('console', { predicate: (message) => /frame-ancestors/.test(message.text()) });
    await page.goto(otherSite.origin);
    expect((await refusal).text()).toContain(`frame-ancestors 'self' ${stationSite.origin}`);
    expect(await page.frameLocator('iframe').locator('[data-state]').count()).toBe(0);
  });

  it('shows Swagger UI at /docs under its Content-Security-Policy', async () => {
    const { page, errors } = await browser.open();
    const response = await page.goto(`${t.url}/docs`);
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.locator('.swagger-ui .info .title').waitFor();
    expect(await page.locator('.swagger-ui .info .title').textContent()).toContain('Siaran API');
    await page.locator('.opblock').first().waitFor();
    expect(errors).toEqual([]);
  });
});
