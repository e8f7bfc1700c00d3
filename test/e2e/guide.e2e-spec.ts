import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DemoData } from '@siaran/scheduling';
import { createTestApp, type TestApp } from '../support/app';

/** supertest leaves bodies of unknown types unread; in Node the response handed to a parser is the message stream. */
const asText: Parameters<request.Test['parse']>[0] = (res, done) => {
  const stream = res as unknown as NodeJS.ReadableStream;
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (text += chunk));
  stream.on('end', () => done(null, text));
};

describe('public guide on the demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_BASE_URL: 'https://siaran.pekalongankota.go.id' } });
    await t.app.get(DemoData).load();
  });
  afterAll(() => t.close());
  const http = () => request(t.app.getHttpServer());

  it('lists stations and channels', async () => {
    const stations = await http().get('/api/v1/stations').expect(200);
    expect(
      stations.body.stations.map((s: { name: string; channels: Array<{ slug: string }> }) => [
        s.name,
        s.channels.map((c) => c.slug),
      ]),
    ).toEqual([
      ['LPPL Kabupaten Kudus', ['suara-kudus']],
      ['LPPL Kota Pekalongan', ['batik-tv', 'rkb']],
    ]);
    const channel = await http().get('/api/v1/channels/batik-tv').expect(200);
    expect(channel.body).toMatchObject({
      slug: 'batik-tv',
      name: 'Batik TV',
      kind: 'tv',
      timezone: 'Asia/Jakarta',
      language: 'id',
      ladderPreset: 'tv-default',
      isPublic: true,
      xmltvId: 'batik-tv.siaran',
      streamUrl: 'https://siaran.pekalongankota.go.id/live/batik-tv/master.m3u8',
      station: { name: 'LPPL Kota Pekalongan', slug: 'lppl-kota-pekalongan' },
    });
    expect((await http().get('/api/v1/channels/rkb').expect(200)).body.ladderPreset).toBe('radio-default');
    expect((await http().get('/api/v1/channels').expect(200)).body.channels).toHaveLength(3);
    expect((await http().get('/api/v1/channels/nope').expect(404)).body.code).toBe('CHANNEL_NOT_FOUND');
  });

  it('covers every hour of Friday to Sunday on every channel, without overlaps (Monday to Thursday leave free hours)', async () => {
    for (const slug of ['batik-tv', 'rkb', 'suara-kudus']) {
      const res = await http()
        .get(`/api/v1/channels/${slug}/schedule`)
        .query({ from: '2026-12-11T00:00:00+07:00', to: '2026-12-14T00:00:00+07:00' })
        .expect(200);
      const occurrences = res.body.occurrences as Array<{ start: string; end: string; programme: { title: string } }>;
      let covered = Date.parse('2026-12-11T00:00:00+07:00');
      for (const occurrence of occurrences) {
        const start = Date.parse(occurrence.start);
        expect(start).toBeLessThanOrEqual(covered);
        covered = Math.max(covered, Date.parse(occurrence.end));
      }
      expect(covered).toBeGreaterThanOrEqual(Date.parse('2026-12-14T00:00:00+07:00'));
      for (let i = 1; i < occurrences.length; i += 1)
        expect(Date.parse(occurrences[i].start)).toBeGreaterThanOrEqual(Date.parse(occurrences[i - 1].end));
    }
  });

  it('gives the schedule in the channel offset, with programme details', async () => {
    const res = await http()
      .get('/api/v1/channels/batik-tv/schedule')
      .query({ from: '2026-12-08', to: '2026-12-09' })
      .expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=10');
    expect(res.body.from).toBe('2026-12-08T00:00:00+07:00');
    const dialogue = res.body.occurrences.find(
      (o: { programme: { title: string } }) => o.programme.title === 'Dialog Bersama Wali Kota',
    );
    expect(dialogue).toMatchObject({
      start: '2026-12-08T19:00:00+07:00',
      end: '2026-12-08T20:00:00+07:00',
      durationSeconds: 3600,
      originalStart: '2026-12-08T19:00:00',
      source: { kind: 'none' },
    });
    expect(dialogue.programme).toMatchObject({ category: 'Dialog', host: 'Rizky Pratama', language: 'id' });
    expect(res.body.occurrences[0]).toMatchObject({
      start: '2026-12-07T23:00:00+07:00',
      end: '2026-12-08T05:00:00+07:00',
    });
  });

  it('tells what is on now and next', async () => {
    const res = await http()
      .get('/api/v1/channels/suara-kudus/schedule/now')
      .query({ at: '2026-12-11T11:30:00+07:00', next: 2 })
      .expect(200);
    expect(res.body.at).toBe('2026-12-11T11:30:00+07:00');
    expect(res.body.current).toMatchObject({
      start: '2026-12-11T11:00:00+07:00',
      programme: { title: 'Jumat Berkah' },
    });
    expect(
      res.body.next.map((o: { programme: { title: string }; start: string }) => [o.start, o.programme.title]),
    ).toEqual([
      ['2026-12-11T13:00:00+07:00', 'Kudus Siang'],
      ['2026-12-11T15:00:00+07:00', 'Pojok Anak'],
    ]);
  });

  it('answers If-None-Match with 304 and no body', async () => {
    const first = await http()
      .get('/api/v1/channels/rkb/schedule/now')
      .query({ at: '2026-12-11T11:30:00+07:00' })
      .expect(200);
    expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await http()
      .get('/api/v1/channels/rkb/schedule/now')
      .query({ at: '2026-12-11T11:30:00+07:00' })
      .set('If-None-Match', first.headers.etag)
      .expect(304);
    expect(again.text).toBe('');
    expect(again.headers.etag).toBe(first.headers.etag);
    await http()
      .get('/api/v1/channels/rkb/schedule/now')
      .query({ at: '2026-12-11T12:30:00+07:00' })
      .set('If-None-Match', first.headers.etag)
      .expect(200);
    const stations = await http().get('/api/v1/stations').expect(200);
    await http().get('/api/v1/stations').set('If-None-Match', `W/${stations.headers.etag}, "other"`).expect(304);
  });

  it('refuses bad ranges', async () => {
    const get = (query: object) => http().get('/api/v1/channels/batik-tv/schedule').query(query).expect(400);
    expect((await get({ from: '2026-12-01' })).body.code).toBe('INVALID_RANGE');
    expect((await get({})).body.code).toBe('INVALID_RANGE');
    expect((await get({ from: '2026-12-08', to: '2026-12-01' })).body.code).toBe('INVALID_RANGE');
    expect((await get({ from: '2026-12-01', to: '2027-01-02' })).body.code).toBe('RANGE_TOO_LONG');
    expect((await get({ from: 'yesterday', to: '2026-12-02' })).body).toMatchObject({
      code: 'INVALID_INSTANT',
      details: { field: 'from' },
    });
    expect((await get({ from: '2026-12-01T10:00', to: '2026-12-02' })).body.code).toBe('INVALID_INSTANT');
    expect((await get({ from: '2026-12-01', to: '2026-12-02', page: 2 })).body.code).toBe('VALIDATION_FAILED');
    expect(
      (await http().get('/api/v1/channels/batik-tv/schedule/now').query({ at: 'now' }).expect(400)).body.code,
    ).toBe('INVALID_INSTANT');
    expect((await http().get('/api/v1/channels/batik-tv/schedule/now').query({ next: 0 }).expect(400)).body.code).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      (await http().get('/api/v1/channels/nope/schedule').query({ from: '2026-12-01', to: '2026-12-02' }).expect(404))
        .body.code,
    ).toBe('CHANNEL_NOT_FOUND');
  });

  it('serves XMLTV that tv_validate_file accepts', async () => {
    const res = await http().get('/epg.xml').query({ days: 2 }).expect(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(res.headers.etag).toBeDefined();
    const xml = res.text;
    expect(xml).toContain('<channel id="batik-tv.siaran">\n    <display-name lang="id">Batik TV</display-name>');
    expect(xml).toMatch(
      /<programme start="\d{14} \+0700" stop="\d{14} \+0700" channel="suara-kudus\.siaran">\n {4}<title lang="id">/,
    );
    expect(xml).toContain('<category lang="id">Berita</category>');
    const dir = mkdtempSync(join(tmpdir(), 'siaran-xmltv-'));
    try {
      writeFileSync(join(dir, 'epg.xml'), xml);
      const output = execFileSync('tv_validate_file', [join(dir, 'epg.xml')], {
        env: { ...process.env, XMLTV_SUPPLEMENT: '/usr/share/xmltv' },
        encoding: 'utf8',
      });
      expect(output).toContain('Validated ok.');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect((await http().get('/epg.xml').query({ days: 15 }).expect(400)).body.code).toBe('INVALID_DAYS');
    expect((await http().get('/epg.xml').query({ days: '2x' }).expect(400)).body.code).toBe('INVALID_DAYS');
  });

  it('serves an M3U playlist whose tvg-ids are the XMLTV ids', async () => {
    const res = await http().get('/channels.m3u').buffer(true).parse(asText).expect(200);
    expect(res.headers['content-type']).toBe('audio/x-mpegurl; charset=utf-8');
    expect(res.body).toBe(
      [
        '#EXTM3U x-tvg-url="https://siaran.pekalongankota.go.id/epg.xml"',
        '#EXTINF:-1 tvg-id="suara-kudus.siaran" tvg-name="Radio Suara Kudus" group-title="LPPL Kabupaten Kudus" radio="true",Radio Suara Kudus',
        'https://siaran.pekalongankota.go.id/live/suara-kudus/master.m3u8',
        '#EXTINF:-1 tvg-id="batik-tv.siaran" tvg-name="Batik TV" group-title="LPPL Kota Pekalongan",Batik TV',
        'https://siaran.pekalongankota.go.id/live/batik-tv/master.m3u8',
        '#EXTINF:-1 tvg-id="rkb.siaran" tvg-name="Radio Kota Batik" group-title="LPPL Kota Pekalongan" radio="true",Radio Kota Batik',
        'https://siaran.pekalongankota.go.id/live/rkb/master.m3u8',
        '',
      ].join('\n'),
    );
  });

  it('documents every endpoint in the OpenAPI document', async () => {
    const paths = Object.keys((await http().get('/docs-json').expect(200)).body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/login',
        '/api/v1/auth/logout',
        '/api/v1/auth/me',
        '/api/v1/auth/password',
        '/api/v1/users',
        '/api/v1/users/{id}',
        '/api/v1/stations',
        '/api/v1/stations/{id}',
        '/api/v1/channels',
        '/api/v1/channels/{slug}',
        '/api/v1/channels/{id}',
        '/api/v1/channels/{slug}/schedule',
        '/api/v1/channels/{slug}/schedule/now',
        '/api/v1/programmes',
        '/api/v1/programmes/{id}',
        '/api/v1/schedule-entries',
        '/api/v1/schedule-entries/{id}',
        '/api/v1/schedule-entries/{id}/occurrences/{originalStart}',
        '/api/v1/audit',
        '/epg.xml',
        '/channels.m3u',
      ]),
    );
  });
});
