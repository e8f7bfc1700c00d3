import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ScheduleReader } from '@siaran/scheduling';
import { createTestApp, type TestApp } from '../support/app';
import { bearer, createUser, login, type TestUser } from '../support/auth';
import { createStudio, type Studio } from '../support/scheduling';
import { sql } from '../support/sql';

describe('schedule entries', () => {
  let t: TestApp;
  let admin: string;
  let studio: Studio;
  let newYork: Studio;
  let kudus: Studio;
  let producer: TestUser;
  let engineer: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    [studio, newYork, kudus] = [
      await createStudio(t, admin, 'pekalongan'),
      await createStudio(t, admin, 'new-york', 'America/New_York'),
      await createStudio(t, admin, 'kudus'),
    ];
    producer = await createUser(t, admin, 'producer', [studio.stationId, newYork.stationId]);
    engineer = await createUser(t, admin, 'engineer');
  });
  afterAll(() => t.close());
  const http = () => request(t.app.getHttpServer());
  const post = (body: object, token = producer.token) =>
    http().post('/api/v1/schedule-entries').set(bearer(token)).send(body);
  const entry = (overrides: object = {}) => ({
    channelId: studio.channelId,
    programmeId: studio.programmeId,
    start: '2026-12-01T06:00:00',
    durationSeconds: 3600,
    ...overrides,
  });
  const counts = async () =>
    (
      await sql<{ entries: number; audit: number; exceptions: number }>(
        t.database.url,
        'SELECT (SELECT count(*)::int FROM schedule_entries) AS entries, (SELECT count(*)::int FROM schedule_exceptions) AS exceptions, (SELECT count(*)::int FROM audit_log) AS audit',
      )
    )[0];
  const schedule = async (from: string, to: string, slug = 'pekalongan-tv') =>
    (await http().get(`/api/v1/channels/${slug}/schedule`).query({ from, to }).expect(200)).body.occurrences as Array<{
      entryId: string;
      start: string;
      end: string;
      originalStart: string;
      programme: { title: string };
    }>;
  afterEach(async () => {
    await sql(
      t.database.url,
      'DELETE FROM schedule_entries; UPDATE channels SET schedule_version = schedule_version + 1',
    );
  });

  it('creates a single airing and a weekly series, and reads them back', async () => {
    const single = await post(
      entry({ start: '2026-12-01T19:00', end: '2026-12-01T20:30:00', durationSeconds: undefined }),
    ).expect(201);
    expect(single.body).toMatchObject({
      start: '2026-12-01T19:00:00',
      durationSeconds: 5400,
      recurrence: null,
      lastStart: '2026-12-01T19:00:00',
      source: { kind: 'none' },
      exceptions: [],
    });
    const weekly = await post(
      entry({ start: '2026-12-01T07:00:00', recurrence: 'rrule:freq=weekly;byday=tu,th', source: { kind: 'none' } }),
    ).expect(201);
    expect(weekly.body).toMatchObject({ recurrence: 'FREQ=WEEKLY;BYDAY=TU,TH', lastStart: null });
    expect(
      (await http().get(`/api/v1/schedule-entries/${weekly.body.id}`).set(bearer(engineer.token)).expect(200)).body,
    ).toEqual(weekly.body);
    expect(
      (
        await http()
          .get('/api/v1/schedule-entries')
          .query({ channelId: studio.channelId })
          .set(bearer(engineer.token))
          .expect(200)
      ).body.entries,
    ).toHaveLength(2);
    expect((await schedule('2026-12-01', '2026-12-04')).map((o) => o.start)).toEqual([
      '2026-12-01T07:00:00+07:00',
      '2026-12-01T19:00:00+07:00',
      '2026-12-03T07:00:00+07:00',
    ]);
  });

  it('refuses overlaps with 409 listing the occurrences hit, allows back-to-back, and sees airings across midnight', async () => {
    const news = await post(
      entry({ start: '2026-12-01T06:00:00', durationSeconds: 7200, recurrence: 'FREQ=DAILY' }),
    ).expect(201);
    await post(entry({ start: '2026-12-05T08:00:00', durationSeconds: 1800 })).expect(201);
    await post(entry({ start: '2026-12-05T05:30:00', durationSeconds: 1800 })).expect(201);
    const before = await counts();
    const clash = await post(entry({ start: '2026-12-03T07:00:00' })).expect(409);
    expect(clash.body).toEqual({
      statusCode: 409,
      code: 'SCHEDULE_CONFLICT',
      message: expect.stringContaining('2026-12-03T06:00:00+07:00'),
      details: [{ entryId: news.body.id, start: '2026-12-03T06:00:00+07:00', end: '2026-12-03T08:00:00+07:00' }],
    });
    const late = await post(
      entry({ start: '2026-12-01T23:00:00', durationSeconds: 7.5 * 3600, recurrence: 'FREQ=WEEKLY;BYDAY=TU' }),
    ).expect(409);
    expect(late.body.details[0]).toEqual({
      entryId: news.body.id,
      start: '2026-12-02T06:00:00+07:00',
      end: '2026-12-02T08:00:00+07:00',
    });
    expect(await counts()).toEqual(before);
  });

  it('refuses each kind of bad timing with its code, leaving nothing behind', async () => {
    const before = await counts();
    const cases: Array<[object, string]> = [
      [
        entry({ start: '2026-12-01T07:00:00', end: '2026-12-01T06:00:00', durationSeconds: undefined }),
        'END_BEFORE_START',
      ],
      [
        entry({ start: '2026-12-01T07:00:00', end: '2026-12-01T07:00:00', durationSeconds: undefined }),
        'END_BEFORE_START',
      ],
      [entry({ durationSeconds: 0 }), 'INVALID_DURATION'],
      [entry({ durationSeconds: undefined }), 'INVALID_DURATION'],
      [entry({ durationSeconds: 86401 }), 'DURATION_TOO_LONG'],
      [entry({ end: '2026-12-02T07:00:00' }), 'DURATION_AND_END'],
      [entry({ start: '2026-02-30T07:00:00' }), 'INVALID_LOCAL_TIME'],
      [entry({ start: '2026-12-01T07:00:00+07:00' }), 'INVALID_LOCAL_TIME'],
      [entry({ start: '9999-12-01T07:00:00' }), 'INVALID_LOCAL_TIME'],
      [
        entry({ channelId: newYork.channelId, programmeId: newYork.programmeId, start: '2026-03-08T02:30:00' }),
        'NONEXISTENT_LOCAL_TIME',
      ],
      [entry({ recurrence: 'FREQ=SOMETIMES' }), 'INVALID_RRULE'],
      [entry({ recurrence: 'FREQ=DAILY;COUNT=2;UNTIL=20261231' }), 'INVALID_RRULE'],
      [entry({ recurrence: 'FREQ=HOURLY' }), 'UNSUPPORTED_RRULE'],
      [entry({ recurrence: 'FREQ=DAILY;BYHOUR=6,18' }), 'UNSUPPORTED_RRULE'],
      [entry({ recurrence: 'FREQ=WEEKLY;UNTIL=20261130' }), 'UNTIL_BEFORE_START'],
      [entry({ recurrence: 'FREQ=WEEKLY;BYDAY=MO' }), 'START_NOT_IN_RECURRENCE'],
      [entry({ programmeId: kudus.programmeId }), 'PROGRAMME_OF_ANOTHER_STATION'],
      [entry({ source: { kind: 'asset' } }), 'VALIDATION_FAILED'],
      [entry({ channelId: 'batik-tv' }), 'VALIDATION_FAILED'],
      [entry({ colour: 'red' }), 'VALIDATION_FAILED'],
    ];
    for (const [body, code] of cases) {
      const res = await post(body);
      expect([JSON.stringify(body), res.status, res.body.code]).toEqual([JSON.stringify(body), 400, code]);
    }
    expect((await post(entry({ channelId: randomUUID() })).expect(404)).body.code).toBe('CHANNEL_NOT_FOUND');
    expect((await post(entry({ programmeId: randomUUID() })).expect(404)).body.code).toBe('PROGRAMME_NOT_FOUND');
    expect((await post(entry({ source: { kind: 'asset', assetId: randomUUID() } })).expect(404)).body.code).toBe(
      'ASSET_NOT_FOUND',
    );
    expect(await counts()).toEqual(before);
  });

  it('keeps wall-clock times across daylight saving, and accepts the repeated hour', async () => {
    const weekly = await post(
      entry({
        channelId: newYork.channelId,
        programmeId: newYork.programmeId,
        start: '2026-03-01T07:00:00',
        recurrence: 'FREQ=WEEKLY;COUNT=3',
      }),
    ).expect(201);
    expect(weekly.body.lastStart).toBe('2026-03-15T07:00:00');
    expect((await schedule('2026-03-01', '2026-03-20', 'new-york-tv')).map((o) => o.start)).toEqual([
      '2026-03-01T07:00:00-05:00',
      '2026-03-08T07:00:00-04:00',
      '2026-03-15T07:00:00-04:00',
    ]);
    await post(
      entry({ channelId: newYork.channelId, programmeId: newYork.programmeId, start: '2026-11-01T01:30:00' }),
    ).expect(201);
    // 02:30 does not exist on 2026-03-08: that occurrence airs right after the jump, and keeps its name.
    const night = await post(
      entry({
        channelId: newYork.channelId,
        programmeId: newYork.programmeId,
        start: '2026-03-07T02:30:00',
        durationSeconds: 1800,
        recurrence: 'FREQ=DAILY;COUNT=3',
      }),
    ).expect(201);
    expect(
      (await schedule('2026-03-08', '2026-03-09', 'new-york-tv')).find((o) => o.entryId === night.body.id),
    ).toMatchObject({ start: '2026-03-08T03:30:00-04:00', originalStart: '2026-03-08T02:30:00' });
    await http()
      .put(`/api/v1/schedule-entries/${night.body.id}/occurrences/2026-03-08T02:30:00`)
      .set(bearer(producer.token))
      .send({ cancelled: true })
      .expect(200);
    expect(
      (await schedule('2026-03-08', '2026-03-09', 'new-york-tv')).filter((o) => o.entryId === night.body.id),
    ).toEqual([]);
  });

  it('needs a token, the producer or admin role, and the station', async () => {
    await http().post('/api/v1/schedule-entries').send(entry()).expect(401);
    expect((await post(entry(), engineer.token).expect(403)).body.code).toBe('FORBIDDEN');
    expect(
      (await post(entry({ channelId: kudus.channelId, programmeId: kudus.programmeId })).expect(403)).body,
    ).toMatchObject({ code: 'FORBIDDEN', message: 'You are not a producer of this station' });
    const mine = await post(entry()).expect(201);
    await http().get(`/api/v1/schedule-entries/${mine.body.id}`).expect(401);
    const kudusEntry = await post(entry({ channelId: kudus.channelId, programmeId: kudus.programmeId }), admin).expect(
      201,
    );
    await http()
      .patch(`/api/v1/schedule-entries/${kudusEntry.body.id}`)
      .set(bearer(producer.token))
      .send({ durationSeconds: 60 })
      .expect(403);
    await http().delete(`/api/v1/schedule-entries/${kudusEntry.body.id}`).set(bearer(producer.token)).expect(403);
    await http().delete(`/api/v1/schedule-entries/${mine.body.id}`).set(bearer(engineer.token)).expect(403);
    await http()
      .put(`/api/v1/schedule-entries/${kudusEntry.body.id}/occurrences/2026-12-01T06:00:00`)
      .set(bearer(producer.token))
      .send({ cancelled: true })
      .expect(403);
    expect((await http().get('/api/v1/schedule-entries/x').set(bearer(engineer.token)).expect(400)).body.code).toBe(
      'INVALID_ID',
    );
    expect(
      (await http().get(`/api/v1/schedule-entries/${randomUUID()}`).set(bearer(engineer.token)).expect(404)).body.code,
    ).toBe('SCHEDULE_ENTRY_NOT_FOUND');
    expect(
      (
        await http()
          .get('/api/v1/schedule-entries')
          .query({ channelId: randomUUID() })
          .set(bearer(engineer.token))
          .expect(404)
      ).body.code,
    ).toBe('CHANNEL_NOT_FOUND');
    expect(
      (
        await http()
          .patch(`/api/v1/schedule-entries/${randomUUID()}`)
          .set(bearer(producer.token))
          .send({ durationSeconds: 60 })
          .expect(404)
      ).body.code,
    ).toBe('SCHEDULE_ENTRY_NOT_FOUND');
  });

  it('edits a series as a whole, checking conflicts, and drops exceptions the series no longer has', async () => {
    const series = await post(entry({ start: '2026-12-01T19:00:00', recurrence: 'FREQ=WEEKLY;BYDAY=TU,TH' })).expect(
      201,
    );
    const other = await post(entry({ start: '2026-12-02T19:00:00', programmeId: studio.otherProgrammeId })).expect(201);
    await http()
      .put(`/api/v1/schedule-entries/${series.body.id}/occurrences/2026-12-03T19:00:00`)
      .set(bearer(producer.token))
      .send({ cancelled: true })
      .expect(200);
    await http()
      .put(`/api/v1/schedule-entries/${series.body.id}/occurrences/2026-12-08T19:00:00`)
      .set(bearer(producer.token))
      .send({ durationSeconds: 1800 })
      .expect(200);
    const clash = await http()
      .patch(`/api/v1/schedule-entries/${series.body.id}`)
      .set(bearer(producer.token))
      .send({ recurrence: 'FREQ=DAILY' })
      .expect(409);
    expect(clash.body.details).toEqual([
      { entryId: other.body.id, start: '2026-12-02T19:00:00+07:00', end: '2026-12-02T20:00:00+07:00' },
    ]);
    const changed = await http()
      .patch(`/api/v1/schedule-entries/${series.body.id}`)
      .set(bearer(producer.token))
      .send({ recurrence: 'FREQ=WEEKLY;BYDAY=TU', programmeId: studio.otherProgrammeId })
      .expect(200);
    expect(changed.body).toMatchObject({ recurrence: 'FREQ=WEEKLY;BYDAY=TU', programmeId: studio.otherProgrammeId });
    expect(changed.body.exceptions.map((x: { originalStart: string }) => x.originalStart)).toEqual([
      '2026-12-08T19:00:00',
    ]);
    const single = await http()
      .patch(`/api/v1/schedule-entries/${series.body.id}`)
      .set(bearer(producer.token))
      .send({ recurrence: null, end: '2026-12-01T21:00:00' })
      .expect(200);
    expect(single.body).toMatchObject({ recurrence: null, durationSeconds: 7200, exceptions: [] });
    expect(
      (
        await http()
          .patch(`/api/v1/schedule-entries/${series.body.id}`)
          .set(bearer(producer.token))
          .send({ durationSeconds: 90000 })
          .expect(400)
      ).body.code,
    ).toBe('DURATION_TOO_LONG');
  });

  it('cancels, moves and restores single occurrences without touching the series', async () => {
    const series = await post(entry({ start: '2026-12-01T19:00:00', recurrence: 'FREQ=DAILY;COUNT=5' })).expect(201);
    const id = series.body.id as string;
    const occurrence = (start: string) => `/api/v1/schedule-entries/${id}/occurrences/${start}`;
    await http()
      .put(occurrence('2026-12-02T19:00:00'))
      .set(bearer(producer.token))
      .send({ cancelled: true })
      .expect(200);
    const moved = await http()
      .put(occurrence('2026-12-03T19:00:00'))
      .set(bearer(producer.token))
      .send({ start: '2026-12-03T21:00:00', durationSeconds: 1800, programmeId: studio.otherProgrammeId })
      .expect(200);
    expect(moved.body.exceptions).toEqual([
      {
        id: expect.any(String),
        originalStart: '2026-12-02T19:00:00',
        cancelled: true,
        start: null,
        durationSeconds: null,
        programmeId: null,
        source: null,
      },
      {
        id: expect.any(String),
        originalStart: '2026-12-03T19:00:00',
        cancelled: false,
        start: '2026-12-03T21:00:00',
        durationSeconds: 1800,
        programmeId: studio.otherProgrammeId,
        source: null,
      },
    ]);
    expect(
      (await schedule('2026-12-01', '2026-12-06')).map((o) => [o.start, o.end, o.programme.title, o.originalStart]),
    ).toEqual([
      ['2026-12-01T19:00:00+07:00', '2026-12-01T20:00:00+07:00', 'Kabar Pagi', '2026-12-01T19:00:00'],
      ['2026-12-03T21:00:00+07:00', '2026-12-03T21:30:00+07:00', 'Jam Keroncong', '2026-12-03T19:00:00'],
      ['2026-12-04T19:00:00+07:00', '2026-12-04T20:00:00+07:00', 'Kabar Pagi', '2026-12-04T19:00:00'],
      ['2026-12-05T19:00:00+07:00', '2026-12-05T20:00:00+07:00', 'Kabar Pagi', '2026-12-05T19:00:00'],
    ]);

    // Something else takes the cancelled slot: restoring the occurrence now conflicts.
    const filler = await post(entry({ start: '2026-12-02T19:30:00', durationSeconds: 600 })).expect(201);
    const restore = await http().delete(occurrence('2026-12-02T19:00:00')).set(bearer(producer.token)).expect(409);
    expect(restore.body.details).toEqual([
      { entryId: filler.body.id, start: '2026-12-02T19:30:00+07:00', end: '2026-12-02T19:40:00+07:00' },
    ]);
    expect(
      (
        await http()
          .put(occurrence('2026-12-04T19:00:00'))
          .set(bearer(producer.token))
          .send({ start: '2026-12-05T19:30:00' })
          .expect(409)
      ).body.details[0].entryId,
    ).toBe(id);
    await http().delete(`/api/v1/schedule-entries/${filler.body.id}`).set(bearer(producer.token)).expect(204);
    const restored = await http().delete(occurrence('2026-12-02T19:00:00')).set(bearer(producer.token)).expect(200);
    expect(restored.body.exceptions).toHaveLength(1);

    expect(
      (
        await http()
          .put(occurrence('2026-12-02T20:00:00'))
          .set(bearer(producer.token))
          .send({ cancelled: true })
          .expect(404)
      ).body.code,
    ).toBe('OCCURRENCE_NOT_FOUND');
    expect(
      (
        await http()
          .put(occurrence('2026-12-09T19:00:00'))
          .set(bearer(producer.token))
          .send({ cancelled: true })
          .expect(404)
      ).body.code,
    ).toBe('OCCURRENCE_NOT_FOUND');
    expect(
      (await http().delete(occurrence('2026-12-04T19:00:00')).set(bearer(producer.token)).expect(404)).body.code,
    ).toBe('OCCURRENCE_NOT_FOUND');
    expect(
      (await http().put(occurrence('tomorrow')).set(bearer(producer.token)).send({ cancelled: true }).expect(400)).body
        .code,
    ).toBe('INVALID_LOCAL_TIME');
    expect(
      (
        await http()
          .put(occurrence('2026-12-04T19:00:00'))
          .set(bearer(producer.token))
          .send({ cancelled: true, durationSeconds: 60 })
          .expect(400)
      ).body.code,
    ).toBe('INVALID_OCCURRENCE_CHANGE');
    expect(
      (
        await http()
          .put(occurrence('2026-12-04T19:00:00'))
          .set(bearer(producer.token))
          .send({ cancelled: false })
          .expect(400)
      ).body.code,
    ).toBe('VALIDATION_FAILED');
    expect(
      (
        await http()
          .put(occurrence('2026-12-04T19:00:00'))
          .set(bearer(producer.token))
          .send({ durationSeconds: 0 })
          .expect(400)
      ).body.code,
    ).toBe('INVALID_DURATION');
    expect(
      (
        await http()
          .put(occurrence('2026-12-04T19:00:00'))
          .set(bearer(producer.token))
          .send({ start: '2026-12-12T19:00:00' })
          .expect(400)
      ).body.code,
    ).toBe('OCCURRENCE_MOVED_TOO_FAR');
    const single = await post(entry({ start: '2026-12-10T07:00:00' })).expect(201);
    expect(
      (
        await http()
          .put(`/api/v1/schedule-entries/${single.body.id}/occurrences/2026-12-10T07:00:00`)
          .set(bearer(producer.token))
          .send({ cancelled: true })
          .expect(400)
      ).body.code,
    ).toBe('ENTRY_NOT_RECURRING');
  });

  it('lets only one of many concurrent overlapping writes in', async () => {
    // Any two of these overlap: they start within 3.5 hours of each other and last 5.
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        post(entry({ start: `2026-12-01T0${i % 4}:${i < 4 ? '00' : '30'}:00`, durationSeconds: 5 * 3600 })),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
    expect((await counts()).entries).toBe(1);
  });

  it('gives the playout every occurrence overlapping a range, one begun before it included', async () => {
    await post(entry({ start: '2026-12-01T23:00:00', durationSeconds: 4 * 3600, recurrence: 'FREQ=DAILY' })).expect(
      201,
    );
    const occurrences = await t.app
      .get(ScheduleReader)
      .occurrences(studio.channelId, new Date('2026-12-02T01:00:00+07:00'), new Date('2026-12-03T00:00:00+07:00'));
    expect(occurrences.map((o) => [o.start.toISOString(), o.end.toISOString(), o.programme.title, o.source])).toEqual([
      ['2026-12-01T16:00:00.000Z', '2026-12-01T20:00:00.000Z', 'Kabar Pagi', { kind: 'none' }],
      ['2026-12-02T16:00:00.000Z', '2026-12-02T20:00:00.000Z', 'Kabar Pagi', { kind: 'none' }],
    ]);
    expect(occurrences[0].occurrenceKey).toBe(`${occurrences[0].entryId}@2026-12-01T23:00:00`);
    // A programme renamed shows at once, though the expansion is cached.
    await http()
      .patch(`/api/v1/programmes/${studio.programmeId}`)
      .set(bearer(producer.token))
      .send({ title: 'Kabar Malam' })
      .expect(200);
    expect(
      (
        await t.app
          .get(ScheduleReader)
          .occurrences(studio.channelId, new Date('2026-12-02T01:00:00+07:00'), new Date('2026-12-02T02:00:00+07:00'))
      )[0].programme.title,
    ).toBe('Kabar Malam');
    await http()
      .patch(`/api/v1/programmes/${studio.programmeId}`)
      .set(bearer(producer.token))
      .send({ title: 'Kabar Pagi' })
      .expect(200);
  });

  it('records who changed what in the audit log, for admins to read', async () => {
    const series = await post(entry({ start: '2026-12-01T19:00:00', recurrence: 'FREQ=DAILY' })).expect(201);
    await http()
      .patch(`/api/v1/schedule-entries/${series.body.id}`)
      .set(bearer(producer.token))
      .send({ durationSeconds: 1800 })
      .expect(200);
    await http()
      .put(`/api/v1/schedule-entries/${series.body.id}/occurrences/2026-12-02T19:00:00`)
      .set(bearer(producer.token))
      .send({ cancelled: true })
      .expect(200);
    await http().delete(`/api/v1/schedule-entries/${series.body.id}`).set(bearer(producer.token)).expect(204);
    const log = await http().get('/api/v1/audit').query({ entityId: series.body.id }).set(bearer(admin)).expect(200);
    expect(log.body.entries.map((e: { action: string; actorEmail: string }) => [e.action, e.actorEmail])).toEqual([
      ['delete', producer.email],
      ['update', producer.email],
      ['update', producer.email],
      ['create', producer.email],
    ]);
    const [deleted, cancelled, shortened, create] = log.body.entries;
    expect(create).toMatchObject({
      entityType: 'schedule_entry',
      stationId: studio.stationId,
      actorId: producer.id,
      oldValue: null,
      newValue: { start: '2026-12-01T19:00:00', durationSeconds: 3600, recurrence: 'FREQ=DAILY' },
    });
    expect(shortened).toMatchObject({ oldValue: { durationSeconds: 3600 }, newValue: { durationSeconds: 1800 } });
    expect(cancelled.newValue.exceptions).toEqual([
      expect.objectContaining({ originalStart: '2026-12-02T19:00:00', cancelled: true }),
    ]);
    expect(deleted).toMatchObject({ newValue: null, oldValue: { id: series.body.id } });
    const slugs = (res: request.Response) =>
      res.body.entries.map(
        (e: { action: string; actorEmail: string; newValue: { slug: string } }) =>
          `${e.action} ${e.actorEmail} ${e.newValue.slug}`,
      );
    const page = await http()
      .get('/api/v1/audit')
      .query({ entityType: 'station', limit: 2 })
      .set(bearer(admin))
      .expect(200);
    const rest = await http()
      .get('/api/v1/audit')
      .query({ entityType: 'station', before: page.body.entries[1].id })
      .set(bearer(admin))
      .expect(200);
    expect([...slugs(page), ...slugs(rest)].sort()).toEqual([
      'create admin@test.siaran.id kudus',
      'create admin@test.siaran.id new-york',
      'create admin@test.siaran.id pekalongan',
    ]);
    expect(Number(page.body.entries[0].id)).toBeGreaterThan(Number(page.body.entries[1].id));
    expect(
      slugs(
        await http()
          .get('/api/v1/audit')
          .query({ stationId: kudus.stationId, entityType: 'station' })
          .set(bearer(admin))
          .expect(200),
      ),
    ).toEqual(['create admin@test.siaran.id kudus']);
    await http().get('/api/v1/audit').expect(401);
    await http().get('/api/v1/audit').set(bearer(producer.token)).expect(403);
    await http().get('/api/v1/audit').set(bearer(engineer.token)).expect(403);
    expect(
      (await http().get('/api/v1/audit').query({ entityType: 'asset' }).set(bearer(admin)).expect(400)).body.code,
    ).toBe('VALIDATION_FAILED');
    expect((await http().get('/api/v1/audit').query({ limit: 1000 }).set(bearer(admin)).expect(400)).body.code).toBe(
      'VALIDATION_FAILED',
    );
  });
});
