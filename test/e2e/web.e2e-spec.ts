import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app';
import { assetsNamedIn } from '../support/web';

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The web player's pages and files as the API serves them (no browser: see test/e2e/browser). */
describe('web player over HTTP', () => {
  let t: TestApp;
  let home: request.Response;
  beforeAll(async () => {
    t = await createTestApp();
    home = await http().get('/');
  });
  afterAll(() => t.close());
  const http = () => request(t.app.getHttpServer());

  it('serves the page at / as HTML to revalidate on every visit, in Indonesian', () => {
    expect(home.status).toBe(200);
    expect(home.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(home.headers['cache-control']).toBe('no-cache');
    expect(home.headers['content-security-policy']).toContain("script-src 'self'");
    expect(home.headers['x-content-type-options']).toBe('nosniff');
    expect(home.text).toMatch(/^<!doctype html>/i);
    expect(home.text).toContain('<html lang="id">');
  });

  it('answers HEAD for the page without a body', async () => {
    const res = await http().head('/').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text ?? '').toBe('');
  });

  it('serves every file the page names under a hashed name, with its type and a year of immutable caching', async () => {
    const assets = assetsNamedIn(home.text);
    const types = new Map([
      ['.js', 'application/javascript; charset=utf-8'],
      ['.css', 'text/css; charset=utf-8'],
      ['.svg', 'image/svg+xml'],
    ]);
    expect(assets.map((path) => path.slice(path.lastIndexOf('.'))).sort()).toEqual(['.css', '.js', '.svg']);
    for (const path of assets) {
      expect(path).toMatch(/^\/assets\/[\w-]+-[\w-]{8}\.(js|css|svg)$/);
      const res = await http().get(path).set('Accept-Encoding', 'identity').expect(200);
      expect(res.headers['content-type']).toBe(types.get(path.slice(path.lastIndexOf('.'))));
      expect(res.headers['cache-control']).toBe(IMMUTABLE);
      expect(res.headers['content-encoding']).toBeUndefined();
    }
  });

  it('loads hls.js as a hashed chunk of its own, only when a player starts', async () => {
    const script = assetsNamedIn(home.text).find((path) => path.endsWith('.js'))!;
    const entry = await http().get(script).expect(200);
    const chunk = /["'`]\.?\/?(?:assets\/)?(hls-[\w-]{8}\.js)["'`]/.exec(entry.text);
    expect(chunk).not.toBeNull();
    const res = await http().get(`/assets/${chunk![1]}`).set('Accept-Encoding', 'identity').expect(200);
    expect(res.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(res.text).toContain('recoverMediaError');
  });

  it('sends scripts compressed to browsers that accept it', async () => {
    const script = assetsNamedIn(home.text).find((path) => path.endsWith('.js'))!;
    const fastify = t.app.getHttpAdapter().getInstance();
    const plain = await fastify.inject({ url: script, headers: { 'accept-encoding': 'identity' } });
    for (const encoding of ['br', 'gzip']) {
      // inject() gives the bytes as sent: nothing decompresses them on the way.
      const res = await fastify.inject({ url: script, headers: { 'accept-encoding': encoding } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers['content-type']).toBe('application/javascript; charset=utf-8');
      expect(res.headers['cache-control']).toBe(IMMUTABLE);
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
      const decoded = encoding === 'br' ? brotliDecompressSync(res.rawPayload) : gunzipSync(res.rawPayload);
      expect(decoded.equals(plain.rawPayload)).toBe(true);
    }
  });

  it('answers an unknown asset with the JSON 404, never cached as immutable', async () => {
    const res = await http().get('/assets/index-00000000.js').expect(404);
    expect(res.body.code).toBe('ROUTE_NOT_FOUND');
    expect(res.headers['cache-control'] ?? '').not.toContain('immutable');
    await http().get('/assets/').expect(404);
    const traversal = await http().get('/assets/..%2f..%2fpackage.json').expect(403);
    expect(traversal.body.code).toBe('FORBIDDEN');
  });

  it('answers an unknown channel with HTTP 404 and the page, which shows its own 404 state', async () => {
    for (const path of ['/watch/tidak-ada', '/listen/tidak-ada', '/watch/bukan%20slug', '/listen/..%2F..%2Fhealth']) {
      const res = await http().get(path).expect(404);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toBe(home.text);
    }
  });

  it('leaves the API, feeds and health where they were', async () => {
    await http().get('/health/live').expect(200);
    const api = await http().get('/api/v1/no-such-thing').expect(404);
    expect(api.body.code).toBe('ROUTE_NOT_FOUND');
    const docs = await http().get('/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).not.toEqual(expect.arrayContaining(['/', '/watch/{slug}']));
  });
});
