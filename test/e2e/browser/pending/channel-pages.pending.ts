/**
 * The HTTP side of channel pages for channels that exist. Needs the scheduling branch (channels
 * API) merged; to activate, rename to test/e2e/web-channel-pages.e2e-spec.ts (fixing the import
 * paths) with the fixture aligned as described in broadcast-fixture.pending.ts.
 */
import request from 'supertest';
import { createTestApp, TestApp } from '../../../support/app';
import { ensureWebBuilt } from '../../../support/web';
import { ADMIN_ENV, createChannel, createStation, signIn } from './broadcast-fixture.pending';

describe('channel pages over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    ensureWebBuilt();
    t = await createTestApp({ listen: true, env: ADMIN_ENV });
    const api = await signIn(t);
    const station = await createStation(api, { name: 'Pemerintah Kabupaten Kudus', slug: 'kabupaten-kudus' });
    await createChannel(api, station.id, { slug: 'suara-kudus-tv', name: 'Suara Kudus TV', kind: 'tv' });
    await createChannel(api, station.id, { slug: 'radio-suara-kudus', name: 'Radio Suara Kudus', kind: 'radio' });
  });
  afterAll(() => t.close());
  const http = () => request(t.app.getHttpServer());

  it('serves a channel on the page of its kind', async () => {
    for (const path of ['/watch/suara-kudus-tv', '/listen/radio-suara-kudus']) {
      const res = await http().get(path).expect(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toContain('<html lang="id">');
    }
  });

  it('sends the page of the other kind to the right one', async () => {
    const toWatch = await http().get('/listen/suara-kudus-tv').expect(302);
    expect(toWatch.headers.location).toBe('/watch/suara-kudus-tv');
    const toListen = await http().get('/watch/radio-suara-kudus').expect(302);
    expect(toListen.headers.location).toBe('/listen/radio-suara-kudus');
  });

  it('still answers 404 for a slug no channel has', async () => {
    await http().get('/watch/suara-kudus').expect(404);
  });
});
