import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app';

describe('HTTP conventions (all-in-one over HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { JSON_BODY_LIMIT_BYTES: '2048' } });
  });
  afterAll(() => t.close());
  const http = () => request(t.app.getHttpServer());

  it('answers liveness', async () => {
    const res = await http().get('/health/live').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('is ready with database, storage and ffmpeg, naming each', async () => {
    const res = await http().get('/health/ready').expect(200);
    expect(res.body.status).toBe('ok');
    expect(Object.keys(res.body.details).sort()).toEqual(['database', 'ffmpeg', 'storage']);
    expect(res.body.details.ffmpeg.version).toEqual(expect.any(String));
  });

  it('lists the worker that runs in the same process', async () => {
    const res = await http().get('/health/workers').expect(200);
    expect(res.body.workers).toHaveLength(1);
    expect(res.body.workers[0]).toMatchObject({ pid: process.pid, version: expect.any(String) });
  });

  it('exposes Prometheus metrics with request counts and durations by route and status', async () => {
    await http().get('/health/live').expect(200);
    await http().get('/no/such/route').expect(404);
    const res = await http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/http_requests_total\{method="GET",route="\/health\/live",status_code="200"\} [1-9]/);
    expect(res.text).toMatch(/http_requests_total\{method="GET",route="unmatched",status_code="404"\} [1-9]/);
    expect(res.text).toContain(
      'http_request_duration_seconds_bucket{le="0.005",method="GET",route="/health/live",status_code="200"}',
    );
    expect(res.text).toContain('process_resident_memory_bytes');
    expect(res.text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('publishes the OpenAPI document and its UI', async () => {
    const json = await http().get('/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
    const ui = await http().get('/docs').expect(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
  });

  it('documents the upload with its success and every refusal, and login tokens as opaque, not JWT', async () => {
    const document = (await http().get('/docs-json').expect(200)).body;
    const upload = document.paths['/api/v1/stations/{stationId}/assets'].post;
    expect(Object.keys(upload.responses).sort()).toEqual([
      '201',
      '400',
      '401',
      '403',
      '404',
      '408',
      '413',
      '415',
      '422',
    ]);
    expect(upload.responses['201'].content['application/json'].schema.$ref).toBe('#/components/schemas/AssetDto');
    expect(upload.responses['422'].description).toContain('MEDIA_NO_STREAMS');
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(JSON.stringify(document)).not.toMatch(/JWT/i);
  });

  it('gives the OpenAPI UI a Content-Security-Policy and keeps it out of frames', async () => {
    for (const path of ['/docs', '/docs/swagger-ui-init.js']) {
      const res = await http().get(path).expect(200);
      expect([path, res.headers['content-security-policy'], res.headers['x-frame-options']]).toEqual([
        path,
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        'DENY',
      ]);
    }
  });

  it('answers the API root the boot banner names with the version and links that all answer', async () => {
    const res = await http().get('/api/v1').expect(200);
    expect(res.body).toMatchObject({ name: 'Siaran', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(res.body.links).toMatchObject({
      channels: '/api/v1/channels',
      docs: '/docs',
      health: '/health/ready',
    });
    for (const link of Object.values<string>(res.body.links)) {
      const answer = await http().get(link);
      expect([link, answer.status]).not.toEqual([link, 404]);
    }
  });

  it('answers an unknown route with 404 in the common error shape', async () => {
    const res = await http().get('/api/v1/nothing-here').expect(404);
    expect(res.body).toEqual({
      statusCode: 404,
      code: 'ROUTE_NOT_FOUND',
      message: 'No route for GET /api/v1/nothing-here',
    });
  });

  it('answers malformed JSON with 400 INVALID_JSON', async () => {
    const res = await http().post('/health/live').set('Content-Type', 'application/json').send('{"name": ').expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      code: 'INVALID_JSON',
      message: expect.stringContaining('not valid JSON'),
    });
  });

  it('answers an oversized JSON body with 413 BODY_TOO_LARGE', async () => {
    const res = await http()
      .post('/health/live')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ text: 'x'.repeat(4096) }))
      .expect(413);
    expect(res.body).toEqual({ statusCode: 413, code: 'BODY_TOO_LARGE', message: expect.any(String) });
  });

  it('answers a body of a Content-Type no endpoint takes with 415 UNSUPPORTED_MEDIA_TYPE, CORS headers included', async () => {
    const res = await http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'image/png')
      .set('Origin', 'https://batiktv.example')
      .send(Buffer.from('PNG'))
      .expect(415);
    expect(res.body).toEqual({
      statusCode: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: expect.stringContaining('application/json'),
    });
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a caller request id and makes one otherwise', async () => {
    const kept = await http().get('/health/live').set('X-Request-Id', 'kominfo-42').expect(200);
    expect(kept.headers['x-request-id']).toBe('kominfo-42');
    const made = await http().get('/health/live').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('allows web players on other origins', async () => {
    const res = await http().get('/health/live').set('Origin', 'https://batiktv.example').expect(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });

  it('answers a CORS preflight with the methods the API has, and no others', async () => {
    for (const method of ['DELETE', 'PATCH', 'PUT', 'POST']) {
      const res = await http()
        .options('/api/v1/users/00000000-0000-4000-8000-000000000000')
        .set('Origin', 'https://admin.batiktv.example')
        .set('Access-Control-Request-Method', method)
        .expect(204);
      expect([method, res.headers['access-control-allow-methods']]).toEqual([
        method,
        'GET, HEAD, POST, PUT, PATCH, DELETE',
      ]);
    }
  });
});
