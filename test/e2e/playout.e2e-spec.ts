import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as HLS from 'hls-parser';
import { type MasterPlaylist } from 'hls-parser/types';
import { Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import request from 'supertest';
import {
  type NowPlaying,
  NowPlayingTracker,
  type PlayoutChannel,
  PlayoutChannels,
  PlayoutEngine,
} from '@siaran/playout';
import { ManualClock } from '@siaran/time';
import { createTestApp, type TestApp } from '../support/app';
import { fastLaneAnswers } from '../support/metrics';
import { Broadcast, openBroadcast } from '../support/broadcast';
import { LivePlaylistWatcher } from '../support/live-invariants';
import { makeTone, makeVideo } from '../support/media';
import { sql } from '../support/sql';

HLS.setOptions({ strictMode: true });

const S = 1000;

/**
 * Playout on a hand-driven clock: minutes of a channel's life in a few seconds, checked from
 * outside through the HTTP API exactly as players and engineers see it.
 */
describe('playout (manual clock)', () => {
  let work: string;
  let clock: ManualClock;
  let t: TestApp;
  let broadcast: Broadcast;
  let base: number;
  let dialogEntry: string;
  let dangdut: string;
  let newsAsset: string;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'siaran-playout-'));
    clock = new ManualClock(new Date());
    t = await createTestApp({ clock, env: Broadcast.env });
    broadcast = await openBroadcast(t);
    await Promise.all([
      makeVideo(join(work, 'news.mp4'), { seconds: 14, width: 640, height: 360 }),
      makeVideo(join(work, 'dialog.mp4'), { seconds: 10, width: 640, height: 360 }),
      makeVideo(join(work, 'ident.mp4'), { seconds: 8, width: 640, height: 360 }),
      makeTone(join(work, 'jingle.m4a'), { seconds: 8, sampleRate: 48000, codecArgs: ['-c:a', 'aac'] }),
      makeTone(join(work, 'dangdut.m4a'), { seconds: 16, sampleRate: 48000, codecArgs: ['-c:a', 'aac'] }),
    ]);
    const [news, dialog, ident, jingle, dangdutAsset] = await broadcast.readyAssets([
      { path: join(work, 'news.mp4'), title: 'Kabar Pekalongan', preset: 'tv-default' },
      { path: join(work, 'dialog.mp4'), title: 'Dialog Wali Kota', preset: 'tv-default' },
      { path: join(work, 'ident.mp4'), title: 'Ident Batik TV', preset: 'tv-default', kind: 'ident' },
      { path: join(work, 'jingle.m4a'), title: 'Jingle RKB', preset: 'radio-default', kind: 'filler' },
      { path: join(work, 'dangdut.m4a'), title: 'Dangdut Pagi', preset: 'radio-default' },
    ]);
    await broadcast.setFiller('batik-tv', ident);
    await broadcast.setFiller('rkb', jingle);

    // Whole minutes from now: the timeline starts at `base`, programmes a minute later.
    base = Math.ceil((clock.now().getTime() + 60 * S) / (60 * S)) * 60 * S;
    await broadcast.scheduleOnce('batik-tv', 'Kabar Pekalongan', news, base + 60 * S, 20);
    dialogEntry = await broadcast.scheduleOnce('batik-tv', 'Dialog Wali Kota', dialog, base + 80 * S, 10);
    await broadcast.scheduleOnce('rkb', 'Dangdut Pagi', dangdutAsset, base + 66 * S, 30);
    dangdut = dangdutAsset;
    newsAsset = news;
    clock.set(new Date(base));
  });

  afterAll(async () => {
    await t?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const tick = () => t.app.get(PlayoutEngine).tick();

  it('serves a TV multivariant playlist of the preset ladder and a radio one of audio only', async () => {
    await tick();
    const tv = await http().get('/live/batik-tv/master.m3u8').expect(200);
    expect(tv.headers['content-type']).toBe('application/vnd.apple.mpegurl');
    const master = HLS.parse(tv.text) as MasterPlaylist;
    expect(master.variants.map((v) => v.uri)).toEqual(['720p.m3u8', '480p.m3u8', '360p.m3u8']);
    for (const variant of master.variants) {
      expect(variant.bandwidth).toBeGreaterThan(variant.averageBandwidth as number);
      expect(variant.codecs).toMatch(/^avc1\.[0-9a-f]{6},mp4a\.40\.2$/);
      expect(variant.resolution).toBeDefined();
      expect(variant.frameRate).toBe(25);
    }
    const radio = HLS.parse((await http().get('/live/rkb/master.m3u8').expect(200)).text) as MasterPlaylist;
    expect(radio.variants.map((v) => [v.uri, v.codecs, v.resolution])).toEqual([
      ['audio-128k.m3u8', 'mp4a.40.2', undefined],
      ['audio-64k.m3u8', 'mp4a.40.2', undefined],
    ]);
  });

  it('keeps every live playlist valid over two minutes across programme changes, and now-playing agrees', async () => {
    const watchers = new Map(['720p', '360p', 'audio-128k'].map((r) => [r, new LivePlaylistWatcher(r, 8)]));
    const titlesAired = new Set<string>();
    for (let step = 0; step < 75; step += 1) {
      clock.advance(2 * S);
      // An edit while players watch: only what has not been listed yet may change.
      if (step === 38)
        await http()
          .patch(`/api/v1/schedule-entries/${dialogEntry}`)
          .set(broadcast.producer)
          .send({ durationSeconds: 6 })
          .expect(200);
      await tick();
      const now = clock.now().getTime();
      const tvTexts: string[] = [];
      for (const [rendition, watcher] of watchers) {
        const slug = rendition.startsWith('audio') ? 'rkb' : 'batik-tv';
        const res = await http().get(`/live/${slug}/${rendition}.m3u8`).set('Accept-Encoding', 'identity').expect(200);
        expect(res.headers['cache-control']).toBe('public, max-age=1');
        watcher.observe(res.text, now);
        if (slug === 'batik-tv') tvTexts.push(res.text);
      }
      // Every rendition lists the same segments at the same times.
      const [hd, sd] = tvTexts.map((text) => text.replace(/\/(720p|360p)\//g, '/R/'));
      expect(hd).toBe(sd);

      const nowPlaying = await http().get('/api/v1/channels/batik-tv/now-playing').expect(200);
      const onAir = [...watchers.get('720p')!.seen.values()]
        .filter((s) => s.pdt <= now && now < s.pdt + s.durationS * 1000)
        .pop();
      if (onAir?.title) expect(nowPlaying.body.now_playing.title).toBe(onAir.title);
      titlesAired.add(nowPlaying.body.now_playing.title);
    }
    for (const watcher of watchers.values()) expect(watcher.problems).toEqual([]);
    expect([...titlesAired]).toEqual(
      expect.arrayContaining(['Ident Batik TV', 'Kabar Pekalongan', 'Dialog Wali Kota']),
    );
  });

  it('marks programme starts with DATERANGE and joins with DISCONTINUITY', async () => {
    const res = await http().get('/live/batik-tv/720p.m3u8').expect(200);
    expect(res.text).toMatch(/#EXT-X-DISCONTINUITY-SEQUENCE:\d+/);
    const history = await http()
      .get('/api/v1/channels/batik-tv/as-run')
      .query({ from: new Date(base).toISOString(), to: clock.now().toISOString() })
      .set(broadcast.engineer)
      .expect(200);
    const kinds = history.body.map((item: { kind: string; title: string }) => `${item.kind}:${item.title}`);
    expect(kinds).toEqual(
      expect.arrayContaining(['filler:Ident Batik TV', 'programme:Kabar Pekalongan', 'programme:Dialog Wali Kota']),
    );
    const news = history.body.find((item: { title: string }) => item.title === 'Kabar Pekalongan');
    // Scheduled at base+60 s: it starts on the segment boundary nearest to that.
    expect(Math.abs(Date.parse(news.startedAt) - (base + 60 * S))).toBeLessThanOrEqual(3 * S);
  });

  it('gzips playlists when asked', async () => {
    const res = await http().get('/live/batik-tv/720p.m3u8').set('Accept-Encoding', 'gzip').expect(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.text).toMatch(/^#EXTM3U/);
  });

  it('answers repeated playlist and now-playing requests from memory, as the controller answered them', async () => {
    // Past the cached window, channel lookup and second: the first request of each goes to the controller.
    clock.advance(6 * S);
    await tick();
    const cases: Array<[string, string, Record<string, string>]> = [
      ['/live/batik-tv/master.m3u8', 'live-master', {}],
      ['/live/batik-tv/720p.m3u8', 'live-media', {}],
      ['/live/rkb/audio-64k.m3u8', 'live-media', { 'Accept-Encoding': 'gzip' }],
      ['/api/v1/channels/rkb/now-playing', 'now-playing', {}],
    ];
    for (const [path, lane, headers] of cases) {
      const before = await fastLaneAnswers(t, lane);
      const first = await http().get(path).set(headers).expect(200);
      expect([path, await fastLaneAnswers(t, lane)]).toEqual([path, before]);
      const again = await http().get(path).set(headers).expect(200);
      expect([path, await fastLaneAnswers(t, lane)]).toEqual([path, before + 1]);
      expect(again.text).toBe(first.text);
      for (const header of [
        'content-type',
        'content-encoding',
        'cache-control',
        'vary',
        'access-control-allow-origin',
      ]) {
        expect([path, header, again.headers[header]]).toEqual([path, header, first.headers[header]]);
      }
    }
    const unknown = await fastLaneAnswers(t, 'live-media');
    await http().get('/live/batik-tv/1080p.m3u8').expect(404);
    await http().get('/live/batik-tv/1080p.m3u8').expect(404);
    expect(await fastLaneAnswers(t, 'live-media')).toBe(unknown);
  });

  it('gives the now-playing answer of the second before while the new one is built, never past the end of the item it names', async () => {
    const path = '/api/v1/channels/rkb/now-playing';
    const at = (offset: number) => new Date(base + offset).toISOString().replace(/\.\d{3}Z$/, '.000Z');
    await broadcast.scheduleOnce('rkb', 'Dangdut Pagi', dangdut, base + 240 * S, 30);
    clock.set(new Date(base + 238_500));
    await tick();
    await http().get(path).expect(200);
    const lane = await fastLaneAnswers(t, 'now-playing');
    const filler = (await http().get(path).expect(200)).body;
    expect(await fastLaneAnswers(t, 'now-playing')).toBe(lane + 1);
    // The filler ends where the programme's first segment starts: the boundary nearest 240 s.
    const [programmeStart] = await sql<{ start_at: Date }>(
      t.database.url,
      'SELECT start_at FROM channel_segments WHERE channel_id = $1 AND start_at > $2 AND item_start ORDER BY start_at LIMIT 1',
      [broadcast.channels.get('rkb')!.id, new Date(base + 238_500)],
    );
    const fillerEnd = programmeStart.start_at.getTime();
    expect(Math.abs(fillerEnd - (base + 240 * S))).toBeLessThan(3 * S);
    expect([filler.updated_at, filler.now_playing.source.kind, filler.now_playing.ends_at]).toEqual([
      at(238 * S),
      'filler',
      new Date(fillerEnd).toISOString(),
    ]);

    // A new second while the filler still airs: the answer of the second before, then the new one.
    clock.set(new Date(base + 239_200));
    const meanwhile = (await http().get(path).expect(200)).body;
    expect(await fastLaneAnswers(t, 'now-playing')).toBe(lane + 2);
    expect(meanwhile.updated_at).toBe(at(238 * S));
    let fresh = meanwhile;
    for (let tries = 0; tries < 50 && fresh.updated_at === meanwhile.updated_at; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      fresh = (await http().get(path).expect(200)).body;
    }
    expect([fresh.updated_at, fresh.now_playing.elapsed]).toEqual([at(239 * S), filler.now_playing.elapsed + 1]);

    // The filler's end has come: the controller answers, with what airs now.
    const beforeEnd = await fastLaneAnswers(t, 'now-playing');
    clock.set(new Date(fillerEnd + 100));
    await tick();
    const after = (await http().get(path).expect(200)).body;
    expect(await fastLaneAnswers(t, 'now-playing')).toBe(beforeEnd);
    expect([after.now_playing.title, after.now_playing.started_at]).toEqual([
      'Dangdut Pagi',
      new Date(fillerEnd).toISOString(),
    ]);
  });

  it('answers identically from a second instance on the same database, and after a restart', async () => {
    const first = (await http().get('/live/batik-tv/720p.m3u8').expect(200)).text;
    const replica = await createTestApp({ clock, env: Broadcast.env, sharing: t });
    try {
      const second = (await request(replica.app.getHttpServer()).get('/live/batik-tv/720p.m3u8').expect(200)).text;
      expect(second).toBe(first);
    } finally {
      await replica.close();
    }
    const restarted = await createTestApp({ clock, env: Broadcast.env, sharing: t });
    try {
      clock.advance(12 * S);
      await restarted.app.get(PlayoutEngine).tick();
      const later = HLS.parse(
        (await request(restarted.app.getHttpServer()).get('/live/batik-tv/720p.m3u8').expect(200)).text,
      );
      const before = HLS.parse(first);
      expect((later as { mediaSequenceBase: number }).mediaSequenceBase).toBeGreaterThan(
        (before as { mediaSequenceBase: number }).mediaSequenceBase,
      );
    } finally {
      await restarted.close();
    }
  });

  it('skips the item on air for engineers, and refuses others', async () => {
    await http().post('/api/v1/channels/rkb/skip').expect(401);
    await http().post('/api/v1/channels/rkb/skip').set(broadcast.producer).expect(403);
    await http().post('/api/v1/channels/no-such-channel/skip').set(broadcast.engineer).expect(404);
    const res = await http().post('/api/v1/channels/rkb/skip').set(broadcast.engineer).expect(200);
    expect(res.body.skipped.skippedAt).toMatch(/\.\d{3}\+07:00$/);
    expect(Date.parse(res.body.skipped.skippedAt)).toBe(clock.now().getTime());
    await tick();
    const asRun = await http()
      .get('/api/v1/channels/rkb/as-run')
      .query({ from: new Date(base).toISOString(), to: clock.now().toISOString() })
      .set(broadcast.engineer)
      .expect(200);
    expect(asRun.body.some((item: { skippedAt: string | null }) => item.skippedAt !== null)).toBe(true);
  });

  it('plans a channel again only when its timeline runs short or what it was planned from changed, here or on another instance', async () => {
    const extend = jest.spyOn(t.app.get(PlayoutEngine), 'extend');
    const planned = async () => {
      extend.mockClear();
      await tick();
      return extend.mock.calls.map(([channel]) => channel.slug).sort();
    };
    try {
      await tick();
      expect(await planned()).toEqual([]);

      // A schedule edit: only the edited channel is looked at.
      await broadcast.scheduleOnce('rkb', 'Dangdut Pagi', dangdut, clock.now().getTime() + 10 * 60 * S, 30);
      expect(await planned()).toEqual(['rkb']);
      expect(await planned()).toEqual([]);

      // A variant becoming ready or going, anywhere: every channel looks once.
      const spare = await broadcast.failedAsset('Cadangan', 'tv-default');
      expect(await planned()).toEqual([]);
      await sql(t.database.url, "UPDATE asset_variants SET status = 'ready' WHERE asset_id = $1", [spare]);
      expect(await planned()).toEqual(['batik-tv', 'rkb']);
      await sql(t.database.url, 'DELETE FROM assets WHERE id = $1', [spare]);
      expect(await planned()).toEqual(['batik-tv', 'rkb']);
      expect(await planned()).toEqual([]);

      // Time: timelines that no longer reach half the lookahead ahead are extended.
      clock.advance(t.config.playout.lookaheadSeconds * S);
      expect(await planned()).toEqual(['batik-tv', 'rkb']);
      expect(await planned()).toEqual([]);

      // What another instance planned is planned: the database says so.
      await broadcast.scheduleOnce('rkb', 'Dangdut Pagi', dangdut, clock.now().getTime() + 20 * 60 * S, 30);
      const replica = await createTestApp({ clock, env: Broadcast.env, sharing: t });
      try {
        await replica.app.get(PlayoutEngine).tick();
      } finally {
        await replica.close();
      }
      expect(await planned()).toEqual([]);
    } finally {
      extend.mockRestore();
    }
  });

  it('gives the as-run log as CSV and refuses bad ranges', async () => {
    const query = { from: new Date(base).toISOString(), to: clock.now().toISOString(), format: 'csv' };
    const csv = await http().get('/api/v1/channels/batik-tv/as-run').query(query).set(broadcast.engineer).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe(
      'startedAt,endedAt,kind,title,entryId,programmeId,assetId,liveInputId,reason,skippedAt,itemId,durationSeconds,artist,songTitle,album,isrc,playlistId',
    );
    expect(csv.text).toContain('"Kabar Pekalongan"');
    await http().get('/api/v1/channels/batik-tv/as-run').query(query).expect(401);
    const reversed = await http()
      .get('/api/v1/channels/batik-tv/as-run')
      .query({ from: query.to, to: query.from })
      .set(broadcast.engineer)
      .expect(400);
    expect(reversed.body.code).toBe('INVALID_RANGE');
    const missing = await http()
      .get('/api/v1/channels/batik-tv/as-run')
      .query({ from: query.from })
      .set(broadcast.engineer)
      .expect(400);
    expect(missing.body.code).toBe('VALIDATION_FAILED');
    await http().get('/api/v1/channels/nope/as-run').query(query).set(broadcast.engineer).expect(404);
  });

  it('keeps serving playlists while object storage is down; segments answer 503 and recover', async () => {
    const playlist = (await http().get('/live/batik-tv/720p.m3u8').expect(200)).text;
    const segmentUri = playlist.trim().split('\n').pop() as string;
    await t.s3.pause();
    try {
      clock.advance(6 * S);
      await tick();
      await http().get('/live/batik-tv/720p.m3u8').expect(200);
      const down = await http().get(segmentUri).expect(503);
      expect(down.body.code).toBe('STORAGE_UNAVAILABLE');
    } finally {
      await t.s3.resume();
    }
    const back = await http().get(segmentUri).expect(200);
    expect(back.headers['content-type']).toBe('video/mp2t');
    expect(back.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('airs filler in place of a programme whose asset failed to transcode, and says so in health', async () => {
    const pending = await broadcast.failedAsset('Rekaman Belum Siap', 'tv-default');
    const start = clock.now().getTime() + 30 * S;
    await broadcast.scheduleOnce('batik-tv', 'Rekaman Belum Siap', pending, start, 20);
    const health = await http().get('/health/streams').expect(200);
    const tv = health.body.channels.find((c: { channel: { slug: string } }) => c.channel.slug === 'batik-tv');
    expect(tv.problems).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'SOURCE_NOT_READY' })]));
    // Into the middle of its 20 s slot.
    for (let i = 0; i < 20; i += 1) {
      clock.advance(2 * S);
      await tick();
    }
    const nowPlaying = await http().get('/api/v1/channels/batik-tv/now-playing').expect(200);
    expect(nowPlaying.body.now_playing).toMatchObject({
      title: 'Ident Batik TV',
      source: { kind: 'filler', reason: 'source-not-ready' },
    });
    expect(tv.state).toMatch(/^(on-air|filler)$/);
    const metrics = await http().get('/metrics').expect(200);
    expect(metrics.text).toMatch(/siaran_channel_state\{channel="batik-tv",state="filler"\} 1/);
  });

  it('logs one line per switch of what a channel airs, not one per tick', async () => {
    const logged = jest.spyOn(Logger.prototype, 'log');
    try {
      const start = clock.now().getTime() + 20 * S;
      await broadcast.scheduleOnce('batik-tv', 'Warta Singkat', newsAsset, start, 10);
      for (let i = 0; i < 30; i += 1) {
        clock.advance(2 * S);
        await tick();
      }
      const switches = logged.mock.calls
        .map(([line]) => line as { channel?: string; event?: string; title?: string; itemId?: string })
        .filter((line) => typeof line === 'object' && line.channel === 'batik-tv');
      const events = switches.map((line) => `${line.event}:${line.title}`);
      expect(events).toContain('switch:Warta Singkat');
      expect(events.slice(events.indexOf('switch:Warta Singkat'), events.indexOf('switch:Warta Singkat') + 2)).toEqual([
        'switch:Warta Singkat',
        'filler:Ident Batik TV',
      ]);
      // Each line names a new item: none is logged twice in a row.
      for (let i = 1; i < switches.length; i += 1) expect(switches[i].itemId).not.toBe(switches[i - 1].itemId);
    } finally {
      logged.mockRestore();
    }
  });

  it('gives every channel metric the README lists a sample for every channel', async () => {
    await tick();
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const listed = [...new Set(readme.match(/siaran_channel_[a-z_]+/g))];
    expect(listed).toEqual(['siaran_channel_state', 'siaran_channel_next_switch_seconds', 'siaran_channel_problems']);
    const metrics = (await http().get('/metrics').expect(200)).text.split('\n');
    const samples = (name: string, slug: string) =>
      metrics
        .filter((line) => line.startsWith(`${name}{channel="${slug}"`))
        .map((line) => Number(line.split(' ').pop()));
    for (const slug of ['batik-tv', 'rkb']) {
      expect(samples('siaran_channel_state', slug)).toHaveLength(3);
      expect(samples('siaran_channel_next_switch_seconds', slug)).toEqual([expect.any(Number)]);
      expect(samples('siaran_channel_problems', slug)).toHaveLength(10);
    }
    expect(metrics).toContain('siaran_channel_problems{channel="batik-tv",code="OFF_AIR"} 0');
    expect(metrics).toContain('siaran_channel_problems{channel="rkb",code="OFF_AIR"} 0');
  });

  it('tells now-playing listeners of a programme that airs from the boundary after its nominal start', async () => {
    const channel = broadcast.channels.get('batik-tv')!;
    await tick();
    // A filler segment of 6 s planned well ahead: a programme due in its last 3 s airs from the boundary after it.
    const [segment] = await sql<{ start_at: Date }>(
      t.database.url,
      `SELECT start_at FROM channel_segments WHERE channel_id = $1 AND start_at >= $2 AND duration_ms = 6000 ORDER BY msn LIMIT 1`,
      [channel.id, new Date(clock.now().getTime() + 8 * S)],
    );
    const boundary = segment.start_at.getTime() + 6 * S;
    const due = boundary - S;
    await broadcast.scheduleOnce('batik-tv', 'Kabar Sore', newsAsset, due, 12);
    const heard: Array<{ at: number; title: string | undefined }> = [];
    const tracker = t.app.get(NowPlayingTracker);
    const unsubscribe = tracker.subscribe(channel.id, (value: NowPlaying) =>
      heard.push({ at: clock.now().getTime(), title: value.now_playing?.title }),
    );
    try {
      await tick();
      await tracker.poll();
      while (clock.now().getTime() < boundary + 3 * S) {
        clock.advance(S);
        await tick();
        await tracker.poll();
      }
    } finally {
      unsubscribe();
    }
    const history = await http()
      .get('/api/v1/channels/batik-tv/as-run')
      .query({ from: new Date(due - 60 * S).toISOString(), to: clock.now().toISOString() })
      .set(broadcast.engineer)
      .expect(200);
    // In the channel's zone (Asia/Jakarta), as the schedule gives times.
    const startedAt = history.body.find((item: { title: string }) => item.title === 'Kabar Sore')?.startedAt;
    expect(startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+07:00$/);
    expect(Date.parse(startedAt)).toBe(boundary);
    // Told once it airs, in the poll of the second it started, though nothing new was planned then.
    const told = heard.find((event) => event.title === 'Kabar Sore')?.at;
    expect(told).toBeGreaterThanOrEqual(boundary);
    expect(told).toBeLessThan(boundary + S);
  });

  it('says what airs to the segment: items start and end at the boundaries the playlist lists, not at scheduled seconds', async () => {
    const channel = broadcast.channels.get('batik-tv')!;
    const iso = (ms: number) => new Date(ms).toISOString();
    const nowPlaying = async () => (await http().get('/api/v1/channels/batik-tv/now-playing').expect(200)).body;
    await tick();
    const [segment] = await sql<{ start_at: Date }>(
      t.database.url,
      `SELECT start_at FROM channel_segments WHERE channel_id = $1 AND start_at >= $2 AND duration_ms = 6000 ORDER BY msn LIMIT 1`,
      [channel.id, new Date(clock.now().getTime() + 8 * S)],
    );
    // Due 2 s before a boundary: it airs from that boundary, 2 s after its scheduled second.
    const boundary = segment.start_at.getTime() + 6 * S;
    const due = boundary - 2 * S;
    await broadcast.scheduleOnce('batik-tv', 'Kabar Tepat', newsAsset, due, 12);
    await tick();

    clock.set(new Date(due + 500));
    await tick();
    const waiting = await nowPlaying();
    expect(waiting.now_playing.source.kind).toBe('filler');
    expect(waiting.now_playing.ends_at).toBe(iso(boundary));
    expect(waiting.now_playing.remaining).toBe(2);
    expect([waiting.playing_next[0].title, waiting.playing_next[0].starts_at]).toEqual(['Kabar Tepat', iso(boundary)]);

    clock.set(new Date(boundary + 500));
    await tick();
    const playlist = (await http().get('/live/batik-tv/720p.m3u8').set('Accept-Encoding', 'identity').expect(200)).text;
    const lines = playlist.split('\n');
    const dateRange = lines.findIndex((line) => line.includes('X-SIARAN-TITLE="Kabar Tepat"'));
    expect(lines[dateRange]).toContain(`START-DATE="${iso(boundary)}"`);
    expect(lines[dateRange + 1]).toBe(`#EXT-X-PROGRAM-DATE-TIME:${iso(boundary)}`);
    const airing = await nowPlaying();
    expect([airing.now_playing.title, airing.now_playing.started_at]).toEqual(['Kabar Tepat', iso(boundary)]);
    // Its slot ends 10 s after the boundary; it is cut at the boundary nearest that, where the next item starts.
    const [next] = await sql<{ start_at: Date }>(
      t.database.url,
      `SELECT start_at FROM channel_segments WHERE channel_id = $1 AND start_at > $2 AND item_start ORDER BY start_at LIMIT 1`,
      [channel.id, new Date(boundary)],
    );
    expect(airing.now_playing.ends_at).toBe(iso(next.start_at.getTime()));
    expect(next.start_at.getTime()).not.toBe(due + 12 * S);
  });

  it('switches the now-playing answer of a second at the boundary inside it, not at the next whole second', async () => {
    const channel = broadcast.channels.get('rkb')!;
    const path = '/api/v1/channels/rkb/now-playing';
    await tick();
    // Audio segments are not whole seconds long: find a boundary that falls inside a second.
    const [segment] = await sql<{ start_at: Date; duration_ms: number }>(
      t.database.url,
      `SELECT start_at, duration_ms FROM channel_segments
        WHERE channel_id = $1 AND start_at >= $2 AND (extract(milliseconds FROM start_at + duration_ms * interval '1 millisecond')::int % 1000) BETWEEN 100 AND 900
        ORDER BY msn LIMIT 1`,
      [channel.id, new Date(clock.now().getTime() + 8 * S)],
    );
    const boundary = segment.start_at.getTime() + segment.duration_ms;
    await broadcast.scheduleOnce('rkb', 'Dangdut Sela', dangdut, Math.floor(boundary / S) * S, 20);
    await tick();
    clock.set(new Date(Math.floor(boundary / S) * S));
    await tick();
    const before = (await http().get(path).expect(200)).body;
    expect(before.now_playing.source.kind).toBe('filler');
    expect(before.now_playing.ends_at).toBe(new Date(boundary).toISOString());
    clock.set(new Date(boundary + 1));
    const after = (await http().get(path).expect(200)).body;
    expect([after.now_playing.title, after.now_playing.started_at]).toEqual([
      'Dangdut Sela',
      new Date(boundary).toISOString(),
    ]);
  });

  it('airs an occurrence again when it is moved after it aired, and never says an item is on past its end', async () => {
    const wall = (ms: number) => DateTime.fromMillis(ms, { zone: 'Asia/Jakarta' }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
    const first = Math.ceil((clock.now().getTime() + 20 * S) / S) * S;
    const created = await http()
      .post('/api/v1/schedule-entries')
      .set(broadcast.producer)
      .send({
        channelId: broadcast.channels.get('batik-tv')!.id,
        programmeId: await broadcast.programme('Berita Pindah'),
        start: wall(first),
        durationSeconds: 12,
        recurrence: 'FREQ=DAILY;COUNT=3',
        source: { kind: 'asset', assetId: newsAsset },
      })
      .expect(201);
    const entry = created.body.id as string;
    const aired = async () =>
      (
        await http()
          .get('/api/v1/channels/batik-tv/as-run')
          .query({ from: new Date(first - 60 * S).toISOString(), to: clock.now().toISOString() })
          .set(broadcast.engineer)
          .expect(200)
      ).body.filter((item: { title: string }) => item.title === 'Berita Pindah') as Array<{ startedAt: string }>;
    const playUntil = async (until: number) => {
      while (clock.now().getTime() < until) {
        clock.advance(2 * S);
        await tick();
        const now = (await http().get('/api/v1/channels/batik-tv/now-playing').expect(200)).body.now_playing;
        if (now?.ends_at) expect(Date.parse(now.ends_at)).toBeGreaterThan(clock.now().getTime() - 3 * S);
      }
    };
    await playUntil(first + 30 * S);
    expect(await aired()).toHaveLength(1);

    const moved = Math.ceil((clock.now().getTime() + 150 * S) / S) * S;
    const moveAnswer = await http()
      .put(`/api/v1/schedule-entries/${entry}/occurrences/${wall(first)}`)
      .set(broadcast.producer)
      .send({ start: wall(moved) });
    expect([moveAnswer.status, moveAnswer.body.code]).toEqual([200, undefined]);
    await playUntil(moved + 6 * S);
    const now = (await http().get('/api/v1/channels/batik-tv/now-playing').expect(200)).body.now_playing;
    expect(now).toMatchObject({ title: 'Berita Pindah', source: { kind: 'asset' } });
    await playUntil(moved + 30 * S);
    const airings = await aired();
    expect(airings).toHaveLength(2);
    expect(Math.abs(Date.parse(airings[1].startedAt) - moved)).toBeLessThanOrEqual(3 * S);
  });

  it('keeps every segment players were given when a plan read before them lands late', async () => {
    await tick();
    const readAt = clock.now().getTime();
    const channel = (await t.app.get(PlayoutChannels).bySlug('batik-tv')) as PlayoutChannel;
    // Twenty seconds pass before the plan lands (a busy machine); players meanwhile were given what aired.
    clock.advance(20 * S);
    const watcher = new LivePlaylistWatcher('batik-tv/720p', 6);
    watcher.observe((await http().get('/live/batik-tv/720p.m3u8').expect(200)).text, clock.now().getTime());
    // A news flash from a few seconds after the plan was read: by now it would replace what players have.
    await broadcast.scheduleOnce('batik-tv', 'Berita Sela', newsAsset, Math.ceil(readAt / S) * S + 6 * S, 12);
    await t.app.get(PlayoutEngine).extend(channel, readAt);
    clock.advance(6 * S);
    watcher.observe((await http().get('/live/batik-tv/720p.m3u8').expect(200)).text, clock.now().getTime());
    expect(watcher.seen.size).toBeGreaterThan(6);
    expect(watcher.problems).toEqual([]);
  });

  it('answers unknown channels and playlists with 404 and strange paths with 400 or 404', async () => {
    expect((await http().get('/live/nope/master.m3u8').expect(404)).body.code).toBe('CHANNEL_NOT_FOUND');
    expect((await http().get('/live/batik-tv/1080p.m3u8').expect(404)).body.code).toBe('PLAYLIST_NOT_FOUND');
    expect((await http().get('/api/v1/channels/nope/now-playing').expect(404)).body.code).toBe('CHANNEL_NOT_FOUND');
    for (const path of [
      '/live/..%2f..%2fetc/passwd',
      '/live/batik-tv/..%2f720p.m3u8',
      '/live/batik-tv/%2e%2e/master.m3u8',
    ]) {
      const res = await http().get(path);
      expect([400, 404]).toContain(res.status);
    }
  });
});
