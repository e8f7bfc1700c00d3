import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app';
import { bearer, createUser, login, type TestUser } from '../support/auth';
import { created, createStudio, type Studio } from '../support/scheduling';

describe('stations, channels and programmes', () => {
  let t: TestApp;
  let admin: string;
  let studio: Studio;
  let producer: TestUser;
  let engineer: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    studio = await createStudio(t, admin, 'pekalongan');
    producer = await createUser(t, admin, 'producer', [studio.stationId]);
    engineer = await createUser(t, admin, 'engineer');
  });
  afterAll(() => t.close());
  const http = () => request(t.app.getHttpServer());

  describe('stations', () => {
    it('are created, changed and deleted by admins only', async () => {
      await http().post('/api/v1/stations').send({ slug: 'kudus', name: 'LPPL Kabupaten Kudus' }).expect(401);
      await http()
        .post('/api/v1/stations')
        .set(bearer(producer.token))
        .send({ slug: 'kudus', name: 'LPPL Kabupaten Kudus' })
        .expect(403);
      await http()
        .post('/api/v1/stations')
        .set(bearer(engineer.token))
        .send({ slug: 'kudus', name: 'LPPL Kabupaten Kudus' })
        .expect(403);
      const station = await created(t, admin, 'stations', { slug: 'kudus', name: 'LPPL Kabupaten Kudus' });
      expect(station).toMatchObject({ slug: 'kudus', name: 'LPPL Kabupaten Kudus', description: null });
      const changed = await http()
        .patch(`/api/v1/stations/${station.id}`)
        .set(bearer(admin))
        .send({ description: 'Radio Suara Kudus' })
        .expect(200);
      expect(changed.body).toMatchObject({ slug: 'kudus', description: 'Radio Suara Kudus' });
      await http().delete(`/api/v1/stations/${station.id}`).set(bearer(producer.token)).expect(403);
      await http().delete(`/api/v1/stations/${station.id}`).set(bearer(admin)).expect(204);
      expect((await http().delete(`/api/v1/stations/${station.id}`).set(bearer(admin)).expect(404)).body.code).toBe(
        'STATION_NOT_FOUND',
      );
    });

    it('refuses bad input, taken slugs and deleting a station with channels', async () => {
      expect(
        (
          await http()
            .post('/api/v1/stations')
            .set(bearer(admin))
            .send({ slug: 'Kota Pekalongan', name: 'x' })
            .expect(400)
        ).body.details[0].field,
      ).toBe('slug');
      expect(
        (
          await http()
            .post('/api/v1/stations')
            .set(bearer(admin))
            .send({ slug: 'x', name: 'x', founded: 2002 })
            .expect(400)
        ).body.code,
      ).toBe('VALIDATION_FAILED');
      expect(
        (
          await http()
            .post('/api/v1/stations')
            .set(bearer(admin))
            .send({ slug: 'pekalongan', name: 'again' })
            .expect(409)
        ).body.code,
      ).toBe('SLUG_TAKEN');
      expect(
        (await http().patch('/api/v1/stations/pekalongan').set(bearer(admin)).send({ name: 'x' }).expect(400)).body
          .code,
      ).toBe('INVALID_ID');
      expect(
        (await http().patch(`/api/v1/stations/${randomUUID()}`).set(bearer(admin)).send({ name: 'x' }).expect(404)).body
          .code,
      ).toBe('STATION_NOT_FOUND');
      expect(
        (await http().patch(`/api/v1/stations/${studio.stationId}`).set(bearer(admin)).send({ name: null }).expect(400))
          .body.code,
      ).toBe('VALIDATION_FAILED');
      expect(
        (await http().delete(`/api/v1/stations/${studio.stationId}`).set(bearer(admin)).expect(409)).body.code,
      ).toBe('STATION_HAS_CHANNELS');
    });
    it('keep a website and a contact, shown with each of their channels, and refuse a website that is not http(s)', async () => {
      const patch = (body: object) =>
        http().patch(`/api/v1/stations/${studio.stationId}`).set(bearer(admin)).send(body);
      for (const websiteUrl of ['javascript:alert(1)', 'lppl.example', 42]) {
        const refused = (await patch({ websiteUrl }).expect(400)).body;
        expect([refused.code, refused.details[0].field]).toEqual(['VALIDATION_FAILED', 'websiteUrl']);
      }
      expect((await patch({ contact: 'x'.repeat(201) }).expect(400)).body.details[0].field).toBe('contact');
      await http()
        .patch(`/api/v1/stations/${studio.stationId}`)
        .set(bearer(producer.token))
        .send({ contact: 'x' })
        .expect(403);
      const changed = (
        await patch({ websiteUrl: 'https://lppl.pekalongankota.example', contact: 'WhatsApp 0812 3456 7890' }).expect(
          200,
        )
      ).body;
      expect(changed).toMatchObject({
        websiteUrl: 'https://lppl.pekalongankota.example',
        contact: 'WhatsApp 0812 3456 7890',
      });
      const channel = (await http().get('/api/v1/channels').expect(200)).body.channels.find(
        (c: { station: { id: string } }) => c.station.id === studio.stationId,
      );
      expect(channel.station).toEqual({
        id: studio.stationId,
        slug: changed.slug,
        name: changed.name,
        logoUrl: null,
        websiteUrl: 'https://lppl.pekalongankota.example',
        contact: 'WhatsApp 0812 3456 7890',
      });
      expect((await patch({ websiteUrl: null, contact: null }).expect(200)).body).toMatchObject({
        websiteUrl: null,
        contact: null,
      });
    });
  });

  describe('channels', () => {
    it('default their zone, language and ladder by kind, and take canonical zone names', async () => {
      const radio = await created(t, admin, 'channels', {
        stationId: studio.stationId,
        kind: 'radio',
        slug: 'rkb',
        name: 'Radio Kota Batik',
        timezone: 'asia/jakarta',
      });
      expect(radio).toMatchObject({
        kind: 'radio',
        timezone: 'Asia/Jakarta',
        language: 'id',
        ladderPreset: 'radio-default',
        isPublic: true,
        xmltvId: 'rkb.siaran',
      });
      const tv = (await http().get('/api/v1/channels/pekalongan-tv').expect(200)).body;
      expect(tv).toMatchObject({
        kind: 'tv',
        ladderPreset: 'tv-default',
        streamUrl: 'http://localhost:3000/live/pekalongan-tv/master.m3u8',
      });
    });

    it('are listed only when public, and reachable by slug either way', async () => {
      const hidden = await created(t, admin, 'channels', {
        stationId: studio.stationId,
        kind: 'tv',
        slug: 'batik-tv-internal',
        name: 'Internal',
        isPublic: false,
      });
      expect(
        (await http().get('/api/v1/channels').expect(200)).body.channels.map((c: { slug: string }) => c.slug),
      ).not.toContain('batik-tv-internal');
      await http().get('/api/v1/channels/batik-tv-internal').expect(200);
      await http()
        .patch(`/api/v1/channels/${hidden.id}`)
        .set(bearer(admin))
        .send({ isPublic: true, name: 'Batik TV 2' })
        .expect(200);
      expect(
        (await http().get('/api/v1/channels').expect(200)).body.channels.map((c: { slug: string }) => c.slug),
      ).toContain('batik-tv-internal');
      await http().delete(`/api/v1/channels/${hidden.id}`).set(bearer(admin)).expect(204);
    });

    it('are managed by admins only, and refuse bad input', async () => {
      const body = { stationId: studio.stationId, kind: 'tv', slug: 'tv-two', name: 'TV Two' };
      await http().post('/api/v1/channels').send(body).expect(401);
      await http().post('/api/v1/channels').set(bearer(producer.token)).send(body).expect(403);
      expect(
        (
          await http()
            .post('/api/v1/channels')
            .set(bearer(admin))
            .send({ ...body, timezone: 'Asia/Pekalongan' })
            .expect(400)
        ).body.code,
      ).toBe('INVALID_TIMEZONE');
      expect(
        (
          await http()
            .post('/api/v1/channels')
            .set(bearer(admin))
            .send({ ...body, timezone: 'UTC+7' })
            .expect(400)
        ).body.code,
      ).toBe('INVALID_TIMEZONE');
      expect(
        (
          await http()
            .post('/api/v1/channels')
            .set(bearer(admin))
            .send({ ...body, kind: 'web' })
            .expect(400)
        ).body.details[0].field,
      ).toBe('kind');
      expect(
        (
          await http()
            .post('/api/v1/channels')
            .set(bearer(admin))
            .send({ ...body, stationId: 'pekalongan' })
            .expect(400)
        ).body.details[0].field,
      ).toBe('stationId');
      expect(
        (
          await http()
            .post('/api/v1/channels')
            .set(bearer(admin))
            .send({ ...body, stationId: randomUUID() })
            .expect(404)
        ).body.code,
      ).toBe('STATION_NOT_FOUND');
      expect(
        (
          await http()
            .post('/api/v1/channels')
            .set(bearer(admin))
            .send({ ...body, slug: 'pekalongan-tv' })
            .expect(409)
        ).body.code,
      ).toBe('SLUG_TAKEN');
      expect(
        (
          await http()
            .post('/api/v1/channels')
            .set(bearer(admin))
            .send({ ...body, logoUrl: 'not a url' })
            .expect(400)
        ).body.details[0].field,
      ).toBe('logoUrl');
      expect(
        (
          await http()
            .patch(`/api/v1/channels/${studio.channelId}`)
            .set(bearer(admin))
            .send({ stationId: randomUUID() })
            .expect(400)
        ).body.details[0].field,
      ).toBe('stationId');
      expect(
        (await http().patch(`/api/v1/channels/${randomUUID()}`).set(bearer(admin)).send({ name: 'x' }).expect(404)).body
          .code,
      ).toBe('CHANNEL_NOT_FOUND');
      expect((await http().delete('/api/v1/channels/abc').set(bearer(admin)).expect(400)).body.code).toBe('INVALID_ID');
    });

    it('keep their time zone, and exist, while they have a schedule', async () => {
      const entry = await created(t, admin, 'schedule-entries', {
        channelId: studio.channelId,
        programmeId: studio.programmeId,
        start: '2026-12-01T06:00:00',
        durationSeconds: 3600,
      });
      expect(
        (
          await http()
            .patch(`/api/v1/channels/${studio.channelId}`)
            .set(bearer(admin))
            .send({ timezone: 'Asia/Makassar' })
            .expect(409)
        ).body.code,
      ).toBe('CHANNEL_HAS_SCHEDULE');
      await http()
        .patch(`/api/v1/channels/${studio.channelId}`)
        .set(bearer(admin))
        .send({ timezone: 'Asia/Jakarta', description: 'TV publik' })
        .expect(200);
      expect(
        (await http().delete(`/api/v1/channels/${studio.channelId}`).set(bearer(admin)).expect(409)).body.code,
      ).toBe('CHANNEL_HAS_SCHEDULE');
      await http().delete(`/api/v1/schedule-entries/${entry.id}`).set(bearer(admin)).expect(204);
    });
  });

  describe('programmes', () => {
    it('are public to read, and managed by admins and the station\u2019s producers', async () => {
      const body = {
        stationId: studio.stationId,
        title: 'Dialog Bersama Wali Kota',
        host: 'Rizky Pratama',
        category: 'Dialog',
      };
      await http().post('/api/v1/programmes').send(body).expect(401);
      await http().post('/api/v1/programmes').set(bearer(engineer.token)).send(body).expect(403);
      const otherProducer = await createUser(t, admin, 'producer');
      expect(
        (await http().post('/api/v1/programmes').set(bearer(otherProducer.token)).send(body).expect(403)).body.message,
      ).toBe('You are not a producer of this station');
      const programme = await created(t, producer.token, 'programmes', body);
      expect(programme).toMatchObject({
        title: 'Dialog Bersama Wali Kota',
        host: 'Rizky Pratama',
        language: 'id',
        description: null,
      });
      expect((await http().get(`/api/v1/programmes/${programme.id}`).expect(200)).body.title).toBe(
        'Dialog Bersama Wali Kota',
      );
      expect(
        (await http().get('/api/v1/programmes').query({ stationId: studio.stationId }).expect(200)).body.programmes.map(
          (p: { title: string }) => p.title,
        ),
      ).toContain('Dialog Bersama Wali Kota');
      await http()
        .patch(`/api/v1/programmes/${programme.id}`)
        .set(bearer(otherProducer.token))
        .send({ title: 'x' })
        .expect(403);
      const changed = await http()
        .patch(`/api/v1/programmes/${programme.id}`)
        .set(bearer(producer.token))
        .send({ description: 'Wali Kota menjawab warga.', host: null })
        .expect(200);
      expect(changed.body).toMatchObject({ description: 'Wali Kota menjawab warga.', host: null });
      await http().delete(`/api/v1/programmes/${programme.id}`).set(bearer(producer.token)).expect(204);
      expect((await http().get(`/api/v1/programmes/${programme.id}`).expect(404)).body.code).toBe(
        'PROGRAMME_NOT_FOUND',
      );
    });

    it('refuse bad input, and deletion while scheduled', async () => {
      expect(
        (
          await http()
            .post('/api/v1/programmes')
            .set(bearer(admin))
            .send({ stationId: randomUUID(), title: 'x' })
            .expect(404)
        ).body.code,
      ).toBe('STATION_NOT_FOUND');
      expect(
        (
          await http()
            .post('/api/v1/programmes')
            .set(bearer(admin))
            .send({ stationId: studio.stationId, title: '' })
            .expect(400)
        ).body.details[0].field,
      ).toBe('title');
      expect(
        (
          await http()
            .post('/api/v1/programmes')
            .set(bearer(admin))
            .send({ stationId: studio.stationId, title: 'x', artworkUrl: 'ftp://x/y.png' })
            .expect(400)
        ).body.details[0].field,
      ).toBe('artworkUrl');
      expect(
        (
          await http()
            .patch(`/api/v1/programmes/${studio.programmeId}`)
            .set(bearer(admin))
            .send({ stationId: randomUUID() })
            .expect(400)
        ).body.details[0].field,
      ).toBe('stationId');
      expect((await http().get('/api/v1/programmes/42').expect(400)).body.code).toBe('INVALID_ID');
      expect((await http().get('/api/v1/programmes').query({ stationId: 'x' }).expect(400)).body.code).toBe(
        'VALIDATION_FAILED',
      );
      const entry = await created(t, producer.token, 'schedule-entries', {
        channelId: studio.channelId,
        programmeId: studio.otherProgrammeId,
        start: '2026-12-02T19:00:00',
        durationSeconds: 3600,
        recurrence: 'FREQ=WEEKLY',
      });
      const refused = await http()
        .delete(`/api/v1/programmes/${studio.otherProgrammeId}`)
        .set(bearer(producer.token))
        .expect(409);
      expect(refused.body.code).toBe('PROGRAMME_STILL_SCHEDULED');
      await http().get(`/api/v1/programmes/${studio.otherProgrammeId}`).expect(200);
      await http().delete(`/api/v1/schedule-entries/${entry.id}`).set(bearer(producer.token)).expect(204);
      await http().delete(`/api/v1/programmes/${studio.otherProgrammeId}`).set(bearer(producer.token)).expect(204);
    });
  });
});
