import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import request from 'supertest';
import { createTestApp, type TestApp } from '../../support/app';
import { bearer, login } from '../../support/auth';
import { sendMultipart } from '../../support/multipart';
import { created, createStudio, type Studio } from '../../support/scheduling';
import { sql } from '../../support/sql';

/** Characters no text field takes, by the name the failures report. */
const FORBIDDEN_TEXT: Record<string, string> = {
  nul: 'a\u0000b',
  'vertical tab': 'a\u000Bb',
  'U+0085': 'a\u0085b',
  'U+2028': 'a\u2028b',
  'U+2029': 'a\u2029b',
  'U+FFFE': 'a\uFFFEb',
  'U+FFFF': 'a\uFFFFb',
  'lone surrogate': 'a\uD800b',
};
const HUGE_STRING = 'x'.repeat(100_000);

/** Values of another type than the field's, and numbers no field takes. */
function wrongValues(valid: unknown): unknown[] {
  const shapes = [{}, [], ['x'], { nested: { deeper: 1 } }];
  if (typeof valid === 'string') return [123, 1e20, -1, true, ...shapes];
  if (typeof valid === 'number') return ['12', 1e20, -1e20, -1, 1.5, Number.MAX_VALUE, true, ...shapes];
  if (typeof valid === 'boolean') return ['true', 1, ...shapes];
  return ['x', 1e20, true, [1], [{}], Array.from({ length: 200 }, () => 'x')];
}

interface Write {
  method: 'post' | 'patch' | 'put';
  path: string;
  body: Record<string, unknown>;
  token: 'admin' | 'none';
}

interface Answer {
  status: number;
  code?: unknown;
}

/**
 * Every text field of every write endpoint, given characters no text takes, huge strings
 * and numbers and values of the wrong type, is answered with a 4xx and a code, never a 5xx;
 * the public guide (XMLTV) and playlist (M3U) stay valid throughout.
 */
describe('hostile input', () => {
  let t: TestApp;
  let admin: string;
  let studio: Studio;
  let entryId: string;
  let inputId: string;
  let userId: string;
  let work: string;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'siaran-hostile-'));
    t = await createTestApp({ listen: true });
    admin = await login(t);
    studio = await createStudio(t, admin, 'aman');
    const today = new Date().toISOString().slice(0, 10);
    entryId = (
      await created(t, admin, 'schedule-entries', {
        channelId: studio.channelId,
        programmeId: studio.programmeId,
        start: `${today}T06:00:00`,
        durationSeconds: 3600,
        recurrence: 'FREQ=DAILY',
      })
    ).id;
    inputId = (await created(t, admin, 'channels/aman-tv/inputs', { name: 'Studio', kind: 'rtmp' })).id;
    userId = (await created(t, admin, 'users', { email: 'p@aman.id', password: 'password-aman', role: 'producer' })).id;
    // Rows written before input was checked: the guide drops or replaces what its formats cannot hold.
    await sql(t.database.url, 'UPDATE programmes SET title = $1 WHERE id = $2', [
      'Kabar\uFFFE Pagi\uFFFF\u000B\u0085\u2028',
      studio.programmeId,
    ]);
    await sql(t.database.url, 'UPDATE channels SET name = $1 WHERE id = $2', [
      'Aman\u2028TV\u0085\u000B\u000C\r\nbaris',
      studio.channelId,
    ]);
  });

  afterAll(async () => {
    await t?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const writes = (): Write[] => {
    const today = new Date().toISOString().slice(0, 10);
    return [
      { method: 'post', path: 'auth/login', body: { email: 'a@b.id', password: 'secret-password' }, token: 'none' },
      {
        method: 'post',
        path: 'auth/password',
        body: { currentPassword: 'not-the-password', newPassword: 'another-password' },
        token: 'admin',
      },
      { method: 'post', path: 'stations', body: { slug: 'baru', name: 'Baru', description: 'd' }, token: 'admin' },
      { method: 'patch', path: `stations/${studio.stationId}`, body: { name: 'N', description: 'd' }, token: 'admin' },
      {
        method: 'post',
        path: 'channels',
        body: {
          stationId: studio.stationId,
          kind: 'tv',
          slug: 'baru-tv',
          name: 'Baru TV',
          description: 'd',
          timezone: 'Asia/Jakarta',
          language: 'id',
          ladderPreset: 'tv-default',
          logoUrl: 'https://tv.example/logo.png',
          isPublic: true,
        },
        token: 'admin',
      },
      {
        method: 'patch',
        path: `channels/${studio.channelId}`,
        body: { name: 'N', description: 'd', timezone: 'Asia/Jakarta', language: 'id', logoUrl: 'https://a.id/l.png' },
        token: 'admin',
      },
      {
        method: 'post',
        path: 'programmes',
        body: {
          stationId: studio.stationId,
          title: 'T',
          description: 'd',
          host: 'h',
          category: 'c',
          artworkUrl: 'https://a.id/a.png',
          language: 'id',
        },
        token: 'admin',
      },
      {
        method: 'patch',
        path: `programmes/${studio.programmeId}`,
        body: { title: 'T', description: 'd', host: 'h', category: 'c', language: 'id' },
        token: 'admin',
      },
      {
        method: 'post',
        path: 'schedule-entries',
        body: {
          channelId: studio.channelId,
          programmeId: studio.otherProgrammeId,
          start: `${today}T20:00:00`,
          durationSeconds: 1800,
          recurrence: 'FREQ=WEEKLY',
        },
        token: 'admin',
      },
      {
        method: 'patch',
        path: `schedule-entries/${entryId}`,
        body: { start: `${today}T06:00:00`, durationSeconds: 3600, recurrence: 'FREQ=DAILY' },
        token: 'admin',
      },
      {
        method: 'put',
        path: `schedule-entries/${entryId}/occurrences/${today}T06:00:00`,
        body: { start: `${today}T07:00:00`, cancelled: false },
        token: 'admin',
      },
      {
        method: 'post',
        path: 'users',
        body: { email: 'x@aman.id', password: 'password-x', role: 'producer', displayName: 'X', stationIds: [] },
        token: 'admin',
      },
      {
        method: 'patch',
        path: `users/${userId}`,
        body: { displayName: 'X', role: 'producer', stationIds: [studio.stationId] },
        token: 'admin',
      },
      {
        method: 'post',
        path: 'channels/aman-tv/inputs',
        body: { name: 'Luar', kind: 'icecast', mount: '/luar', enabled: true },
        token: 'admin',
      },
      { method: 'patch', path: `inputs/${inputId}`, body: { name: 'Studio', url: 'rtmp://a.id/x' }, token: 'admin' },
      {
        method: 'post',
        path: `stations/${studio.stationId}/assets/import`,
        body: {
          url: 'https://a.invalid/a.mp4',
          title: 'T',
          kind: 'programme',
          presets: ['tv-default'],
          tags: ['berita'],
          audioTrack: 1,
        },
        token: 'admin',
      },
      {
        method: 'put',
        path: 'channels/aman-tv/filler',
        body: { assetId: studio.programmeId, playlistId: studio.programmeId },
        token: 'admin',
      },
      { method: 'put', path: `assets/${studio.programmeId}/tags`, body: { tags: ['dangdut'] }, token: 'admin' },
      {
        method: 'post',
        path: 'channels/aman-tv/live',
        body: { inputId, until: '2026-12-05T14:00:00+07:00' },
        token: 'admin',
      },
    ];
  };

  const send = async (write: Write, body: Record<string, unknown>): Promise<Answer> => {
    let call = http()[write.method](`/api/v1/${write.path}`).set('Content-Type', 'application/json');
    if (write.token === 'admin') call = call.set(bearer(admin));
    const res = await call.send(JSON.stringify(body));
    return { status: res.status, code: (res.body as { code?: unknown }).code };
  };
  const refused = (answer: Answer) => answer.status >= 400 && answer.status < 500 && typeof answer.code === 'string';

  it('refuses characters no text takes in every field of every write, naming the field: 400 VALIDATION_FAILED', async () => {
    const failures: string[] = [];
    for (const write of writes())
      for (const field of Object.keys(write.body))
        for (const [name, text] of Object.entries(FORBIDDEN_TEXT)) {
          const value = Array.isArray(write.body[field]) ? [text] : text;
          let call = http()[write.method](`/api/v1/${write.path}`).set('Content-Type', 'application/json');
          if (write.token === 'admin') call = call.set(bearer(admin));
          const res = await call.send(JSON.stringify({ ...write.body, [field]: value }));
          const fields = ((res.body.details ?? []) as Array<{ field: string }>).map((d) => d.field);
          if (res.status !== 400 || res.body.code !== 'VALIDATION_FAILED' || !fields.some((f) => f.startsWith(field)))
            failures.push(`${write.method} ${write.path} ${field} ${name}: ${res.status} ${JSON.stringify(res.body)}`);
        }
    expect(failures).toEqual([]);
  });

  it('answers huge strings, huge numbers and values of the wrong type with a 4xx and a code, never a 5xx', async () => {
    const failures: string[] = [];
    for (const write of writes())
      for (const [field, valid] of Object.entries(write.body))
        for (const value of [HUGE_STRING, ...wrongValues(valid)]) {
          const answer = await send(write, { ...write.body, [field]: value });
          if (!refused(answer))
            failures.push(
              `${write.method} ${write.path} ${field}=${JSON.stringify(value).slice(0, 40)}: ${answer.status}`,
            );
        }
    for (const write of writes()) {
      const answer = await send(write, { ...write.body, unexpected: 'x' });
      if (!refused(answer)) failures.push(`${write.method} ${write.path} with an unknown field: ${answer.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers hostile query strings and path parameters with a 4xx and a code', async () => {
    const reads = [
      '/api/v1/assets?offset=1e20',
      '/api/v1/assets?offset=-1',
      '/api/v1/assets?limit=1e20',
      '/api/v1/assets?q=a%00b',
      '/api/v1/assets?q=a%EF%BF%BEb',
      '/api/v1/audit?limit=1e20',
      '/api/v1/audit?before=99999999999999999999',
      '/api/v1/channels/aman-tv/schedule?from=9999-12-01&to=9999-12-08',
      '/api/v1/channels/aman-tv/schedule?from=0001-01-01T00:00:00Z&to=0001-01-08T00:00:00Z',
      '/api/v1/channels/aman-tv/schedule?from=2026-12-01&to=%00',
      '/api/v1/channels/aman-tv/schedule/now?at=9999-12-31T00:00:00Z',
      '/api/v1/channels/aman-tv/schedule/now?next=1e20',
      '/api/v1/channels/aman-tv/as-run?from=0001-01-01T00:00:00Z&to=0001-01-02T00:00:00Z',
      '/api/v1/channels/aman-tv/as-run?from=9999-01-01T00:00:00Z&to=9999-01-02T00:00:00Z',
      '/epg.xml?days=1e20',
      '/api/v1/channels/a%00b',
      '/api/v1/channels/a%EF%BF%BFb',
      '/api/v1/channels/a%ED%A0%80b',
      `/api/v1/schedule-entries?channelId=${studio.channelId}%00`,
      '/live/a%00b/master.m3u8',
    ];
    const failures: string[] = [];
    for (const path of reads) {
      const res = await http().get(path).set(bearer(admin));
      if (!refused({ status: res.status, code: (res.body as { code?: unknown }).code }))
        failures.push(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    expect(failures).toEqual([]);
  });

  it('refuses a recurrence ending past 2199 (UNTIL=99991231, or by COUNT), and the channel takes writes after; a takeover until 9999 too', async () => {
    const today = new Date().toISOString().slice(0, 10);
    for (const recurrence of ['FREQ=DAILY;UNTIL=99991231', 'FREQ=MONTHLY;INTERVAL=12;COUNT=1000']) {
      const res = await http()
        .post('/api/v1/schedule-entries')
        .set(bearer(admin))
        .send({
          channelId: studio.channelId,
          programmeId: studio.otherProgrammeId,
          start: `${today}T22:00:00`,
          durationSeconds: 600,
          recurrence,
        })
        .expect(400);
      expect(res.body.code).toBe('DATE_OUT_OF_RANGE');
    }
    await created(t, admin, 'schedule-entries', {
      channelId: studio.channelId,
      programmeId: studio.otherProgrammeId,
      start: `${today}T22:00:00`,
      durationSeconds: 600,
      recurrence: 'FREQ=DAILY;UNTIL=21991231',
    });
    await http().get(`/api/v1/schedule-entries?channelId=${studio.channelId}`).set(bearer(admin)).expect(200);
    const takeover = await http()
      .post('/api/v1/channels/aman-tv/live')
      .set(bearer(admin))
      .send({ inputId, until: '9999-12-31T00:00:00+07:00' })
      .expect(400);
    expect(takeover.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'until' }] });
  });

  it('refuses characters no text takes in the fields of an upload', async () => {
    const res = await sendMultipart(
      `${t.url}/api/v1/stations/${studio.stationId}/assets`,
      bearer(admin),
      { title: 'Kabar\uFFFF', kind: 'programme', presets: 'tv-default' },
      { name: 'a.mp4', body: Readable.from([Buffer.from('not media')]), size: 9 },
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'title' }] });
  });

  it('keeps /epg.xml valid XMLTV and /channels.m3u two lines a channel, through all of the above', async () => {
    const xml = (await http().get('/epg.xml').expect(200)).text;
    expect(xml).toContain('<title lang="id">Kabar Pagi');
    const path = join(work, 'epg.xml');
    writeFileSync(path, xml);
    const output = execFileSync('tv_validate_file', [path], {
      env: { ...process.env, XMLTV_SUPPLEMENT: '/usr/share/xmltv' },
      encoding: 'utf8',
    });
    expect(output).toContain('Validated ok.');

    const m3u = (await http().get('/channels.m3u').buffer(true).expect(200)).body.toString('utf8') as string;
    const lines = m3u.split(/\r\n|[\n\r\v\f\u0085\u2028\u2029]/u);
    expect(lines[0]).toMatch(/^#EXTM3U /);
    const channels = lines.slice(1, -1);
    expect(lines[lines.length - 1]).toBe('');
    channels.forEach((line, i) => expect(line).toMatch(i % 2 === 0 ? /^#EXTINF:-1 / : /^https?:\/\/\S+$/));
    expect(m3u).toContain(',Aman TV baris\n');
  });
});
