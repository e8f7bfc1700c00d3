import request from 'supertest';
import { createTestApp, type TestApp } from '../../support/app';
import { bearer, createUser, login } from '../../support/auth';
import { launchBrowser, type TestBrowser } from '../../support/browser';
import { createStudio, type Studio } from '../../support/scheduling';

/**
 * A crawl in a real Chromium on a phone-sized screen: the channel page shows the warning
 * (pushed over SSE) as an alert screen readers announce, in the reader's language, and drops
 * it when the override ends.
 */
describe('web player in a browser: emergency crawl banner', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let studio: Studio;
  let operator: string;

  beforeAll(async () => {
    [t, browser] = await Promise.all([
      createTestApp({ listen: true }),
      launchBrowser({ viewport: { width: 390, height: 844 } }),
    ]);
    const admin = await login(t);
    studio = await createStudio(t, admin, 'pekalongan');
    operator = (await createUser(t, admin, 'emergency-operator')).token;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows a crawl as an alert within moments of issuing it, in both languages, and removes it when it ends', async () => {
    const { page, errors, screenshot } = await browser.open();
    await page.goto(`${t.url}/watch/pekalongan-tv`);
    await page.getByRole('heading', { level: 1, name: 'pekalongan TV' }).waitFor();
    const banner = page.getByRole('alert');
    expect(await banner.isVisible()).toBe(false);

    const issuedAt = Date.now();
    const issued = await request(t.app.getHttpServer())
      .post('/api/v1/emergency-overrides')
      .set(bearer(operator))
      .send({
        scope: { kind: 'channels', channelIds: [studio.channelId] },
        mode: 'crawl',
        messageId: 'Banjir rob di pesisir Pekalongan. Hindari jalan pantura dan ikuti arahan petugas.',
        messageEn: 'Tidal flooding on the Pekalongan coast. Avoid the coastal road and follow officials.',
        severity: 'severe',
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        reason: 'Peringatan dini BMKG',
      })
      .expect(201);
    await banner.waitFor({ state: 'visible', timeout: 15_000 });
    process.stdout.write(`banner shown ${Date.now() - issuedAt} ms after issuing the crawl\n`);
    expect(await banner.getAttribute('aria-live')).toBe('assertive');
    expect(await banner.textContent()).toBe(
      'Peringatan darurat · SiagaBanjir rob di pesisir Pekalongan. Hindari jalan pantura dan ikuti arahan petugas.',
    );
    // Readable on a phone: it fits the screen's width and wraps instead of overflowing.
    const box = await banner.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    await screenshot('emergency-banner-id');

    await page.locator('#language-switch').click();
    expect(await banner.locator('.alert-message').textContent()).toBe(
      'Tidal flooding on the Pekalongan coast. Avoid the coastal road and follow officials.',
    );
    expect(await banner.locator('.alert-heading').textContent()).toBe('Emergency warning · Warning');
    await screenshot('emergency-banner-en');

    await request(t.app.getHttpServer())
      .post(`/api/v1/emergency-overrides/${issued.body.id}/cancel`)
      .set(bearer(operator))
      .send({ reason: 'Air surut' })
      .expect(200);
    await banner.waitFor({ state: 'hidden', timeout: 15_000 });
    // The channel has nothing on air in this test: its playlist answers 503, which Chromium logs.
    expect(errors.filter((error) => !error.text.includes('status of 503'))).toEqual([]);
  });
});
