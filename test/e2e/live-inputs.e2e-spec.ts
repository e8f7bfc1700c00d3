import request from 'supertest';
import { InputCredentials } from '@siaran/ingest';
import { createTestApp, type TestApp } from '../support/app';
import { bearer, createUser, login, type TestUser } from '../support/auth';
import { createStudio, type Studio } from '../support/scheduling';
import { sql } from '../support/sql';

const HEX_SECRET = /^[0-9a-f]{32}$/;
const UNKNOWN_ID = '3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a7b';

interface InputBody {
  id: string;
  kind: string;
  name: string;
  enabled: boolean;
  airWhenConnected: boolean;
  outsideSlots: string;
  srtPort: number | null;
  mount: string | null;
  url: string | null;
  secretShown: boolean;
  channel: { id: string; slug: string; stationId: string };
  connection: Record<string, unknown>;
}

describe('live inputs', () => {
  let t: TestApp;
  let admin: string;
  let pekalongan: Studio;
  let kudus: Studio;
  let producer: TestUser;
  let kudusProducer: TestUser;
  let engineer: TestUser;
  beforeAll(async () => {
    // The default ports, as studios are told them (playout is off: nothing listens on them here).
    t = await createTestApp({
      env: {
        RTMP_PORT: '1935',
        ICECAST_PORT: '8000',
        SRT_PORTS: '10000-10001',
        INGEST_PUBLIC_HOST: 'live.batiktv.example',
      },
    });
    admin = await login(t);
    pekalongan = await createStudio(t, admin, 'pekalongan');
    kudus = await createStudio(t, admin, 'kudus');
    producer = await createUser(t, admin, 'producer', [pekalongan.stationId]);
    kudusProducer = await createUser(t, admin, 'producer', [kudus.stationId]);
    engineer = await createUser(t, admin, 'engineer');
  });
  afterAll(() => t.close());
  afterEach(() => sql(t.database.url, 'DELETE FROM schedule_entries; DELETE FROM live_inputs'));

  const http = () => request(t.app.getHttpServer());
  const create = (body: object, token = producer.token, slug = 'pekalongan-tv') =>
    http().post(`/api/v1/channels/${slug}/inputs`).set(bearer(token)).send(body);
  const created = async (body: object, slug = 'pekalongan-tv', token = producer.token): Promise<InputBody> => {
    const res = await create(body, token, slug);
    if (res.status !== 201) throw new Error(`creating an input answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as InputBody;
  };
  const auditOf = (id: string) =>
    sql<{ action: string; actor_email: string; station_id: string; old_value: unknown; new_value: unknown }>(
      t.database.url,
      "SELECT action, actor_email, station_id, old_value, new_value FROM audit_log WHERE entity_type = 'live_input' AND entity_id = $1 ORDER BY id",
      [id],
    );
  const storedSecret = async (id: string) =>
    (
      await sql<{ secret_ciphertext: string }>(
        t.database.url,
        'SELECT secret_ciphertext FROM live_inputs WHERE id = $1',
        [id],
      )
    )[0].secret_ciphertext;

  describe('RTMP', () => {
    it('is created with its server URL and stream key shown once, masked afterwards, and audited without the secret', async () => {
      const input = await created({ name: 'Studio 1 (OBS)', kind: 'rtmp' });
      expect(input).toMatchObject({
        name: 'Studio 1 (OBS)',
        kind: 'rtmp',
        enabled: true,
        airWhenConnected: false,
        outsideSlots: 'standby',
        srtPort: null,
        mount: null,
        url: null,
        secretShown: true,
        channel: { id: pekalongan.channelId, slug: 'pekalongan-tv', stationId: pekalongan.stationId },
      });
      expect(input.connection.serverUrl).toBe('rtmp://live.batiktv.example:1935/live');
      const [inputId, secret] = (input.connection.streamKey as string).split('.');
      expect(inputId).toBe(input.id);
      expect(secret).toMatch(HEX_SECRET);
      expect(await storedSecret(input.id)).not.toContain(secret);

      const read = await http().get(`/api/v1/inputs/${input.id}`).set(bearer(producer.token)).expect(200);
      expect(read.body.secretShown).toBe(false);
      expect(read.body.connection).toEqual({
        kind: 'rtmp',
        serverUrl: 'rtmp://live.batiktv.example:1935/live',
        streamKey: `${input.id}.********`,
      });
      const listed = await http().get('/api/v1/channels/pekalongan-tv/inputs').set(bearer(producer.token)).expect(200);
      expect(listed.body.inputs).toEqual([read.body]);

      const audit = await auditOf(input.id);
      expect(audit).toEqual([
        {
          action: 'create',
          actor_email: producer.email,
          station_id: pekalongan.stationId,
          old_value: null,
          new_value: {
            channelId: pekalongan.channelId,
            name: 'Studio 1 (OBS)',
            kind: 'rtmp',
            enabled: true,
            airWhenConnected: false,
            outsideSlots: 'standby',
            srtPort: null,
            mount: null,
            url: null,
          },
        },
      ]);
      expect(JSON.stringify(audit)).not.toContain(secret);
    });

    it('rotates its key: the new one shown once and accepted, the old one refused, the rotation audited', async () => {
      const input = await created({ name: 'Studio 1', kind: 'rtmp' });
      const oldKey = input.connection.streamKey as string;
      const rotated = await http()
        .post(`/api/v1/inputs/${input.id}/rotate-secret`)
        .set(bearer(producer.token))
        .expect(200);
      expect(rotated.body.secretShown).toBe(true);
      const newKey = rotated.body.connection.streamKey as string;
      expect(newKey).toMatch(new RegExp(`^${input.id}\\.[0-9a-f]{32}$`));
      expect(newKey).not.toBe(oldKey);
      const credentials = t.app.get(InputCredentials);
      expect(await credentials.checkRtmp(oldKey)).toEqual({ ok: false, reason: 'wrong-secret', inputId: input.id });
      expect(await credentials.checkRtmp(newKey)).toEqual({
        ok: true,
        input: {
          id: input.id,
          channelId: pekalongan.channelId,
          stationId: pekalongan.stationId,
          kind: 'rtmp',
          name: 'Studio 1',
          airWhenConnected: false,
          outsideSlots: 'standby',
        },
      });
      const audit = await auditOf(input.id);
      expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
      expect(audit[1].new_value).toMatchObject({ secretRotated: true });
      expect(JSON.stringify(audit)).not.toContain(newKey.split('.')[1]);
    });

    it('changes its name and policies; refuses the kind, a mount, a url and unknown fields', async () => {
      const input = await created({ name: 'Studio 1', kind: 'rtmp' });
      const patch = (body: object, token = producer.token) =>
        http().patch(`/api/v1/inputs/${input.id}`).set(bearer(token)).send(body);
      const changed = await patch({
        name: '  Studio 2  ',
        enabled: false,
        airWhenConnected: true,
        outsideSlots: 'refuse',
      }).expect(200);
      expect(changed.body).toMatchObject({
        name: 'Studio 2',
        enabled: false,
        airWhenConnected: true,
        outsideSlots: 'refuse',
        secretShown: false,
        connection: { streamKey: `${input.id}.********` },
      });
      const audit = await auditOf(input.id);
      expect(audit[1]).toMatchObject({
        action: 'update',
        old_value: { name: 'Studio 1', enabled: true, airWhenConnected: false, outsideSlots: 'standby' },
        new_value: { name: 'Studio 2', enabled: false, airWhenConnected: true, outsideSlots: 'refuse' },
      });
      expect((await patch({ kind: 'srt' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await patch({ mount: 'rkb' }).expect(400)).body.code).toBe('FIELD_NOT_FOR_KIND');
      expect((await patch({ url: 'https://203.0.113.10/live.m3u8' }).expect(400)).body.code).toBe('FIELD_NOT_FOR_KIND');
      expect((await patch({ name: '' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await patch({ outsideSlots: 'maybe' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await patch({ secret: 'mine' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await auditOf(input.id)).length).toBe(2);
    });

    it('refuses a disabled input at the handshake, after its key matched', async () => {
      const input = await created({ name: 'Studio 1', kind: 'rtmp', enabled: false });
      const credentials = t.app.get(InputCredentials);
      const key = input.connection.streamKey as string;
      expect(await credentials.checkRtmp(key)).toEqual({ ok: false, reason: 'disabled', inputId: input.id });
      expect(await credentials.checkRtmp(`${input.id}.0123`)).toEqual({
        ok: false,
        reason: 'wrong-secret',
        inputId: input.id,
      });
      expect(await credentials.checkRtmp(`${UNKNOWN_ID}.${key.split('.')[1]}`)).toEqual({
        ok: false,
        reason: 'unknown-input',
      });
      expect(await credentials.checkRtmp('no-key-at-all')).toEqual({ ok: false, reason: 'unknown-input' });
      expect(await credentials.checkRtmp('')).toEqual({ ok: false, reason: 'unknown-input' });
    });
  });

  describe('SRT', () => {
    it('gives each input its own port of SRT_PORTS, and 409 SRT_PORTS_FULL once the range is used up', async () => {
      const first = await created({ name: 'vMix', kind: 'srt' });
      const second = await created({ name: 'Encoder', kind: 'srt' }, 'kudus-tv', kudusProducer.token);
      expect([first.srtPort, second.srtPort]).toEqual([10000, 10001]);
      const passphrase = first.connection.passphrase as string;
      expect(passphrase).toMatch(HEX_SECRET);
      expect(first.connection).toEqual({
        kind: 'srt',
        url: `srt://live.batiktv.example:10000?streamid=${first.id}&passphrase=${passphrase}&latency=2000000`,
        host: 'live.batiktv.example',
        port: 10000,
        streamId: first.id,
        passphrase,
        latencyMs: 2000,
      });
      const full = await create({ name: 'One too many', kind: 'srt' }).expect(409);
      expect(full.body.code).toBe('SRT_PORTS_FULL');
      expect(await sql(t.database.url, 'SELECT 1 FROM live_inputs')).toHaveLength(2);

      const read = await http().get(`/api/v1/inputs/${first.id}`).set(bearer(producer.token)).expect(200);
      expect(read.body.connection).toMatchObject({
        url: `srt://live.batiktv.example:10000?streamid=${first.id}&passphrase=********&latency=2000000`,
        passphrase: '********',
      });

      const listeners = await t.app.get(InputCredentials).srtListeners();
      expect(listeners.map(({ port, passphrase: p, streamId }) => ({ port, p, streamId }))).toEqual([
        { port: 10000, p: passphrase, streamId: first.id },
        { port: 10001, p: second.connection.passphrase, streamId: second.id },
      ]);
      expect(listeners[1].input).toMatchObject({ id: second.id, stationId: kudus.stationId, kind: 'srt' });

      await http().delete(`/api/v1/inputs/${first.id}`).set(bearer(producer.token)).expect(204);
      expect((await created({ name: 'vMix again', kind: 'srt' })).srtPort).toBe(10000);
    });

    it('leaves a disabled input out of the listeners the worker arms', async () => {
      const input = await created({ name: 'vMix', kind: 'srt', enabled: false });
      expect(input.srtPort).toBe(10000);
      expect(await t.app.get(InputCredentials).srtListeners()).toEqual([]);
    });
  });

  describe('Icecast', () => {
    it("takes the channel's slug as its mount, then slug-2, and gives a radio desk what it asks for", async () => {
      const first = await created({ name: 'Meja siar', kind: 'icecast' });
      const second = await created({ name: 'Meja cadangan', kind: 'icecast' });
      expect([first.mount, second.mount]).toEqual(['pekalongan-tv', 'pekalongan-tv-2']);
      const password = first.connection.password as string;
      expect(password).toMatch(HEX_SECRET);
      expect(first.connection).toEqual({
        kind: 'icecast',
        host: 'live.batiktv.example',
        port: 8000,
        mount: '/pekalongan-tv',
        user: 'source',
        password,
      });
      const read = await http().get(`/api/v1/inputs/${first.id}`).set(bearer(producer.token)).expect(200);
      expect(read.body.connection.password).toBe('********');

      const credentials = t.app.get(InputCredentials);
      expect(await credentials.checkIcecast('pekalongan-tv', 'source', password)).toMatchObject({
        ok: true,
        input: { id: first.id },
      });
      expect(await credentials.checkIcecast('/pekalongan-tv', 'source', password)).toMatchObject({ ok: true });
      expect(await credentials.checkIcecast('pekalongan-tv', 'admin', password)).toEqual({
        ok: false,
        reason: 'wrong-secret',
        inputId: first.id,
      });
      expect(await credentials.checkIcecast('pekalongan-tv-2', 'source', password)).toEqual({
        ok: false,
        reason: 'wrong-secret',
        inputId: second.id,
      });
      expect(await credentials.checkIcecast('nowhere', 'source', password)).toEqual({
        ok: false,
        reason: 'unknown-input',
      });
    });

    it('takes a chosen mount (a leading slash dropped) and answers 409 MOUNT_TAKEN for one in use', async () => {
      const rkb = await created({ name: 'RKB', kind: 'icecast', mount: '/rkb' });
      expect(rkb.mount).toBe('rkb');
      expect(rkb.connection.mount).toBe('/rkb');
      const taken = await create({ name: 'RKB too', kind: 'icecast', mount: 'rkb' }, kudusProducer.token, 'kudus-tv');
      expect(taken.status).toBe(409);
      expect(taken.body.code).toBe('MOUNT_TAKEN');
      const other = await created({ name: 'RSK', kind: 'icecast', mount: 'rsk' });
      const patched = await http()
        .patch(`/api/v1/inputs/${other.id}`)
        .set(bearer(producer.token))
        .send({ mount: 'rkb' })
        .expect(409);
      expect(patched.body.code).toBe('MOUNT_TAKEN');
      expect((await auditOf(other.id)).map((a) => a.action)).toEqual(['create']);
      expect((await create({ name: 'Bad', kind: 'icecast', mount: 'RKB live!' }).expect(400)).body.code).toBe(
        'VALIDATION_FAILED',
      );
      expect((await create({ name: 'Bad', kind: 'icecast', url: 'http://203.0.113.10/' }).expect(400)).body.code).toBe(
        'FIELD_NOT_FOR_KIND',
      );
    });
  });

  describe('relay', () => {
    it('pulls an HLS, Icecast, RTMP or SRT URL of another station, with no secret', async () => {
      const hls = await created({ name: 'Kudus TV', kind: 'relay', url: 'https://103.10.20.10/live/master.m3u8' });
      expect(hls).toMatchObject({ url: 'https://103.10.20.10/live/master.m3u8', secretShown: false });
      expect(hls.connection).toEqual({ kind: 'relay', url: 'https://103.10.20.10/live/master.m3u8' });
      expect(await storedSecret(hls.id)).toBeNull();
      for (const url of ['http://103.10.20.11:8000/rsk.mp3', 'rtmp://103.10.20.12/live/x', 'srt://103.10.20.13:9000'])
        await create({ name: 'Relay', kind: 'relay', url }).expect(201);
      expect(await t.app.get(InputCredentials).relays()).toContainEqual({
        input: expect.objectContaining({ id: hls.id, kind: 'relay' }),
        url: 'https://103.10.20.10/live/master.m3u8',
        allowPrivateNetwork: false,
      });
      const rotate = await http().post(`/api/v1/inputs/${hls.id}/rotate-secret`).set(bearer(producer.token));
      expect([rotate.status, rotate.body.code]).toEqual([400, 'INPUT_HAS_NO_SECRET']);
      const moved = await http()
        .patch(`/api/v1/inputs/${hls.id}`)
        .set(bearer(producer.token))
        .send({ url: 'https://103.10.20.20/live/master.m3u8' })
        .expect(200);
      expect(moved.body.connection.url).toBe('https://103.10.20.20/live/master.m3u8');
    });

    it('refuses a missing or bad URL, and loopback or private addresses, with 400 and a code', async () => {
      const codeOf = async (body: object) => {
        const res = await create({ name: 'Relay', kind: 'relay', ...body });
        expect(res.status).toBe(400);
        return res.body.code as string;
      };
      expect(await codeOf({})).toBe('RELAY_URL_REQUIRED');
      expect(await codeOf({ url: 'not a url' })).toBe('RELAY_URL_INVALID');
      expect(await codeOf({ url: 'ftp://103.10.20.10/a.mp3' })).toBe('RELAY_URL_INVALID');
      expect(await codeOf({ url: 'srt://103.10.20.10:9000?mode=listener' })).toBe('RELAY_URL_INVALID');
      expect(await codeOf({ url: 'http://127.0.0.1:8000/rkb.mp3' })).toBe('RELAY_URL_REFUSED');
      expect(await codeOf({ url: 'rtmp://10.1.2.3/live/x' })).toBe('RELAY_URL_REFUSED');
      expect(await codeOf({ url: 'srt://[::1]:9000' })).toBe('RELAY_URL_REFUSED');
      expect(await codeOf({ url: 'http://localhost:8000/rkb.mp3' })).toBe('RELAY_URL_REFUSED');
      // Documentation ranges, and IPv6 addresses that carry a private IPv4 one.
      expect(await codeOf({ url: 'https://203.0.113.10/live.m3u8' })).toBe('RELAY_URL_REFUSED');
      expect(await codeOf({ url: 'http://[::ffff:127.0.0.1]:8000/rkb.mp3' })).toBe('RELAY_URL_REFUSED');
      expect(await codeOf({ url: 'rtmp://[2002:c0a8:101::1]/live/x' })).toBe('RELAY_URL_REFUSED');
      expect(await codeOf({ url: 'https://relay.invalid/live.m3u8' })).toBe('RELAY_URL_UNRESOLVED');
      const relay = await created({ name: 'Relay', kind: 'relay', url: 'https://103.10.20.10/live.m3u8' });
      const patched = await http()
        .patch(`/api/v1/inputs/${relay.id}`)
        .set(bearer(producer.token))
        .send({ url: 'http://192.168.1.10/live.m3u8' })
        .expect(400);
      expect(patched.body.code).toBe('RELAY_URL_REFUSED');
      expect(await sql(t.database.url, 'SELECT 1 FROM live_inputs')).toHaveLength(1);
    });
  });

  describe('access', () => {
    it("lets the station's producers, admins and engineers manage inputs; nobody else sees them", async () => {
      const input = await created({ name: 'Studio 1', kind: 'rtmp' });
      for (const token of [admin, engineer.token, producer.token]) {
        await http().get('/api/v1/channels/pekalongan-tv/inputs').set(bearer(token)).expect(200);
        await http().get(`/api/v1/inputs/${input.id}`).set(bearer(token)).expect(200);
      }
      expect((await create({ name: 'By the engineer', kind: 'rtmp' }, engineer.token)).status).toBe(201);
      expect((await create({ name: 'By an admin', kind: 'rtmp' }, admin)).status).toBe(201);

      const other = kudusProducer.token;
      const forbidden = [
        http().get('/api/v1/channels/pekalongan-tv/inputs').set(bearer(other)),
        create({ name: 'Not mine', kind: 'rtmp' }, other),
        http().get(`/api/v1/inputs/${input.id}`).set(bearer(other)),
        http().patch(`/api/v1/inputs/${input.id}`).set(bearer(other)).send({ name: 'Mine now' }),
        http().post(`/api/v1/inputs/${input.id}/rotate-secret`).set(bearer(other)),
        http().delete(`/api/v1/inputs/${input.id}`).set(bearer(other)),
      ];
      for (const res of await Promise.all(forbidden)) expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);

      const anonymous = [
        http().get('/api/v1/channels/pekalongan-tv/inputs'),
        http().post('/api/v1/channels/pekalongan-tv/inputs').send({ name: 'x', kind: 'rtmp' }),
        http().get(`/api/v1/inputs/${input.id}`),
        http().patch(`/api/v1/inputs/${input.id}`).send({ name: 'x' }),
        http().post(`/api/v1/inputs/${input.id}/rotate-secret`),
        http().delete(`/api/v1/inputs/${input.id}`),
      ];
      for (const res of await Promise.all(anonymous)) expect(res.status).toBe(401);
      expect((await auditOf(input.id)).map((a) => a.action)).toEqual(['create']);
      expect(await sql(t.database.url, 'SELECT 1 FROM live_inputs')).toHaveLength(3);
    });

    it('answers 404 for an unknown channel or input, and 400 for a malformed id or body', async () => {
      const unknownChannel = await http().get('/api/v1/channels/no-such-tv/inputs').set(bearer(admin)).expect(404);
      expect(unknownChannel.body.code).toBe('CHANNEL_NOT_FOUND');
      expect((await create({ name: 'x', kind: 'rtmp' }, admin, 'no-such-tv').expect(404)).body.code).toBe(
        'CHANNEL_NOT_FOUND',
      );
      for (const res of await Promise.all([
        http().get(`/api/v1/inputs/${UNKNOWN_ID}`).set(bearer(admin)),
        http().patch(`/api/v1/inputs/${UNKNOWN_ID}`).set(bearer(admin)).send({ name: 'x' }),
        http().post(`/api/v1/inputs/${UNKNOWN_ID}/rotate-secret`).set(bearer(admin)),
        http().delete(`/api/v1/inputs/${UNKNOWN_ID}`).set(bearer(admin)),
      ]))
        expect([res.status, res.body.code]).toEqual([404, 'INPUT_NOT_FOUND']);
      await http().get('/api/v1/inputs/not-a-uuid').set(bearer(admin)).expect(400);
      expect((await create({ name: 'x', kind: 'webrtc' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await create({ kind: 'rtmp' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await create({ name: 'x', kind: 'rtmp', enabled: 'yes' }).expect(400)).body.code).toBe(
        'VALIDATION_FAILED',
      );
    });
  });

  describe('delete', () => {
    it('deletes an unused input (audited), and answers 409 INPUT_IN_USE while the schedule airs it', async () => {
      const unused = await created({ name: 'Spare', kind: 'rtmp' });
      await http().delete(`/api/v1/inputs/${unused.id}`).set(bearer(producer.token)).expect(204);
      await http().get(`/api/v1/inputs/${unused.id}`).set(bearer(producer.token)).expect(404);
      const audit = await auditOf(unused.id);
      expect(audit.map((a) => a.action)).toEqual(['create', 'delete']);
      expect(audit[1]).toMatchObject({ old_value: { name: 'Spare', kind: 'rtmp' }, new_value: null });

      const aired = await created({ name: 'Studio 1', kind: 'rtmp' });
      const entry = await http()
        .post('/api/v1/schedule-entries')
        .set(bearer(producer.token))
        .send({
          channelId: pekalongan.channelId,
          programmeId: pekalongan.programmeId,
          start: '2026-12-01T19:00:00',
          durationSeconds: 3600,
          source: { kind: 'live', liveInputId: aired.id },
        })
        .expect(201);
      const refused = await http().delete(`/api/v1/inputs/${aired.id}`).set(bearer(producer.token)).expect(409);
      expect(refused.body.code).toBe('INPUT_IN_USE');
      await http().get(`/api/v1/inputs/${aired.id}`).set(bearer(producer.token)).expect(200);
      expect((await auditOf(aired.id)).map((a) => a.action)).toEqual(['create']);

      await http()
        .patch(`/api/v1/schedule-entries/${entry.body.id}`)
        .set(bearer(producer.token))
        .send({ source: { kind: 'none' } })
        .expect(200);
      await http().delete(`/api/v1/inputs/${aired.id}`).set(bearer(producer.token)).expect(204);
    });

    it('answers 409 INPUT_IN_USE while one changed occurrence airs it', async () => {
      const input = await created({ name: 'Studio 1', kind: 'rtmp' });
      const series = await http()
        .post('/api/v1/schedule-entries')
        .set(bearer(producer.token))
        .send({
          channelId: pekalongan.channelId,
          programmeId: pekalongan.programmeId,
          start: '2026-12-01T19:00:00',
          durationSeconds: 3600,
          recurrence: 'FREQ=DAILY;COUNT=5',
        })
        .expect(201);
      await http()
        .put(`/api/v1/schedule-entries/${series.body.id}/occurrences/2026-12-03T19:00:00`)
        .set(bearer(producer.token))
        .send({ source: { kind: 'live', liveInputId: input.id } })
        .expect(200);
      const refused = await http().delete(`/api/v1/inputs/${input.id}`).set(bearer(producer.token)).expect(409);
      expect(refused.body.code).toBe('INPUT_IN_USE');
    });
  });

  describe('a live source in the schedule', () => {
    it('airs an input of the entry\u2019s channel, in an entry or one occurrence', async () => {
      const input = await created({ name: 'Studio 1', kind: 'rtmp' });
      const source = { kind: 'live', liveInputId: input.id };
      const entry = await http()
        .post('/api/v1/schedule-entries')
        .set(bearer(producer.token))
        .send({
          channelId: pekalongan.channelId,
          programmeId: pekalongan.programmeId,
          start: '2026-12-01T19:00:00',
          durationSeconds: 3600,
          recurrence: 'FREQ=DAILY;COUNT=3',
          source,
        })
        .expect(201);
      expect(entry.body.source).toEqual(source);
      expect(
        (await http().get(`/api/v1/schedule-entries/${entry.body.id}`).set(bearer(producer.token)).expect(200)).body
          .source,
      ).toEqual(source);
      const other = await created({ name: 'Studio 2', kind: 'srt' });
      const changed = await http()
        .put(`/api/v1/schedule-entries/${entry.body.id}/occurrences/2026-12-02T19:00:00`)
        .set(bearer(producer.token))
        .send({ source: { kind: 'live', liveInputId: other.id } })
        .expect(200);
      expect(changed.body.exceptions[0].source).toEqual({ kind: 'live', liveInputId: other.id });
    });

    it('refuses an unknown input (404), an input of another channel (400) and a missing id (400), changing nothing', async () => {
      const kudusInput = await created({ name: 'Kudus studio', kind: 'rtmp' }, 'kudus-tv', kudusProducer.token);
      const post = (source: object) =>
        http().post('/api/v1/schedule-entries').set(bearer(producer.token)).send({
          channelId: pekalongan.channelId,
          programmeId: pekalongan.programmeId,
          start: '2026-12-01T19:00:00',
          durationSeconds: 3600,
          source,
        });
      const unknown = await post({ kind: 'live', liveInputId: UNKNOWN_ID });
      expect([unknown.status, unknown.body.code]).toEqual([404, 'INPUT_NOT_FOUND']);
      const foreign = await post({ kind: 'live', liveInputId: kudusInput.id });
      expect([foreign.status, foreign.body.code]).toEqual([400, 'INPUT_OF_ANOTHER_CHANNEL']);
      const missing = await post({ kind: 'live' });
      expect([missing.status, missing.body.code]).toEqual([400, 'VALIDATION_FAILED']);

      const series = await post({ kind: 'none' }).expect(201);
      const patched = await http()
        .patch(`/api/v1/schedule-entries/${series.body.id}`)
        .set(bearer(producer.token))
        .send({ source: { kind: 'live', liveInputId: kudusInput.id } });
      expect([patched.status, patched.body.code]).toEqual([400, 'INPUT_OF_ANOTHER_CHANNEL']);
      expect(await sql(t.database.url, 'SELECT 1 FROM schedule_entries')).toHaveLength(1);
    });
  });
});

describe('live inputs on a deployment with some ingest turned off and private relays allowed', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp({
      env: { RTMP_PORT: '0', ICECAST_PORT: '8000', SRT_PORTS: '0', RELAY_ALLOW_PRIVATE_NETWORKS: 'true' },
    });
    admin = await login(t);
    await createStudio(t, admin, 'pekalongan');
  });
  afterAll(() => t.close());
  const create = (body: object) =>
    request(t.app.getHttpServer()).post('/api/v1/channels/pekalongan-tv/inputs').set(bearer(admin)).send(body);

  it('answers 409 INGEST_OFF for the kinds turned off, and relays from the private network when allowed', async () => {
    for (const kind of ['rtmp', 'srt']) {
      const res = await create({ name: 'Studio', kind });
      expect([res.status, res.body.code]).toEqual([409, 'INGEST_OFF']);
    }
    const icecast = await create({ name: 'Desk', kind: 'icecast' }).expect(201);
    expect(icecast.body.connection).toMatchObject({ host: 'localhost', port: 8000 });
    await create({ name: 'Studio relay', kind: 'relay', url: 'http://192.168.1.10:8000/studio.mp3' }).expect(201);
    expect(await t.app.get(InputCredentials).relays()).toMatchObject([{ allowPrivateNetwork: true }]);
  });
});
