/** The HTTP side of channel pages for channels that exist. */
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app';
import { openBroadcast } from '../support/broadcast';

describe('channel pages over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await openBroadcast(t);
  });
  afterAll(() => t.close());
  const http = () => request(t.app.getHttpServer());

  it('serves a channel on the page of its kind', async () => {
    for (const path of ['/watch/batik-tv', '/listen/rkb']) {
      const res = await http().get(path).expect(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toContain('<html lang="id">');
    }
  });

  it('sends the page of the other kind to the right one', async () => {
    const toWatch = await http().get('/listen/batik-tv').expect(302);
    expect(toWatch.headers.location).toBe('/watch/batik-tv');
    const toListen = await http().get('/watch/rkb').expect(302);
    expect(toListen.headers.location).toBe('/listen/rkb');
  });

  it('still answers 404 for a slug no channel has', async () => {
    await http().get('/watch/batik').expect(404);
  });
});
