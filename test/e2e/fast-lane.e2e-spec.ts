import request from 'supertest';
import { DateTime } from 'luxon';
import { ManualClock } from '@siaran/time';
import { createTestApp, type TestApp } from '../support/app';
import { bearer, login } from '../support/auth';
import { fastLaneAnswers } from '../support/metrics';
import { created, createStudio, type Studio } from '../support/scheduling';

const NOW_PATH = '/api/v1/channels/lane-tv/schedule/now';
const COMPARED_HEADERS = ['content-type', 'cache-control', 'etag', 'access-control-allow-origin'];

/**
 * The plain now/next read that players poll is answered from memory after the first time
 * (the fast lane), with the same bytes and headers as the controller's answer, and never
 * past a schedule write or the second it holds for.
 */
describe('fast lane of now/next', () => {
  let t: TestApp;
  let clock: ManualClock;
  let admin: string;
  let studio: Studio;
  const http = () => request(t.app.getHttpServer());
  const wallTime = (offsetMinutes: number) =>
    DateTime.fromJSDate(clock.now())
      .setZone('Asia/Jakarta')
      .plus({ minutes: offsetMinutes })
      .startOf('minute')
      .toFormat("yyyy-MM-dd'T'HH:mm:ss");

  beforeAll(async () => {
    clock = new ManualClock(new Date('2026-12-01T03:00:00.250Z'));
    t = await createTestApp({ clock });
    admin = await login(t);
    studio = await createStudio(t, admin, 'lane');
    await created(t, admin, 'schedule-entries', {
      channelId: studio.channelId,
      programmeId: studio.programmeId,
      start: wallTime(-30),
      durationSeconds: 3600,
    });
  });
  afterAll(() => t.close());

  it('answers the second request from memory, byte for byte and header for header', async () => {
    const before = await fastLaneAnswers(t, 'schedule-now');
    const first = await http().get(NOW_PATH).expect(200);
    expect(await fastLaneAnswers(t, 'schedule-now')).toBe(before);
    const again = await http().get(NOW_PATH).expect(200);
    expect(await fastLaneAnswers(t, 'schedule-now')).toBe(before + 1);
    expect(again.text).toBe(first.text);
    for (const header of COMPARED_HEADERS)
      expect([header, again.headers[header]]).toEqual([header, first.headers[header]]);
    expect(again.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(again.body.current.programme.title).toBe('Kabar Pagi');
    const traced = await http().get(NOW_PATH).set('X-Request-Id', 'player-42').expect(200);
    expect(traced.headers['x-request-id']).toBe('player-42');
    expect(await fastLaneAnswers(t, 'schedule-now')).toBe(before + 2);
  });

  it('counts lane answers in the request metrics under the route pattern', async () => {
    const count = async () => {
      const metrics = (await http().get('/metrics').expect(200)).text;
      const line = metrics
        .split('\n')
        .find((l) =>
          l.startsWith(
            'http_requests_total{method="GET",route="/api/v1/channels/:slug/schedule/now",status_code="200"} ',
          ),
        );
      return Number(line?.split(' ').pop() ?? 0);
    };
    await http().get(NOW_PATH).expect(200);
    const before = await count();
    await http().get(NOW_PATH).expect(200);
    await http().get(NOW_PATH).expect(200);
    expect(await count()).toBe(before + 2);
  });

  it('answers If-None-Match with 304 from memory too', async () => {
    const first = await http().get(NOW_PATH).expect(200);
    const before = await fastLaneAnswers(t, 'schedule-now');
    const notModified = await http().get(NOW_PATH).set('If-None-Match', first.headers.etag).expect(304);
    expect(notModified.text).toBe('');
    expect(await fastLaneAnswers(t, 'schedule-now')).toBe(before + 1);
  });

  it('leaves requests with a query, HEAD requests, unknown channels and bad input to the controller', async () => {
    await http().get(NOW_PATH).expect(200);
    const before = await fastLaneAnswers(t, 'schedule-now');
    await http().head(NOW_PATH).expect(200);
    await http().get(NOW_PATH).query({ next: 1 }).expect(200);
    expect((await http().get(NOW_PATH).query({ next: 0 }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await http().get(NOW_PATH).query({ colour: 'red' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await http().get('/api/v1/channels/no-such-channel/schedule/now').expect(404)).body.code).toBe(
      'CHANNEL_NOT_FOUND',
    );
    expect((await http().get('/api/v1/channels/no-such-channel/schedule/now').expect(404)).body.code).toBe(
      'CHANNEL_NOT_FOUND',
    );
    expect(await fastLaneAnswers(t, 'schedule-now')).toBe(before);
  });

  it('answers afresh after a schedule write, and for a new second once it is built', async () => {
    await http().get(NOW_PATH).expect(200);
    const next = await created(t, admin, 'schedule-entries', {
      channelId: studio.channelId,
      programmeId: studio.otherProgrammeId,
      start: wallTime(30),
      durationSeconds: 600,
    });
    const afterWrite = await http().get(NOW_PATH).expect(200);
    expect(afterWrite.body.next.map((o: { entryId: string }) => o.entryId)).toEqual([next.id]);

    // The next second: the answer of the second before while the new one is built, then the new one.
    clock.advance(1000);
    const meanwhile = await http().get(NOW_PATH).expect(200);
    expect(Date.parse(meanwhile.body.at)).toBe(Date.parse(afterWrite.body.at));
    let nextSecond = meanwhile;
    for (let tries = 0; tries < 50 && nextSecond.body.at === meanwhile.body.at; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      nextSecond = await http().get(NOW_PATH).expect(200);
    }
    expect(Date.parse(nextSecond.body.at)).toBe(Date.parse(afterWrite.body.at) + 1000);

    // Older than that, the controller answers.
    const before = await fastLaneAnswers(t, 'schedule-now');
    clock.advance(5000);
    const later = await http().get(NOW_PATH).expect(200);
    expect(await fastLaneAnswers(t, 'schedule-now')).toBe(before);
    expect(Date.parse(later.body.at)).toBe(Date.parse(afterWrite.body.at) + 6000);
    await http().delete(`/api/v1/schedule-entries/${next.id}`).set(bearer(admin)).expect(204);
    expect((await http().get(NOW_PATH).expect(200)).body.next).toEqual([]);
  });
});
