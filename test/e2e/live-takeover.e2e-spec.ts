import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app';
import { bearer, createUser, login, type TestUser } from '../support/auth';
import { createStudio, created, type Studio } from '../support/scheduling';
import { sql } from '../support/sql';

const UNKNOWN_ID = '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a7b';

/** The takeover API: who may put a live input on air, and every way to get it wrong. */
describe('live takeover', () => {
  let t: TestApp;
  let admin: string;
  let pekalongan: Studio;
  let producer: TestUser;
  let kudusProducer: TestUser;
  let engineer: TestUser;
  let stationlessProducer: string;
  let inputId: string;
  let kudusInputId: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    pekalongan = await createStudio(t, admin, 'pekalongan');
    const kudus = await createStudio(t, admin, 'kudus');
    producer = await createUser(t, admin, 'producer', [pekalongan.stationId]);
    kudusProducer = await createUser(t, admin, 'producer', [kudus.stationId]);
    engineer = await createUser(t, admin, 'engineer');
    stationlessProducer = (await createUser(t, admin, 'producer')).token;
    inputId = (await created(t, producer.token, 'channels/pekalongan-tv/inputs', { kind: 'rtmp', name: 'Studio 1' }))
      .id;
    kudusInputId = (await created(t, kudusProducer.token, 'channels/kudus-tv/inputs', { kind: 'rtmp', name: 'Kudus' }))
      .id;
  });
  afterAll(() => t.close());

  const http = () => request(t.app.getHttpServer());
  const takeOver = (body: object, token = producer.token, slug = 'pekalongan-tv') =>
    http().post(`/api/v1/channels/${slug}/live`).set(bearer(token)).send(body);
  const endTakeover = (token = producer.token, slug = 'pekalongan-tv') =>
    http().delete(`/api/v1/channels/${slug}/live`).set(bearer(token));

  it('puts an input on air until a time, then ends it; both audited with the channel', async () => {
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const res = await takeOver({ inputId, until }).expect(200);
    expect(res.body).toEqual({ inputId, from: expect.any(String), until });
    const ended = await endTakeover(engineer.token).expect(200);
    expect(ended.body).toEqual(res.body);
    expect((await endTakeover().expect(404)).body.code).toBe('NO_TAKEOVER');
    const audit = await sql<{
      actor_email: string;
      old_value: { takeover: unknown };
      new_value: { takeover: unknown };
    }>(
      t.database.url,
      "SELECT actor_email, old_value, new_value FROM audit_log WHERE entity_type = 'channel' AND entity_id = $1 ORDER BY id",
      [pekalongan.channelId],
    );
    expect(audit.slice(-2)).toEqual([
      { actor_email: producer.email, old_value: { takeover: null }, new_value: { takeover: res.body } },
      { actor_email: engineer.email, old_value: { takeover: res.body }, new_value: { takeover: null } },
    ]);
  });

  it('answers 400 for a malformed body, a past end, or an input of another channel', async () => {
    await takeOver({}).expect(400);
    await takeOver({ inputId: 'not-a-uuid' }).expect(400);
    await takeOver({ inputId, until: 'tomorrow' }).expect(400);
    const past = await takeOver({ inputId, until: new Date(Date.now() - 1000).toISOString() }).expect(400);
    expect(past.body.code).toBe('TAKEOVER_UNTIL_PAST');
    const other = await takeOver({ inputId: kudusInputId }, admin).expect(400);
    expect(other.body.code).toBe('INPUT_OF_ANOTHER_CHANNEL');
    const rows = await sql(t.database.url, 'SELECT takeover_input_id FROM channel_playout WHERE channel_id = $1', [
      pekalongan.channelId,
    ]);
    expect(rows.every((row) => row.takeover_input_id === null)).toBe(true);
  });

  it('answers 401 without a token and 403 for producers of no or another station', async () => {
    await http().post('/api/v1/channels/pekalongan-tv/live').send({ inputId }).expect(401);
    await http().delete('/api/v1/channels/pekalongan-tv/live').expect(401);
    expect((await takeOver({ inputId }, stationlessProducer).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await takeOver({ inputId }, kudusProducer.token).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await endTakeover(kudusProducer.token).expect(403)).body.code).toBe('FORBIDDEN');
  });

  it('answers 404 for an unknown channel or input, and 409 for a disabled input', async () => {
    expect((await takeOver({ inputId }, producer.token, 'no-such-tv').expect(404)).body.code).toBe('CHANNEL_NOT_FOUND');
    expect((await takeOver({ inputId: UNKNOWN_ID }).expect(404)).body.code).toBe('INPUT_NOT_FOUND');
    await http().patch(`/api/v1/inputs/${inputId}`).set(bearer(producer.token)).send({ enabled: false }).expect(200);
    expect((await takeOver({ inputId }).expect(409)).body.code).toBe('INPUT_DISABLED');
  });
});
