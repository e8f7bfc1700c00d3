import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app';
import { bearer, createUser, login, type TestUser } from '../support/auth';
import { createStudio, type Studio } from '../support/scheduling';
import { sql } from '../support/sql';

const UNKNOWN_ID = '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a7b';
const HOUR = 3_600_000;
const PATH = '/api/v1/emergency-overrides';

const inAnHour = () => new Date(Date.now() + HOUR).toISOString();

/** The emergency override API: who may issue what, every way to get it wrong, and the audit trail. */
describe('emergency overrides', () => {
  let t: TestApp;
  let admin: string;
  let operator: TestUser;
  let secondOperator: TestUser;
  let producer: TestUser;
  let engineer: TestUser;
  let pekalongan: Studio;
  let kudus: Studio;

  beforeAll(async () => {
    t = await createTestApp({ env: { EMERGENCY_TWO_PERSON: 'true' } });
    admin = await login(t);
    pekalongan = await createStudio(t, admin, 'pekalongan');
    kudus = await createStudio(t, admin, 'kudus');
    operator = await createUser(t, admin, 'emergency-operator');
    secondOperator = await createUser(t, admin, 'emergency-operator');
    producer = await createUser(t, admin, 'producer', [pekalongan.stationId]);
    engineer = await createUser(t, admin, 'engineer');
  });
  afterAll(() => t.close());

  const http = () => request(t.app.getHttpServer());
  const issue = (body: object, token = operator.token) => http().post(PATH).set(bearer(token)).send(body);
  const crawlOn = (channelIds: string[], extra: object = {}) => ({
    scope: { kind: 'channels', channelIds },
    mode: 'crawl',
    messageId: 'Banjir di Pekalongan Utara. Hindari jalan pantura.',
    severity: 'severe',
    expiresAt: inAnHour(),
    reason: 'BMKG peringatan dini',
    ...extra,
  });
  const takeoverOf = (scope: object, extra: object = {}) => ({
    scope,
    mode: 'takeover',
    source: { kind: 'generated' },
    messageId: 'Gempa bumi M6,2. Keluar dari bangunan.',
    messageEn: 'Earthquake M6.2. Leave buildings.',
    severity: 'extreme',
    expiresAt: inAnHour(),
    reason: 'Gempa terasa di Pekalongan',
    ...extra,
  });

  it('issues a crawl, shows it in now-playing, lists it, changes and ends it; every step audited with person and reason', async () => {
    const res = await issue(crawlOn([pekalongan.channelId]), producer.token).expect(201);
    expect(res.body).toMatchObject({
      mode: 'crawl',
      source: null,
      severity: 'severe',
      status: 'active',
      needsConfirmation: false,
      createdBy: producer.email,
      channels: ['pekalongan-tv'],
      message: { id: 'Banjir di Pekalongan Utara. Hindari jalan pantura.', en: null },
    });
    const id = res.body.id as string;
    const nowPlaying = await http().get('/api/v1/channels/pekalongan-tv/now-playing').expect(200);
    expect(nowPlaying.body.alert).toEqual({
      id,
      mode: 'crawl',
      severity: 'severe',
      message: { id: 'Banjir di Pekalongan Utara. Hindari jalan pantura.', en: null },
      starts_at: res.body.startsAt,
      expires_at: res.body.expiresAt,
    });
    expect((await http().get('/api/v1/channels/kudus-tv/now-playing').expect(200)).body.alert).toBeNull();

    const changed = await http()
      .patch(`${PATH}/${id}`)
      .set(bearer(producer.token))
      .send({ messageId: 'Banjir meluas.', messageEn: 'Flood spreading.', reason: 'Pembaruan BMKG' })
      .expect(200);
    expect(changed.body.message).toEqual({ id: 'Banjir meluas.', en: 'Flood spreading.' });
    const current = await http().get(`${PATH}?current=true`).set(bearer(engineer.token)).expect(200);
    expect(current.body.overrides.map((o: { id: string }) => o.id)).toContain(id);

    const ended = await http()
      .delete(`${PATH}/${id}`)
      .query({ reason: 'Air surut' })
      .set(bearer(operator.token))
      .expect(200);
    expect(ended.body.status).toBe('ended');
    const past = await http().get(`${PATH}?current=false`).set(bearer(engineer.token)).expect(200);
    expect(past.body.overrides.map((o: { id: string }) => o.id)).toContain(id);
    expect((await http().get('/api/v1/channels/pekalongan-tv/now-playing').expect(200)).body.alert).toBeNull();

    const audit = await sql<{ actor_email: string; action: string; reason: string; message: string }>(
      t.database.url,
      `SELECT actor_email, action, new_value->>'reason' AS reason, new_value->>'messageId' AS message
         FROM audit_log WHERE entity_type = 'emergency_override' AND entity_id = $1 ORDER BY id`,
      [id],
    );
    expect(audit).toEqual([
      {
        actor_email: producer.email,
        action: 'create',
        reason: 'BMKG peringatan dini',
        message: 'Banjir di Pekalongan Utara. Hindari jalan pantura.',
      },
      { actor_email: producer.email, action: 'update', reason: 'Pembaruan BMKG', message: 'Banjir meluas.' },
      { actor_email: operator.email, action: 'update', reason: 'Air surut', message: 'Banjir meluas.' },
    ]);
  });

  it('holds an override of every channel until a second operator confirms it (EMERGENCY_TWO_PERSON)', async () => {
    const res = await issue(takeoverOf({ kind: 'all' })).expect(201);
    expect(res.body).toMatchObject({ status: 'awaiting-confirmation', needsConfirmation: true });
    expect(res.body.channels).toEqual(['kudus-tv', 'pekalongan-tv']);
    expect((await http().get('/api/v1/channels/kudus-tv/now-playing').expect(200)).body.alert).toBeNull();
    const confirm = (token: string, body: object = { reason: 'Dikonfirmasi' }) =>
      http().post(`${PATH}/${res.body.id}/confirm`).set(bearer(token)).send(body);
    expect((await confirm(operator.token).expect(409)).body.code).toBe('SAME_OPERATOR');
    expect((await confirm(producer.token).expect(403)).body.code).toBe('FORBIDDEN');
    await confirm(secondOperator.token, {}).expect(400);
    const confirmed = await confirm(secondOperator.token).expect(200);
    expect(confirmed.body).toMatchObject({ status: 'active', confirmedBy: secondOperator.email });
    expect((await http().get('/api/v1/channels/kudus-tv/now-playing').expect(200)).body.alert).toMatchObject({
      id: res.body.id,
      mode: 'takeover',
      severity: 'extreme',
    });
    expect((await confirm(secondOperator.token).expect(409)).body.code).toBe('NOT_AWAITING_CONFIRMATION');
    await http()
      .post(`${PATH}/${res.body.id}/cancel`)
      .set(bearer(admin))
      .send({ reason: 'Latihan selesai' })
      .expect(200);
  });

  it('answers 400 for malformed bodies, unknown channels, stations, assets and inputs, and expiries in the past', async () => {
    const code = async (body: object) => (await issue(body).expect(400)).body.code as string;
    expect(await code({})).toBe('VALIDATION_FAILED');
    expect(await code(crawlOn([pekalongan.channelId], { severity: 'apocalyptic' }))).toBe('VALIDATION_FAILED');
    expect(await code(crawlOn([pekalongan.channelId], { messageId: '' }))).toBe('VALIDATION_FAILED');
    expect(await code(crawlOn([pekalongan.channelId], { reason: undefined }))).toBe('VALIDATION_FAILED');
    expect(await code(crawlOn([pekalongan.channelId], { expiresAt: 'tomorrow' }))).toBe('VALIDATION_FAILED');
    expect(await code(crawlOn([]))).toBe('VALIDATION_FAILED');
    expect(await code(crawlOn(['not-a-uuid']))).toBe('VALIDATION_FAILED');
    expect(await code(crawlOn([UNKNOWN_ID]))).toBe('UNKNOWN_CHANNEL');
    expect(await code(crawlOn([pekalongan.channelId], { scope: { kind: 'stations', stationIds: [UNKNOWN_ID] } }))).toBe(
      'UNKNOWN_STATION',
    );
    expect(await code(crawlOn([pekalongan.channelId], { expiresAt: new Date(Date.now() - 1000).toISOString() }))).toBe(
      'EXPIRY_IN_PAST',
    );
    expect(
      await code(
        crawlOn([pekalongan.channelId], {
          startsAt: new Date(Date.now() + 2 * HOUR).toISOString(),
          expiresAt: inAnHour(),
        }),
      ),
    ).toBe('EXPIRY_BEFORE_START');
    expect(await code(takeoverOf({ kind: 'all' }, { source: undefined }))).toBe('SOURCE_REQUIRED');
    expect(await code(crawlOn([pekalongan.channelId], { source: { kind: 'generated' } }))).toBe('SOURCE_NOT_FOR_CRAWL');
    expect(await code(takeoverOf({ kind: 'all' }, { source: { kind: 'asset', assetId: UNKNOWN_ID } }))).toBe(
      'UNKNOWN_ASSET',
    );
    expect(await code(takeoverOf({ kind: 'all' }, { source: { kind: 'live', liveInputId: UNKNOWN_ID } }))).toBe(
      'UNKNOWN_LIVE_INPUT',
    );
    expect(await code(takeoverOf({ kind: 'all' }, { source: { kind: 'live' } }))).toBe('VALIDATION_FAILED');
    const rows = await sql(
      t.database.url,
      "SELECT id FROM emergency_overrides WHERE message_id LIKE 'Banjir%' AND ended_at IS NULL",
    );
    expect(rows).toEqual([]);
  });

  it('answers 401 without a token', async () => {
    await http()
      .post(PATH)
      .send(crawlOn([pekalongan.channelId]))
      .expect(401);
    await http().get(PATH).expect(401);
    await http().get(`${PATH}/${UNKNOWN_ID}`).expect(401);
    await http().patch(`${PATH}/${UNKNOWN_ID}`).send({ reason: 'x' }).expect(401);
    await http().post(`${PATH}/${UNKNOWN_ID}/cancel`).send({ reason: 'x' }).expect(401);
    await http().delete(`${PATH}/${UNKNOWN_ID}?reason=x`).expect(401);
    await http().post(`${PATH}/${UNKNOWN_ID}/confirm`).send({ reason: 'x' }).expect(401);
  });

  it('answers 403 to producers asking for a takeover, a crawl on another station or on every channel, and to engineers', async () => {
    const forbidden = async (body: object, token: string) => (await issue(body, token).expect(403)).body.code as string;
    expect(await forbidden(takeoverOf({ kind: 'channels', channelIds: [pekalongan.channelId] }), producer.token)).toBe(
      'FORBIDDEN',
    );
    expect(await forbidden(crawlOn([kudus.channelId]), producer.token)).toBe('FORBIDDEN');
    expect(await forbidden(crawlOn([], { scope: { kind: 'all' } }), producer.token)).toBe('FORBIDDEN');
    expect(await forbidden(crawlOn([pekalongan.channelId]), engineer.token)).toBe('FORBIDDEN');
    const kudusCrawl = await issue(crawlOn([kudus.channelId])).expect(201);
    const change = { messageId: 'Diubah', reason: 'coba' };
    await http().patch(`${PATH}/${kudusCrawl.body.id}`).set(bearer(producer.token)).send(change).expect(403);
    await http().post(`${PATH}/${kudusCrawl.body.id}/cancel`).set(bearer(producer.token)).send(change).expect(400);
    await http()
      .post(`${PATH}/${kudusCrawl.body.id}/cancel`)
      .set(bearer(producer.token))
      .send({ reason: 'x' })
      .expect(403);
    await http()
      .post(`${PATH}/${kudusCrawl.body.id}/cancel`)
      .set(bearer(operator.token))
      .send({ reason: 'x' })
      .expect(200);
  });

  it('answers 404 for an unknown override and 409 for changing or ending one that ended', async () => {
    await http().get(`${PATH}/${UNKNOWN_ID}`).set(bearer(engineer.token)).expect(404);
    for (const res of await Promise.all([
      http().patch(`${PATH}/${UNKNOWN_ID}`).set(bearer(operator.token)).send({ reason: 'x' }),
      http().post(`${PATH}/${UNKNOWN_ID}/cancel`).set(bearer(operator.token)).send({ reason: 'x' }),
      http().delete(`${PATH}/${UNKNOWN_ID}?reason=x`).set(bearer(operator.token)),
      http().post(`${PATH}/${UNKNOWN_ID}/confirm`).set(bearer(operator.token)).send({ reason: 'x' }),
    ])) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('OVERRIDE_NOT_FOUND');
    }
    await http().get(`${PATH}/not-a-uuid`).set(bearer(engineer.token)).expect(400);
    const crawl = await issue(crawlOn([pekalongan.channelId])).expect(201);
    await http().post(`${PATH}/${crawl.body.id}/cancel`).set(bearer(operator.token)).send({ reason: 'x' }).expect(200);
    const again = await http()
      .post(`${PATH}/${crawl.body.id}/cancel`)
      .set(bearer(operator.token))
      .send({ reason: 'x' });
    expect([again.status, again.body.code]).toEqual([409, 'OVERRIDE_ENDED']);
    const patch = await http().patch(`${PATH}/${crawl.body.id}`).set(bearer(operator.token)).send({ reason: 'x' });
    expect([patch.status, patch.body.code]).toEqual([409, 'OVERRIDE_ENDED']);
    await http().delete(`${PATH}/${crawl.body.id}`).set(bearer(operator.token)).expect(400);
  });

  it('refuses a new expiry in the past and lists the bulletins of an override', async () => {
    const crawl = await issue(crawlOn([pekalongan.channelId])).expect(201);
    const past = await http()
      .patch(`${PATH}/${crawl.body.id}`)
      .set(bearer(operator.token))
      .send({ expiresAt: new Date(Date.now() - 1000).toISOString(), reason: 'x' })
      .expect(400);
    expect(past.body.code).toBe('EXPIRY_IN_PAST');
    const detail = await http().get(`${PATH}/${crawl.body.id}`).set(bearer(engineer.token)).expect(200);
    expect(detail.body).toMatchObject({ id: crawl.body.id, bulletins: [] });
    await http().post(`${PATH}/${crawl.body.id}/cancel`).set(bearer(admin)).send({ reason: 'x' }).expect(200);
  });
});
