import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as HLS from 'hls-parser';
import request from 'supertest';
import { BulletinMaker } from '@siaran/emergency';
import { PlayoutEngine } from '@siaran/playout';
import { ManualClock } from '@siaran/time';
import { createTestApp, type TestApp } from '../support/app';
import { bearer, createUser, login } from '../support/auth';
import { Broadcast, openBroadcast } from '../support/broadcast';
import { LivePlaylistWatcher } from '../support/live-invariants';
import { makeTone, makeVideo } from '../support/media';
import { ingestFile, waitForVariant } from '../support/media-assets';
import { created } from '../support/scheduling';
import { sql } from '../support/sql';

HLS.setOptions({ strictMode: true });

const S = 1000;
const SEGMENT = 6 * S;

interface AsRunItem {
  kind: string;
  title: string;
  reason: string;
  startedAt: string;
  endedAt: string;
}

/**
 * The acceptance of an emergency takeover: scope "every channel" on three channels of two
 * stations (Batik TV and Radio Kota Batik of Pekalongan, Radio Suara Kudus of Kudus), a
 * generated bulletin, on a hand-driven clock.
 */
describe('emergency takeover on the air (manual clock)', () => {
  let work: string;
  let clock: ManualClock;
  let t: TestApp;
  let broadcast: Broadcast;
  let base: number;
  let operatorToken: string;
  const slugs = ['batik-tv', 'rkb', 'suara-kudus'];
  const renditions: Record<string, string> = { 'batik-tv': '360p', rkb: 'audio-128k', 'suara-kudus': 'audio-64k' };
  const http = () => request(t.app.getHttpServer());
  const tick = () => t.app.get(PlayoutEngine).tick();

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'siaran-emergency-'));
    clock = new ManualClock(new Date());
    t = await createTestApp({ clock, env: Broadcast.env });
    broadcast = await openBroadcast(t);
    const admin = await login(t);
    const kudus = await created(t, admin, 'stations', { slug: 'lppl-kabupaten-kudus', name: 'LPPL Kabupaten Kudus' });
    await created(t, admin, 'channels', {
      stationId: kudus.id,
      slug: 'suara-kudus',
      name: 'Radio Suara Kudus',
      kind: 'radio',
    });
    operatorToken = (await createUser(t, admin, 'emergency-operator')).token;
    await Promise.all([
      makeVideo(join(work, 'news.mp4'), { seconds: 60, width: 640, height: 360 }),
      makeVideo(join(work, 'ident.mp4'), { seconds: 12, width: 640, height: 360 }),
      makeTone(join(work, 'dangdut.m4a'), { seconds: 60, sampleRate: 48000, codecArgs: ['-c:a', 'aac'] }),
      makeTone(join(work, 'jingle.m4a'), { seconds: 12, sampleRate: 48000, codecArgs: ['-c:a', 'aac'] }),
    ]);
    const [news, ident, dangdut, jingle] = await broadcast.readyAssets([
      { path: join(work, 'news.mp4'), title: 'Kabar Pekalongan', preset: 'tv-default' },
      { path: join(work, 'ident.mp4'), title: 'Ident Batik TV', preset: 'tv-default', kind: 'filler' },
      { path: join(work, 'dangdut.m4a'), title: 'Dangdut Pagi', preset: 'radio-default' },
      { path: join(work, 'jingle.m4a'), title: 'Jingle RKB', preset: 'radio-default', kind: 'filler' },
    ]);
    const kudusJingle = await ingestFile(t.app, join(work, 'jingle.m4a'), {
      presets: ['radio-default'],
      stationId: kudus.id,
      kind: 'filler',
      title: 'Jingle Suara Kudus',
    });
    await waitForVariant(t.app, kudusJingle.id, 'radio-default', (v) => v.status === 'ready', 120_000);
    await broadcast.setFiller('batik-tv', ident);
    await broadcast.setFiller('rkb', jingle);
    await http()
      .put('/api/v1/channels/suara-kudus/filler')
      .set(bearer(admin))
      .send({ assetId: kudusJingle.id })
      .expect(200);
    base = Math.ceil((clock.now().getTime() + 60 * S) / (60 * S)) * 60 * S;
    await broadcast.scheduleOnce('batik-tv', 'Kabar Pekalongan', news, base, 60);
    await broadcast.scheduleOnce('rkb', 'Dangdut Pagi', dangdut, base, 60);
    clock.set(new Date(base));
    await tick();
  }, 600_000);

  afterAll(async () => {
    await t?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('airs on every channel within one segment of its start, returns to the schedule at expiry, and the as-run logs say so', async () => {
    const watchers = new Map(slugs.map((slug) => [slug, new LivePlaylistWatcher(slug, 6)]));
    const observe = async () => {
      for (const slug of slugs) {
        const res = await http().get(`/live/${slug}/${renditions[slug]}.m3u8`).expect(200);
        watchers.get(slug)?.observe(res.text, clock.now().getTime());
      }
    };
    const advanceTo = async (at: number) => {
      while (clock.now().getTime() < at) {
        clock.advance(2 * S);
        await tick();
        await observe();
      }
    };
    await advanceTo(base + 12 * S);
    const start = clock.now().getTime();
    const expiry = base + 36 * S;
    const issued = await http()
      .post('/api/v1/emergency-overrides')
      .set(bearer(operatorToken))
      .send({
        scope: { kind: 'all' },
        mode: 'takeover',
        source: { kind: 'generated' },
        messageId: 'Gempa bumi magnitudo 6,2. Segera keluar dari bangunan dan menjauhi pantai.',
        messageEn: 'Magnitude 6.2 earthquake. Leave buildings and keep away from the coast.',
        severity: 'extreme',
        expiresAt: new Date(expiry).toISOString(),
        reason: 'Latihan gempa',
      })
      .expect(201);
    expect(issued.body.channels).toEqual(['batik-tv', 'rkb', 'suara-kudus']);

    // The bulletins, one per ladder preset, made and transcoded as the worker does.
    const makingStarted = Date.now();
    await t.app.get(BulletinMaker).makeMissing();
    const bulletins = await sql<{ preset: string; asset_id: string }>(
      t.database.url,
      'SELECT preset, asset_id FROM emergency_bulletins WHERE override_id = $1 ORDER BY preset',
      [issued.body.id],
    );
    expect(bulletins.map((b) => b.preset)).toEqual(['radio-default', 'tv-default']);
    for (const bulletin of bulletins)
      await waitForVariant(t.app, bulletin.asset_id, bulletin.preset, (v) => v.status === 'ready', 60_000);
    process.stdout.write(`bulletins ready ${((Date.now() - makingStarted) / 1000).toFixed(1)} s after issuing\n`);

    await tick();
    await advanceTo(start + 2 * SEGMENT);
    const during = await http().get('/api/v1/channels/suara-kudus/now-playing').expect(200);
    await advanceTo(expiry + 24 * S);

    const cards = new Set(bulletins.map((b) => b.asset_id));
    for (const slug of slugs) {
      expect(watchers.get(slug)?.problems).toEqual([]);
      const segments = [...(watchers.get(slug)?.seen.values() ?? [])];
      const first = segments.findIndex((s) => [...cards].some((id) => s.uri.includes(id)));
      const aired = segments.filter((s) => [...cards].some((id) => s.uri.includes(id)));
      // It airs from the first boundary after the segment players may already hold (one that starts within a third of a segment).
      const before = segments[first - 1];
      expect(before.pdt).toBeLessThan(start + SEGMENT / 3);
      expect(aired[0].pdt).toBe(before.pdt + Math.round(before.durationS * S));
      expect(aired[0].pdt - start).toBeLessThanOrEqual(before.durationS * S + SEGMENT / 3);
      const end = aired.at(-1)!.pdt + Math.round(aired.at(-1)!.durationS * S);
      // It ends on the boundary nearest its expiry.
      expect(Math.abs(end - expiry)).toBeLessThanOrEqual(SEGMENT / 2);
      const asRun = await http()
        .get(`/api/v1/channels/${slug}/as-run`)
        .query({ from: new Date(base).toISOString(), to: clock.now().toISOString() })
        .set(broadcast.engineer)
        .expect(200);
      const items = asRun.body as AsRunItem[];
      const index = items.findIndex((item) => item.kind === 'emergency');
      expect(items[index]).toMatchObject({
        reason: 'emergency-fallback',
        title: 'Peringatan darurat: Gempa bumi magnitudo 6,2. Segera keluar dari bangunan dan menjauhi pantai.',
      });
      expect([Date.parse(items[index].startedAt), Date.parse(items[index].endedAt)]).toEqual([aired[0].pdt, end]);
      const after = items[index + 1];
      expect(Date.parse(after.startedAt)).toBe(end);
      expect(`${after.kind}:${after.title}`).toBe(
        {
          'batik-tv': 'programme:Kabar Pekalongan',
          rkb: 'programme:Dangdut Pagi',
          'suara-kudus': 'filler:Jingle Suara Kudus',
        }[slug],
      );
    }
    expect(during.body.now_playing.source).toEqual({ kind: 'emergency', reason: 'emergency-fallback' });
    expect(during.body.alert).toMatchObject({ id: issued.body.id, mode: 'takeover', severity: 'extreme' });
    const now = await http().get('/api/v1/channels/batik-tv/now-playing').expect(200);
    expect(now.body.alert).toBeNull();
  });
});
