import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import request from 'supertest';
import { type AiredItem, PlayoutEngine, PlayoutStore } from '@siaran/playout';
import { ManualClock } from '@siaran/time';
import { createTestApp, type TestApp } from '../support/app';
import { Broadcast, openBroadcast } from '../support/broadcast';
import { makeTone } from '../support/media';

const S = 1000;
const MINUTE = 60 * S;
const ARTISTS = [
  'Rhoma Irama',
  'Elvy Sukaesih',
  'Iwan Fals',
  'Nella Kharisma',
  'Didi Kempot',
  'Via Vallen',
  'Evie Tamala',
];
/** Song lengths in seconds, the longest one the tolerance of an insert's time. */
const LENGTHS = [24, 30, 36, 42, 48, 54, 60];

/**
 * The acceptance of playlists on a hand-driven clock: a two-hour music block on rkb from a
 * shuffled playlist of 20 short tagged songs, with a station ID every 15 minutes.
 */
describe('a music block from a playlist (manual clock)', () => {
  let work: string;
  let clock: ManualClock;
  let t: TestApp;
  let broadcast: Broadcast;
  let blockStart: number;
  let blockEnd: number;
  let stationId: string;
  const songs = new Map<string, { artist: string; title: string; isrc: string }>();
  const items: AiredItem[] = [];
  const nowPlayingAtStart = new Map<
    string,
    {
      item_id: string;
      started_at: string;
      song: { artist: string; title: string } | null;
      block: { started_at: string; ends_at: string | null } | null;
    }
  >();
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'siaran-playlist-block-'));
    clock = new ManualClock(new Date());
    t = await createTestApp({ clock, env: { ...Broadcast.env, PLAYOUT_LOOKAHEAD_SECONDS: '600' } });
    broadcast = await openBroadcast(t);
    const specs = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const tags = {
          artist: ARTISTS[i % ARTISTS.length],
          title: `Lagu ${i + 1}`,
          isrc: `IDA0124${String(i).padStart(5, '0')}`,
        };
        const path = join(work, `song${i}.mp3`);
        await makeTone(path, {
          seconds: LENGTHS[i % LENGTHS.length],
          codecArgs: ['-c:a', 'libmp3lame'],
          extraArgs: [
            '-metadata',
            `artist=${tags.artist}`,
            '-metadata',
            `title=${tags.title}`,
            '-metadata',
            `ISRC=${tags.isrc}`,
          ],
        });
        return { path, tags };
      }),
    );
    await makeTone(join(work, 'id.m4a'), { seconds: 6, codecArgs: ['-c:a', 'aac'] });
    const ids = await broadcast.readyAssets([
      ...specs.map(({ path, tags }) => ({ path, title: tags.title, preset: 'radio-default', kind: 'music' as const })),
      { path: join(work, 'id.m4a'), title: 'Station ID RKB', preset: 'radio-default', kind: 'ident' },
    ]);
    const stationIdAsset = ids.pop() as string;
    ids.forEach((id, i) => songs.set(id, specs[i].tags));
    stationId = stationIdAsset;
    await broadcast.setFiller('rkb', stationIdAsset);
    const playlist = async (body: object) =>
      (
        await http()
          .post(`/api/v1/stations/${broadcast.stationId}/playlists`)
          .set(broadcast.producer)
          .send(body)
          .expect(201)
      ).body.id as string;
    const music = await playlist({
      name: 'Dangdut siang',
      order: 'shuffled',
      rules: { itemSeparationMinutes: 10 },
      items: ids.map((assetId) => ({ assetId })),
    });
    const stationIds = await playlist({ name: 'Station ID', order: 'in-order', items: [{ assetId: stationIdAsset }] });

    const base = Math.ceil((clock.now().getTime() + MINUTE) / MINUTE) * MINUTE;
    blockStart = base + MINUTE;
    blockEnd = blockStart + 120 * MINUTE;
    const rkb = broadcast.channels.get('rkb') as { id: string; timezone: string };
    await http()
      .post('/api/v1/schedule-entries')
      .set(broadcast.producer)
      .send({
        channelId: rkb.id,
        programmeId: await broadcast.programme('Dangdut Siang'),
        start: DateTime.fromMillis(blockStart, { zone: rkb.timezone }).toFormat("yyyy-MM-dd'T'HH:mm:ss"),
        durationSeconds: 7200,
        source: {
          kind: 'playlist',
          playlistId: music,
          inserts: { playlistId: stationIds, rule: { every: 'minutes', minutes: 15 } },
        },
      })
      .expect(201);

    // Through the block, item by item: the clock stops at each item's first segment and asks now-playing.
    clock.set(new Date(base));
    const store = t.app.get(PlayoutStore);
    const engine = t.app.get(PlayoutEngine);
    while (clock.now().getTime() < blockEnd + MINUTE) {
      await engine.tick();
      const now = clock.now().getTime();
      const planned = await store.itemsBetween(rkb.id, new Date(now + 1), new Date(now + 10 * MINUTE));
      const next = planned.find((item) => item.startedAt.getTime() > now);
      if (!next) {
        clock.advance(5 * MINUTE);
        continue;
      }
      clock.set(next.startedAt);
      await engine.tick();
      const res = await http().get('/api/v1/channels/rkb/now-playing').expect(200);
      nowPlayingAtStart.set(next.id, res.body.now_playing);
    }
    items.push(
      ...(await store.itemsBetween(rkb.id, new Date(blockStart), new Date(blockEnd))).filter(
        (item) => item.kind === 'programme',
      ),
    );
  }, 1_200_000);

  afterAll(async () => {
    await t?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const music = () => items.filter((item) => item.assetId !== stationId);
  const inserts = () => items.filter((item) => item.assetId === stationId);

  it('fills the two hours back to back from the playlist, the last song cut at the end', () => {
    expect(items.length).toBeGreaterThan(150);
    items.slice(1).forEach((item, i) => expect(item.startedAt.getTime()).toBe(items[i].endedAt.getTime()));
    expect(Math.abs(items[0].startedAt.getTime() - blockStart)).toBeLessThanOrEqual(3 * S);
    expect(Math.abs((items.at(-1) as AiredItem).endedAt.getTime() - blockEnd)).toBeLessThanOrEqual(3 * S);
    expect(new Set(music().map((item) => item.assetId)).size).toBe(20);
  });

  it('repeats no song within the ten minutes of its rule', () => {
    const last = new Map<string, number>();
    for (const item of music()) {
      const before = last.get(item.assetId);
      if (before !== undefined) expect(item.startedAt.getTime() - before).toBeGreaterThanOrEqual(10 * MINUTE);
      last.set(item.assetId, item.startedAt.getTime());
    }
  });

  it('airs a station ID every 15 minutes, within one song of its time', () => {
    const starts = inserts().map((item) => item.startedAt.getTime());
    expect(starts).toHaveLength(7);
    starts.forEach((start, k) =>
      expect(Math.abs(start - (blockStart + (k + 1) * 15 * MINUTE))).toBeLessThanOrEqual(Math.max(...LENGTHS) * S),
    );
  });

  it("shows each song's artist and title in now-playing at the instant its first segment airs", () => {
    for (const item of music()) {
      const tags = songs.get(item.assetId) as { artist: string; title: string };
      expect(nowPlayingAtStart.get(item.id)).toMatchObject({
        item_id: item.id,
        title: 'Dangdut Siang',
        song: { artist: tags.artist, title: tags.title, text: `${tags.artist} - ${tags.title}` },
      });
    }
  });

  it("gives every item of the block the block's span beside its own, as the card shows it", () => {
    // The block ends with its slot until the timeline is planned past it, then where the next item airs.
    const ends = [new Date(blockEnd).toISOString(), (items.at(-1) as AiredItem).endedAt.toISOString()];
    for (const item of items.slice(1)) {
      const answer = nowPlayingAtStart.get(item.id);
      expect(answer?.started_at).toBe(item.startedAt.toISOString());
      expect(answer?.block?.started_at).toBe(items[0].startedAt.toISOString());
      expect(ends).toContain(answer?.block?.ends_at);
    }
  });

  it('lists every song in the as-run CSV and in the monthly song report', async () => {
    const csv = await http()
      .get('/api/v1/channels/rkb/as-run')
      .query({ from: new Date(blockStart - MINUTE).toISOString(), to: new Date(blockEnd).toISOString(), format: 'csv' })
      .set(broadcast.engineer)
      .expect(200);
    const lines = csv.text.trim().split('\r\n');
    const header = lines[0].split(',');
    const rows = lines.slice(1).map((line) => JSON.parse(`[${line}]`) as string[]);
    const column = (row: string[], name: string) => row[header.indexOf(name)];
    for (const item of music()) {
      const row = rows.find((r) => column(r, 'itemId') === item.id) as string[];
      const tags = songs.get(item.assetId) as { artist: string; title: string; isrc: string };
      expect([column(row, 'artist'), column(row, 'songTitle'), column(row, 'isrc')]).toEqual([
        tags.artist,
        tags.title,
        tags.isrc,
      ]);
      expect(Number(column(row, 'durationSeconds'))).toBeGreaterThan(0);
    }
    const zone = broadcast.channels.get('rkb')?.timezone as string;
    const months = [
      ...new Set([blockStart, blockEnd - 1].map((at) => DateTime.fromMillis(at, { zone }).toFormat('yyyy-MM'))),
    ];
    let plays = 0;
    for (const month of months) {
      const report = await http()
        .get('/api/v1/channels/rkb/song-report')
        .query({ month })
        .set(broadcast.engineer)
        .expect(200);
      plays += report.body.reduce((sum: number, row: { plays: number }) => sum + row.plays, 0);
      for (const row of report.body)
        expect(row).toMatchObject({ artist: songs.get(row.assetId)?.artist, isrc: songs.get(row.assetId)?.isrc });
    }
    expect(plays).toBe(music().length);
    const report = await http()
      .get('/api/v1/channels/rkb/song-report')
      .query({ month: months[0], format: 'csv' })
      .set(broadcast.engineer)
      .expect(200);
    expect(report.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(report.text.split('\r\n')[0]).toBe(
      'artist,title,album,isrc,plays,seconds,firstPlayedAt,lastPlayedAt,assetId',
    );
  });

  it('answers 400 for a malformed month, 401 without a login and 404 for an unknown channel', async () => {
    expect(
      (
        await http()
          .get('/api/v1/channels/rkb/song-report')
          .query({ month: '2026-13' })
          .set(broadcast.engineer)
          .expect(400)
      ).body.code,
    ).toBe('VALIDATION_FAILED');
    await http().get('/api/v1/channels/rkb/song-report').query({ month: '2026-12' }).expect(401);
    expect(
      (
        await http()
          .get('/api/v1/channels/nope/song-report')
          .query({ month: '2026-12' })
          .set(broadcast.engineer)
          .expect(404)
      ).body.code,
    ).toBe('CHANNEL_NOT_FOUND');
  });
});
