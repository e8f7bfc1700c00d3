import { XMLParser } from 'fast-xml-parser';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app';
import { bearer, createUser, login, type TestUser } from '../support/auth';
import { createStudio, type Studio } from '../support/scheduling';
import { sql } from '../support/sql';

const UNKNOWN_ID = '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a7b';
const SENDER = 'peringatan@bmkg.example';

const PEKALONGAN = [
  [-6.84, 109.63],
  [-6.84, 109.72],
  [-6.93, 109.72],
  [-6.93, 109.63],
  [-6.84, 109.63],
];
const KUDUS = [
  [-6.68, 110.78],
  [-6.68, 110.92],
  [-6.88, 110.92],
  [-6.88, 110.78],
  [-6.68, 110.78],
];

const capTime = (at: number) => new Date(at).toISOString().replace(/\.\d{3}Z$/, '+00:00');

interface CapSpec {
  identifier: string;
  msgType?: 'Alert' | 'Update' | 'Cancel';
  references?: string;
  severity?: string;
  urgency?: string;
  area?: string;
  headline?: string;
  namespace?: string;
}

/** A BMKG-style CAP 1.2 message, in Indonesian and English. */
function cap(spec: CapSpec): string {
  const info = (language: string, headline: string) => `
  <info>
    <language>${language}</language>
    <category>Met</category>
    <event>Banjir rob</event>
    <urgency>${spec.urgency ?? 'Expected'}</urgency>
    <severity>${spec.severity ?? 'Severe'}</severity>
    <certainty>Likely</certainty>
    <expires>${capTime(Date.now() + 3_600_000)}</expires>
    <senderName>BMKG</senderName>
    <headline>${headline}</headline>
    <instruction>${language === 'id' ? 'Hindari jalan pantura' : 'Avoid the coastal road'}</instruction>
    <area>
      <areaDesc>Pesisir</areaDesc>
      ${spec.area ?? '<polygon>-6.80,109.60 -6.80,109.80 -6.86,109.80 -6.86,109.60 -6.80,109.60</polygon>'}
    </area>
  </info>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="${spec.namespace ?? 'urn:oasis:names:tc:emergency:cap:1.2'}">
  <identifier>${spec.identifier}</identifier>
  <sender>${SENDER}</sender>
  <sent>${capTime(Date.now())}</sent>
  <status>Actual</status>
  <msgType>${spec.msgType ?? 'Alert'}</msgType>
  <scope>Public</scope>
  ${spec.references ? `<references>${spec.references}</references>` : ''}
  ${spec.msgType === 'Cancel' ? '' : info('id', spec.headline ?? 'Banjir rob di pesisir Pekalongan')}
  ${spec.msgType === 'Cancel' ? '' : info('en', 'Tidal flood on the Pekalongan coast')}
</alert>`;
}

describe('emergency overrides from CAP 1.2', () => {
  let t: TestApp;
  let admin: string;
  let operator: TestUser;
  let producer: TestUser;
  let pekalongan: Studio;
  let kudus: Studio;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    pekalongan = await createStudio(t, admin, 'pekalongan');
    kudus = await createStudio(t, admin, 'kudus');
    operator = await createUser(t, admin, 'emergency-operator');
    producer = await createUser(t, admin, 'producer', [pekalongan.stationId]);
    for (const [station, polygon] of [
      [pekalongan.stationId, PEKALONGAN],
      [kudus.stationId, KUDUS],
    ] as const)
      await http().put(`/api/v1/stations/${station}/service-area`).set(bearer(admin)).send({ polygon }).expect(200);
  });
  afterAll(() => t.close());

  const http = () => request(t.app.getHttpServer());
  const post = (xml: string | Buffer, token = operator.token, type = 'application/cap+xml') =>
    http().post('/api/v1/emergency-overrides/cap').set(bearer(token)).set('Content-Type', type).send(xml);
  const overrideCount = async () =>
    Number((await sql<{ n: string }>(t.database.url, 'SELECT count(*) AS n FROM emergency_overrides'))[0].n);

  it('creates an override from an Alert, changes it with an Update and ends it with a Cancel', async () => {
    const alert = await post(cap({ identifier: 'BMKG-2026-001' })).expect(200);
    expect(alert.body.action).toBe('created');
    expect(alert.body.override).toMatchObject({
      mode: 'crawl',
      severity: 'severe',
      status: 'active',
      scope: { kind: 'stations', stationIds: [pekalongan.stationId] },
      channels: ['pekalongan-tv'],
      message: {
        id: 'Banjir rob di pesisir Pekalongan. Hindari jalan pantura',
        en: 'Tidal flood on the Pekalongan coast. Avoid the coastal road',
      },
    });
    expect((await post(cap({ identifier: 'BMKG-2026-001' })).expect(409)).body.code).toBe('CAP_DUPLICATE');

    const reference = `${SENDER},BMKG-2026-001,${capTime(Date.now())}`;
    const update = await post(
      cap({ identifier: 'BMKG-2026-002', msgType: 'Update', references: reference, headline: 'Banjir rob meluas' }),
    ).expect(200);
    expect(update.body).toMatchObject({ action: 'updated', override: { id: alert.body.override.id } });
    expect(update.body.override.message.id).toBe('Banjir rob meluas. Hindari jalan pantura');

    const feed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'entry' || name === 'info' });
    const atom = await http().get('/alerts.cap').expect(200);
    expect(atom.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const entries = feed.parse(atom.text).feed.entry as Array<{ id: string; content: { alert: { info: unknown[] } } }>;
    expect(entries.map((entry) => entry.id)).toContain(`urn:uuid:${alert.body.override.id}`);
    const entry = entries.find((e) => e.id === `urn:uuid:${alert.body.override.id}`);
    expect(entry?.content.alert).toMatchObject({
      '@_xmlns': 'urn:oasis:names:tc:emergency:cap:1.2',
      identifier: alert.body.override.id,
      msgType: 'Alert',
      status: 'Actual',
    });
    expect(entry?.content.alert.info).toHaveLength(2);

    const cancel = await post(
      cap({
        identifier: 'BMKG-2026-003',
        msgType: 'Cancel',
        references: `${SENDER},BMKG-2026-002,${capTime(Date.now())}`,
      }),
    ).expect(200);
    expect(cancel.body).toMatchObject({ action: 'ended', override: { id: alert.body.override.id, status: 'ended' } });
    expect(feed.parse((await http().get('/alerts.cap').expect(200)).text).feed.entry ?? []).toEqual([]);
    const audit = await sql<{ reason: string }>(
      t.database.url,
      "SELECT new_value->>'reason' AS reason FROM audit_log WHERE entity_id = $1 ORDER BY id",
      [alert.body.override.id],
    );
    expect(audit.map((row) => row.reason)).toEqual([
      `CAP Alert BMKG-2026-001 from ${SENDER}`,
      `CAP Update BMKG-2026-002 from ${SENDER}`,
      `CAP Cancel BMKG-2026-003 from ${SENDER}`,
    ]);
  });

  it('takes over with a generated bulletin for an extreme, immediate alert, on the stations its circle reaches', async () => {
    const res = await post(
      cap({
        identifier: 'BMKG-2026-010',
        severity: 'Extreme',
        urgency: 'Immediate',
        area: '<circle>-6.80,110.85 5</circle>',
      }),
    ).expect(200);
    expect(res.body.override).toMatchObject({
      mode: 'takeover',
      source: { kind: 'generated' },
      severity: 'extreme',
      channels: ['kudus-tv'],
    });
  });

  it('answers 400 for CAP that is malformed, not 1.2, huge, incomplete, or carries a DOCTYPE or entity, creating nothing', async () => {
    const before = await overrideCount();
    const code = async (xml: string | Buffer, type?: string) =>
      (await post(xml, operator.token, type).expect(400)).body.code;
    expect(await code('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</identifier>')).toBe(
      'CAP_MALFORMED',
    );
    expect(await code(cap({ identifier: 'old', namespace: 'urn:oasis:names:tc:emergency:cap:1.1' }))).toBe(
      'CAP_NOT_1_2',
    );
    expect(
      await code(
        Buffer.from(cap({ identifier: 'big' }).replace('</alert>', `<note>${'a'.repeat(70_000)}</note></alert>`)),
      ),
    ).toBe('CAP_TOO_LARGE');
    const xxe = `<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY secret SYSTEM "file:///etc/passwd">]>${cap({
      identifier: 'xxe',
      headline: '&secret;',
    }).replace('<?xml version="1.0" encoding="UTF-8"?>', '')}`;
    const refused = await post(xxe).expect(400);
    expect(refused.body.code).toBe('CAP_DOCTYPE_REFUSED');
    expect(JSON.stringify(refused.body)).not.toContain('root:');
    expect(await code(cap({ identifier: 'bad', severity: 'Apocalyptic' }))).toBe('CAP_INVALID');
    expect(await code(cap({ identifier: 'no-ref', msgType: 'Update' }))).toBe('CAP_INVALID');
    expect(
      await code(
        cap({ identifier: 'far', area: '<polygon>-8.0,112.0 -8.0,112.1 -8.1,112.1 -8.1,112.0 -8.0,112.0</polygon>' }),
      ),
    ).toBe('CAP_AREA_UNMATCHED');
    expect(
      (await http().post('/api/v1/emergency-overrides/cap').set(bearer(operator.token)).send({ xml: 'x' }).expect(400))
        .body.code,
    ).toBe('CAP_BODY_REQUIRED');
    expect(await overrideCount()).toBe(before);
  });

  it('answers 401 without a token and 403 to others than admins and emergency operators', async () => {
    await http()
      .post('/api/v1/emergency-overrides/cap')
      .set('Content-Type', 'application/xml')
      .send(cap({ identifier: 'a' }))
      .expect(401);
    expect((await post(cap({ identifier: 'p' }), producer.token).expect(403)).body.code).toBe('FORBIDDEN');
    await http().put(`/api/v1/stations/${kudus.stationId}/service-area`).send({ polygon: KUDUS }).expect(401);
    await http()
      .put(`/api/v1/stations/${kudus.stationId}/service-area`)
      .set(bearer(producer.token))
      .send({ polygon: KUDUS })
      .expect(403);
  });

  it('answers 404 for an Update of an alert never taken and for service areas of unknown stations, 400 for bad polygons', async () => {
    const update = await post(
      cap({
        identifier: 'BMKG-2026-099',
        msgType: 'Update',
        references: `${SENDER},BMKG-NEVER,${capTime(Date.now())}`,
      }),
    ).expect(404);
    expect(update.body.code).toBe('CAP_REFERENCE_UNKNOWN');
    const put = (id: string, body: object) =>
      http().put(`/api/v1/stations/${id}/service-area`).set(bearer(admin)).send(body);
    expect((await put(UNKNOWN_ID, { polygon: KUDUS }).expect(404)).body.code).toBe('STATION_NOT_FOUND');
    expect(
      (await http().get(`/api/v1/stations/${UNKNOWN_ID}/service-area`).set(bearer(admin)).expect(404)).body.code,
    ).toBe('SERVICE_AREA_NOT_FOUND');
    expect((await put(kudus.stationId, { polygon: KUDUS.slice(0, 3) }).expect(400)).body.code).toBe(
      'SERVICE_AREA_INVALID',
    );
    expect((await put(kudus.stationId, { polygon: [[1, 'a']] }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect(
      (await http().get(`/api/v1/stations/${kudus.stationId}/service-area`).set(bearer(admin)).expect(200)).body,
    ).toEqual({
      polygon: KUDUS,
    });
  });
});
