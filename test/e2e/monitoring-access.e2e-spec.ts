import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app';
import { bearer, createUser, login } from '../support/auth';
import { created } from '../support/scheduling';

const METRICS_TOKEN = 'monitoring-token-of-pekalongan-0123456789';

/** What only monitoring and a station's own staff may read, with METRICS_TOKEN set. */
describe('monitoring and air records access', () => {
  let t: TestApp;
  let admin: string;
  let stationId: string;
  const http = () => request(t.app.getHttpServer());
  const monitoring = { Authorization: `Bearer ${METRICS_TOKEN}` };

  beforeAll(async () => {
    t = await createTestApp({ env: { METRICS_TOKEN } });
    admin = await login(t);
    stationId = (
      await created<{ id: string }>(t, admin, 'stations', {
        slug: 'lppl-kota-pekalongan',
        name: 'LPPL Kota Pekalongan',
      })
    ).id;
    await created(t, admin, 'channels', { stationId, kind: 'tv', slug: 'batik-tv', name: 'Batik TV' });
    await created(t, admin, 'channels', {
      stationId,
      kind: 'tv',
      slug: 'batik-tv-internal',
      name: 'Internal',
      isPublic: false,
    });
  });
  afterAll(() => t.close());

  it('asks for METRICS_TOKEN on /metrics', async () => {
    for (const headers of [{}, { Authorization: 'Bearer wrong' }, { Authorization: METRICS_TOKEN }, bearer(admin)]) {
      const res = await http().get('/metrics').set(headers).expect(401);
      expect(res.body).toEqual({
        statusCode: 401,
        code: 'UNAUTHORIZED',
        message: 'The metrics need the header Authorization: Bearer <METRICS_TOKEN>.',
      });
    }
    const scrape = await http().get('/metrics').set(monitoring).expect(200);
    expect(scrape.text).toContain('process_cpu_user_seconds_total');
  });

  it('shows readiness without its details (addresses, paths, versions) unless METRICS_TOKEN comes with it', async () => {
    const open = await http().get('/health/ready').expect(200);
    expect(open.body).toEqual({
      status: 'ok',
      info: { database: { status: 'up' }, storage: { status: 'up' }, ffmpeg: { status: 'up' } },
      error: {},
      details: { database: { status: 'up' }, storage: { status: 'up' }, ffmpeg: { status: 'up' } },
    });
    const full = await http().get('/health/ready').set(monitoring).expect(200);
    expect(full.body.details.ffmpeg).toMatchObject({ status: 'up', path: expect.any(String) });
    expect(full.body.details.storage).toMatchObject({ status: 'up', bucket: t.s3.connection.bucket });
  });

  it('lists public channels only in /health/streams, every channel for monitoring', async () => {
    const slugs = async (headers: Record<string, string>) =>
      (
        (await http().get('/health/streams').set(headers).expect(200)).body.channels as Array<{
          channel: { slug: string };
        }>
      )
        .map((health) => health.channel.slug)
        .sort();
    expect(await slugs({})).toEqual(['batik-tv']);
    expect(await slugs({ Authorization: 'Bearer wrong' })).toEqual(['batik-tv']);
    expect(await slugs(monitoring)).toEqual(['batik-tv', 'batik-tv-internal']);
  });

  it("gives a channel's as-run log to its station's producers, admins and engineers only", async () => {
    const other = (await created<{ id: string }>(t, admin, 'stations', { slug: 'lppl-kudus', name: 'LPPL Kudus' })).id;
    const range = { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' };
    const asRun = (token: string) => http().get('/api/v1/channels/batik-tv/as-run').query(range).set(bearer(token));
    const stranger = await createUser(t, admin, 'producer', [other]);
    const refused = await asRun(stranger.token).expect(403);
    expect(refused.body).toMatchObject({ code: 'FORBIDDEN', message: 'You are not a producer of this station' });
    await asRun((await createUser(t, admin, 'producer', [stationId])).token).expect(200);
    await asRun((await createUser(t, admin, 'engineer')).token).expect(200);
    await asRun(admin).expect(200);
    await http().get('/api/v1/channels/batik-tv/as-run').query(range).expect(401);
  });
});
