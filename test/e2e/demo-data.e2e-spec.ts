import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import request from 'supertest';
import { AssetStore } from '@siaran/media';
import { DEMO_FREE_HOURS, DemoData } from '@siaran/scheduling';
import { StorageKeys } from '@siaran/storage';
import { createTestApp, type TestApp } from '../support/app';
import { bearer, login } from '../support/auth';
import { ROOT, startProcess } from '../support/processes';

const DEMO_ENTRY = join(ROOT, 'dist/apps/all-in-one/src/demo.js');

/**
 * The demo data as a newcomer meets it: free hours for a first real show, and `npm run demo --
 * remove` taking away what the demo made while keeping what the newcomer added.
 */
describe('demo data: free hours and removal', () => {
  let t: TestApp;
  let admin: string;
  let work: string;
  const http = () => request(t.app.getHttpServer());
  /** Next Monday, in the demo's zone: the free hours are Monday to Thursday. */
  const monday = DateTime.now().setZone('Asia/Jakarta').startOf('week').plus({ weeks: 1 });
  const channel = async (slug: string) => (await http().get(`/api/v1/channels/${slug}`).expect(200)).body;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'siaran-demo-'));
    t = await createTestApp();
    admin = await login(t);
    await t.app.get(DemoData).load();
  });

  afterAll(async () => {
    await t?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const schedule = (channelId: string, programmeId: string, start: DateTime) =>
    http()
      .post('/api/v1/schedule-entries')
      .set(bearer(admin))
      .send({ channelId, programmeId, start: start.toFormat("yyyy-MM-dd'T'HH:mm:ss"), durationSeconds: 3600 });

  it('leaves Monday to Thursday 15:00 and an evening hour free on every channel, and only those', async () => {
    for (const [slug, hours] of Object.entries(DEMO_FREE_HOURS)) {
      const res = await http()
        .get(`/api/v1/channels/${slug}/schedule`)
        .query({ from: monday.toISO(), to: monday.plus({ days: 7 }).toISO() })
        .expect(200);
      const occurrences = res.body.occurrences as Array<{ start: string; end: string }>;
      const gaps: string[] = [];
      let covered = monday.toMillis();
      for (const occurrence of occurrences) {
        const start = Date.parse(occurrence.start);
        if (start > covered) gaps.push(DateTime.fromMillis(covered, { zone: 'Asia/Jakarta' }).toFormat('ccc HH:mm'));
        covered = Math.max(covered, Date.parse(occurrence.end));
      }
      expect(covered).toBeGreaterThanOrEqual(monday.plus({ days: 7 }).toMillis());
      expect(gaps).toEqual(['Mon', 'Tue', 'Wed', 'Thu'].flatMap((day) => hours.map((hour) => `${day} ${hour}`)));
    }
  });

  it('takes a first real show in a free hour, and refuses one over the demo grid with 409', async () => {
    const rkb = await channel('rkb');
    const programme = (
      await http()
        .post('/api/v1/programmes')
        .set(bearer(admin))
        .send({ stationId: rkb.station.id, title: 'Acara Pertama Saya', category: 'Musik' })
        .expect(201)
    ).body;
    await schedule(rkb.id, programme.id, monday.set({ hour: 19 })).expect(201);
    expect((await schedule(rkb.id, programme.id, monday.set({ hour: 20 })).expect(409)).body.code).toBe(
      'SCHEDULE_CONFLICT',
    );
  });

  it('removes with `npm run demo -- remove` what the demo made, keeping what a user added and what it needs', async () => {
    const kudus = await channel('suara-kudus');
    // Generated media on a demo station (a slate made for its channel) goes with it.
    const slateId = randomUUID();
    await t.app.get(AssetStore).insertAsset(
      {
        id: slateId,
        stationId: kudus.station.id,
        title: 'Jeda siaran',
        kind: 'filler',
        sourceKey: StorageKeys.assetSource(slateId, 'slate.m4a'),
        sourceName: 'slate.m4a',
        sourceSize: 1,
        createdBy: null,
        now: new Date(),
      },
      'failed',
    );
    const env = {
      DATA_DIR: join(work, 'var'),
      DATABASE_URL: t.database.url,
      S3_ENDPOINT: `http://127.0.0.1:${t.s3.connection.port}`,
      S3_ACCESS_KEY: t.s3.connection.accessKey,
      S3_SECRET_KEY: t.s3.connection.secretKey,
      S3_BUCKET: t.s3.connection.bucket,
      LOG_LEVEL: 'warn',
    };
    const first = startProcess(DEMO_ENTRY, env, ['remove']);
    expect((await first.exited(120000)).code).toBe(0);
    const output = first.output();
    expect(output).toMatch(
      /Removed the demo data: 1 stations, 2 channels, \d+ programmes, \d+ schedule entries, 1 generated media/,
    );
    expect(output).toContain('Kept, because something added since needs it:');

    const stations = (await http().get('/api/v1/stations').expect(200)).body.stations as Array<{
      slug: string;
      channels: Array<{ slug: string }>;
    }>;
    expect(stations.map((s) => [s.slug, s.channels.map((c) => c.slug)])).toEqual([['lppl-kota-pekalongan', ['rkb']]]);
    const rkb = await channel('rkb');
    const left = await http()
      .get(`/api/v1/channels/rkb/schedule`)
      .query({ from: monday.toISO(), to: monday.plus({ days: 7 }).toISO() })
      .expect(200);
    expect(left.body.occurrences.map((o: { programme: { title: string } }) => o.programme.title)).toEqual([
      'Acara Pertama Saya',
    ]);
    const programmes = await http().get('/api/v1/programmes').query({ stationId: rkb.station.id }).expect(200);
    expect(JSON.stringify(programmes.body)).not.toContain('Kabar Kota Batik');

    // Again: nothing more goes, and what stays is said again.
    const again = startProcess(DEMO_ENTRY, env, ['remove']);
    expect((await again.exited(120000)).code).toBe(0);
    expect(again.output()).toContain(
      'Removed the demo data: 0 stations, 0 channels, 0 programmes, 0 schedule entries, 0 generated media',
    );
    const usage = startProcess(DEMO_ENTRY, env, ['delete']);
    expect((await usage.exited(30000)).code).toBe(2);
    expect(usage.output()).toContain('usage: npm run demo -- remove');
  }, 300000);
});
