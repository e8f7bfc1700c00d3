import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import request from 'supertest';
import { PlaylistsForAir } from '@siaran/playlists';
import { createTestApp, type TestApp } from '../support/app';
import { bearer, createUser, login, type TestUser } from '../support/auth';
import { ffmpeg } from '../support/media';
import { created, createStudio, type Studio } from '../support/scheduling';

/** Playlists over HTTP: CRUD, their refusals, songs read from tags, and playlists as schedule sources. */
describe('playlists', () => {
  let t: TestApp;
  let dir: string;
  let admin: string;
  let batik: Studio;
  let kudus: Studio;
  let kudusProducer: TestUser;
  let engineer: TestUser;
  const songs: string[] = [];
  let kudusSong: string;
  const http = () => request(t.app.getHttpServer());

  /** A short tone with the given tags (raw bytes allowed), as an MP3. */
  async function tone(name: string, metadata: Record<string, string>, extra: string[] = []): Promise<string> {
    const path = join(dir, name);
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'sine=f=440:d=1',
      ...extra,
      ...Object.entries(metadata).flatMap(([key, value]) => ['-metadata', `${key}=${value}`]),
      path,
    ]);
    return path;
  }

  async function upload(stationId: string, path: string, title = 'Lagu'): Promise<request.Response> {
    return http()
      .post(`/api/v1/stations/${stationId}/assets`)
      .set(bearer(admin))
      .field('title', title)
      .field('kind', 'music')
      .field('presets', 'radio-default')
      .attach('file', path);
  }

  const playlist = (stationId: string, body: object, token = admin) =>
    http().post(`/api/v1/stations/${stationId}/playlists`).set(bearer(token)).send(body);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'siaran-playlists-'));
    t = await createTestApp();
    admin = await login(t);
    [batik, kudus] = await Promise.all([createStudio(t, admin, 'batik'), createStudio(t, admin, 'kudus')]);
    [kudusProducer, engineer] = await Promise.all([
      createUser(t, admin, 'producer', [kudus.stationId]),
      createUser(t, admin, 'engineer'),
    ]);
    for (const [i, artist] of ['Rhoma Irama', 'Elvy Sukaesih', 'Iwan Fals'].entries()) {
      const path = await tone(`song${i}.mp3`, {
        artist,
        title: `Lagu ${i}`,
        album: 'Dangdut Klasik',
        ISRC: `IDA01240000${i}`,
      });
      songs.push((await upload(batik.stationId, path)).body.id);
    }
    kudusSong = (await upload(kudus.stationId, await tone('kudus.mp3', { title: 'Kudus' }))).body.id;
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('songs from tags', () => {
    it('reads artist, title, album and ISRC at upload', async () => {
      const res = await http().get(`/api/v1/assets/${songs[0]}`).set(bearer(admin)).expect(200);
      expect(res.body.song).toEqual({
        artist: 'Rhoma Irama',
        title: 'Lagu 0',
        album: 'Dangdut Klasik',
        isrc: 'IDA012400000',
      });
    });

    it('leaves the fields empty for broken, absent or oversized tags, and the upload succeeds', async () => {
      // The artist's UTF-8 text frame gets bytes that are not UTF-8.
      const brokenPath = await tone('broken.mp3', { artist: 'QQQQ', title: 'x'.repeat(5000) });
      const bytes = readFileSync(brokenPath);
      bytes.set([0xff, 0xfe, 0xc3, 0x28], bytes.indexOf('QQQQ'));
      writeFileSync(brokenPath, bytes);
      const broken = await upload(batik.stationId, brokenPath);
      expect(broken.status).toBe(201);
      expect(broken.body.song).toEqual({ artist: null, title: null, album: null, isrc: null });
      const untagged = await upload(batik.stationId, await tone('untagged.wav', {}));
      expect(untagged.status).toBe(201);
      expect(untagged.body.song).toEqual({ artist: null, title: null, album: null, isrc: null });
      const cover = join(dir, 'cover.png');
      await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=3000x3000:d=1', '-frames:v', '1', cover]);
      const withArt = await upload(
        batik.stationId,
        await tone('art.mp3', { artist: 'Nella Kharisma', title: 'Jaran Goyang' }, [
          '-i',
          cover,
          '-map',
          '0:a',
          '-map',
          '1:v',
          '-c:v',
          'png',
          '-disposition:v',
          'attached_pic',
        ]),
      );
      expect(withArt.status).toBe(201);
      expect(withArt.body.song).toMatchObject({ artist: 'Nella Kharisma', title: 'Jaran Goyang' });
    });

    it('lets a producer correct the fields, and refuses a malformed ISRC', async () => {
      const res = await http()
        .put(`/api/v1/assets/${songs[2]}/song`)
        .set(bearer(admin))
        .send({ artist: 'Iwan Fals', title: 'Bento', album: null, isrc: 'IDA019900001' })
        .expect(200);
      expect(res.body.song).toEqual({ artist: 'Iwan Fals', title: 'Bento', album: null, isrc: 'IDA019900001' });
      const bad = await http()
        .put(`/api/v1/assets/${songs[2]}/song`)
        .set(bearer(admin))
        .send({ isrc: 'nope' })
        .expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      await http().put(`/api/v1/assets/${songs[2]}/song`).send({ title: 'x' }).expect(401);
      await http()
        .put(`/api/v1/assets/${songs[2]}/song`)
        .set(bearer(kudusProducer.token))
        .send({ title: 'x' })
        .expect(403);
    });
  });

  describe('CRUD', () => {
    it('creates, reads, lists, updates and deletes a playlist', async () => {
      const res = await playlist(batik.stationId, {
        name: 'Dangdut pagi',
        order: 'shuffled',
        rules: { itemSeparationMinutes: 60, artistSeparationMinutes: 15, kindLimitsPerHour: { ident: 4 } },
        items: [{ assetId: songs[0] }, { assetId: songs[1], weight: 3 }],
      }).expect(201);
      expect(res.body).toMatchObject({
        stationId: batik.stationId,
        name: 'Dangdut pagi',
        order: 'shuffled',
        rules: { itemSeparationMinutes: 60, artistSeparationMinutes: 15, kindLimitsPerHour: { ident: 4 } },
        items: [
          { position: 0, assetId: songs[0], playlistId: null, weight: 1 },
          { position: 1, assetId: songs[1], playlistId: null, weight: 3 },
        ],
        smart: null,
      });
      const id = res.body.id;
      expect((await http().get(`/api/v1/playlists/${id}`).set(bearer(engineer.token)).expect(200)).body.name).toBe(
        'Dangdut pagi',
      );
      const listed = await http().get(`/api/v1/playlists?stationId=${batik.stationId}`).set(bearer(admin)).expect(200);
      expect(listed.body.playlists.map((p: { id: string }) => p.id)).toContain(id);
      const updated = await http()
        .patch(`/api/v1/playlists/${id}`)
        .set(bearer(admin))
        .send({ order: 'in-order', items: [{ assetId: songs[2] }] })
        .expect(200);
      expect(updated.body).toMatchObject({
        order: 'in-order',
        items: [{ assetId: songs[2] }],
        rules: { itemSeparationMinutes: 60 },
      });
      await http().delete(`/api/v1/playlists/${id}`).set(bearer(admin)).expect(204);
      const gone = await http().get(`/api/v1/playlists/${id}`).set(bearer(admin)).expect(404);
      expect(gone.body.code).toBe('PLAYLIST_NOT_FOUND');
    });

    it('keeps a smart query instead of items, and refuses both at once', async () => {
      const smart = await playlist(batik.stationId, {
        name: 'Lagu baru',
        order: 'shuffled',
        smart: { kinds: ['music'], maxDurationSeconds: 600, uploadedWithinDays: 30 },
      }).expect(201);
      expect(smart.body.smart).toEqual({
        kinds: ['music'],
        tags: [],
        anyTags: [],
        minDurationSeconds: null,
        maxDurationSeconds: 600,
        uploadedWithinDays: 30,
      });
      const both = await playlist(batik.stationId, {
        name: 'Campur',
        order: 'shuffled',
        smart: { kinds: ['music'] },
        items: [{ assetId: songs[0] }],
      }).expect(400);
      expect(both.body.code).toBe('PLAYLIST_SMART_WITH_ITEMS');
    });

    it('answers 400 for bad fields, 401 without a login, 403 to other roles and stations, 404 and 409', async () => {
      const bad = await playlist(batik.stationId, {
        name: '',
        order: 'sideways',
        rules: { kindLimitsPerHour: { jingle: -1 } },
      }).expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      const noItem = await playlist(batik.stationId, { name: 'x', order: 'in-order', items: [{ weight: 2 }] }).expect(
        400,
      );
      expect(noItem.body.code).toBe('VALIDATION_FAILED');
      const unknown = await playlist(batik.stationId, {
        name: 'Hantu',
        order: 'in-order',
        items: [{ assetId: '00000000-0000-4000-8000-000000000000' }],
      }).expect(400);
      expect(unknown.body.code).toBe('PLAYLIST_ITEM_NOT_FOUND');
      const foreign = await playlist(batik.stationId, {
        name: 'Asing',
        order: 'in-order',
        items: [{ assetId: kudusSong }],
      }).expect(400);
      expect(foreign.body.code).toBe('PLAYLIST_ITEM_OF_ANOTHER_STATION');
      await http()
        .post(`/api/v1/stations/${batik.stationId}/playlists`)
        .send({ name: 'x', order: 'in-order' })
        .expect(401);
      await http().get('/api/v1/playlists').expect(401);
      expect(
        (await playlist(batik.stationId, { name: 'x', order: 'in-order' }, kudusProducer.token).expect(403)).body.code,
      ).toBe('FORBIDDEN');
      await playlist(batik.stationId, { name: 'x', order: 'in-order' }, engineer.token).expect(403);
      const station404 = await playlist('00000000-0000-4000-8000-000000000000', {
        name: 'x',
        order: 'in-order',
      }).expect(404);
      expect(station404.body.code).toBe('STATION_NOT_FOUND');
      await playlist(batik.stationId, { name: 'Sama', order: 'in-order' }).expect(201);
      expect((await playlist(batik.stationId, { name: 'Sama', order: 'shuffled' }).expect(409)).body.code).toBe(
        'PLAYLIST_NAME_TAKEN',
      );
      const own = await playlist(kudus.stationId, { name: 'Kudus', order: 'in-order' }, kudusProducer.token).expect(
        201,
      );
      const listed = await http().get('/api/v1/playlists').set(bearer(kudusProducer.token)).expect(200);
      expect(listed.body.playlists.map((p: { stationId: string }) => p.stationId)).toEqual([kudus.stationId]);
      await http()
        .patch(`/api/v1/playlists/${own.body.id}`)
        .set(bearer(engineer.token))
        .send({ name: 'y' })
        .expect(403);
      await http().delete('/api/v1/playlists/00000000-0000-4000-8000-000000000000').set(bearer(admin)).expect(404);
      await http().get('/api/v1/playlists/not-a-uuid').set(bearer(admin)).expect(400);
      expect((await http().get('/api/v1/playlists?stationId=kudus').set(bearer(admin)).expect(400)).body.code).toBe(
        'VALIDATION_FAILED',
      );
    });

    it('refuses a playlist that would contain itself, directly or through others (400 PLAYLIST_CYCLE)', async () => {
      const a = (
        await playlist(batik.stationId, { name: 'A', order: 'in-order', items: [{ assetId: songs[0] }] }).expect(201)
      ).body;
      const b = (
        await playlist(batik.stationId, { name: 'B', order: 'in-order', items: [{ playlistId: a.id }] }).expect(201)
      ).body;
      const c = (
        await playlist(batik.stationId, { name: 'C', order: 'in-order', items: [{ playlistId: b.id }] }).expect(201)
      ).body;
      const self = await http()
        .patch(`/api/v1/playlists/${a.id}`)
        .set(bearer(admin))
        .send({ items: [{ playlistId: a.id }] })
        .expect(400);
      expect(self.body.code).toBe('PLAYLIST_CYCLE');
      const through = await http()
        .patch(`/api/v1/playlists/${a.id}`)
        .set(bearer(admin))
        .send({ items: [{ assetId: songs[1] }, { playlistId: c.id }] })
        .expect(400);
      expect(through.body).toMatchObject({ code: 'PLAYLIST_CYCLE', details: { path: [a.id, c.id, b.id, a.id] } });
      expect((await http().get(`/api/v1/playlists/${a.id}`).set(bearer(admin)).expect(200)).body.items).toEqual([
        { position: 0, assetId: songs[0], playlistId: null, weight: 1 },
      ]);
      const contained = await http().delete(`/api/v1/playlists/${a.id}`).set(bearer(admin)).expect(409);
      expect(contained.body).toMatchObject({ code: 'PLAYLIST_IN_PLAYLIST', details: { playlistIds: [b.id] } });
    });
  });

  describe('as schedule sources', () => {
    it('airs a playlist of the station with inserts, refuses others, and keeps a scheduled playlist (409 with the entries)', async () => {
      const music = (
        await playlist(batik.stationId, {
          name: 'Blok musik',
          order: 'shuffled',
          items: songs.map((assetId) => ({ assetId })),
        }).expect(201)
      ).body;
      const ids = (
        await playlist(batik.stationId, {
          name: 'Station ID',
          order: 'in-order',
          items: [{ assetId: songs[0] }],
        }).expect(201)
      ).body;
      const kudusList = (await playlist(kudus.stationId, { name: 'Lain', order: 'in-order' }).expect(201)).body;
      const entry = await created(t, admin, 'schedule-entries', {
        channelId: batik.channelId,
        programmeId: batik.programmeId,
        start: '2026-12-07T10:00:00',
        durationSeconds: 7200,
        source: {
          kind: 'playlist',
          playlistId: music.id,
          inserts: { playlistId: ids.id, rule: { every: 'minutes', minutes: 15 } },
        },
      });
      expect(entry).toMatchObject({
        source: {
          kind: 'playlist',
          playlistId: music.id,
          inserts: { playlistId: ids.id, rule: { every: 'minutes', minutes: 15 } },
        },
      });
      const entryBody = (start: string, source: object) => ({
        channelId: batik.channelId,
        programmeId: batik.programmeId,
        start,
        durationSeconds: 600,
        source,
      });
      const other = await http()
        .post('/api/v1/schedule-entries')
        .set(bearer(admin))
        .send(entryBody('2026-12-08T10:00:00', { kind: 'playlist', playlistId: kudusList.id }))
        .expect(400);
      expect(other.body.code).toBe('PLAYLIST_OF_ANOTHER_STATION');
      const missing = await http()
        .post('/api/v1/schedule-entries')
        .set(bearer(admin))
        .send(
          entryBody('2026-12-08T10:00:00', { kind: 'playlist', playlistId: '00000000-0000-4000-8000-000000000000' }),
        )
        .expect(404);
      expect(missing.body.code).toBe('PLAYLIST_NOT_FOUND');
      const badRule = await http()
        .post('/api/v1/schedule-entries')
        .set(bearer(admin))
        .send(
          entryBody('2026-12-08T10:00:00', {
            kind: 'playlist',
            playlistId: music.id,
            inserts: { playlistId: ids.id, rule: { every: 'minutes' } },
          }),
        )
        .expect(400);
      expect(badRule.body.code).toBe('VALIDATION_FAILED');
      for (const id of [music.id, ids.id]) {
        const refused = await http().delete(`/api/v1/playlists/${id}`).set(bearer(admin)).expect(409);
        expect(refused.body).toMatchObject({
          code: 'PLAYLIST_SCHEDULED',
          details: { entries: [{ entryId: entry.id, channelId: batik.channelId, start: '2026-12-07T10:00:00' }] },
        });
      }
    });

    it('tells in /health/streams that a block from an empty playlist will air filler', async () => {
      const empty = (await playlist(batik.stationId, { name: 'Kosong', order: 'shuffled' }).expect(201)).body;
      const inAnHour = DateTime.now().setZone('Asia/Jakarta').plus({ hours: 1 }).startOf('minute');
      const entry = await created(t, admin, 'schedule-entries', {
        channelId: batik.channelId,
        programmeId: batik.otherProgrammeId,
        start: inAnHour.toFormat("yyyy-MM-dd'T'HH:mm:ss"),
        durationSeconds: 600,
        source: { kind: 'playlist', playlistId: empty.id },
      });
      const health = await http().get('/health/streams').expect(200);
      const channel = health.body.channels.find((c: { channel: { slug: string } }) => c.channel.slug === 'batik-tv');
      expect(channel.problems).toContainEqual(
        expect.objectContaining({
          code: 'SOURCE_NOT_READY',
          entryId: entry.id,
          message: expect.stringContaining('playlist'),
        }),
      );
    });

    it('gives the playout nested playlists expanded in place and smart ones by their query', async () => {
      const inner = (
        await playlist(batik.stationId, {
          name: 'Dalam',
          order: 'in-order',
          items: [{ assetId: songs[1] }, { assetId: songs[2], weight: 2 }],
        }).expect(201)
      ).body;
      const outer = (
        await playlist(batik.stationId, {
          name: 'Luar',
          order: 'weighted',
          items: [{ assetId: songs[0] }, { playlistId: inner.id, weight: 3 }],
        }).expect(201)
      ).body;
      const smart = (
        await playlist(batik.stationId, {
          name: 'Semua musik pendek',
          order: 'shuffled',
          smart: { kinds: ['music'], maxDurationSeconds: 2, uploadedWithinDays: 1 },
        }).expect(201)
      ).body;
      const airable = await t.app.get(PlaylistsForAir).playlistsForAir([outer.id, smart.id]);
      expect(airable.get(outer.id)?.items).toEqual([
        { assetId: songs[0], weight: 1 },
        { assetId: songs[1], weight: 3 },
        { assetId: songs[2], weight: 6 },
      ]);
      const chosen = airable.get(smart.id)?.items.map((item) => item.assetId) ?? [];
      expect(chosen).toEqual(expect.arrayContaining(songs));
      expect(chosen).not.toContain(kudusSong);
    });

    it('drops a deleted asset from the playlists that had it', async () => {
      const doomed = (await upload(batik.stationId, await tone('doomed.mp3', { title: 'Sekali' }))).body.id;
      const list = (
        await playlist(batik.stationId, {
          name: 'Sementara',
          order: 'in-order',
          items: [{ assetId: songs[1] }, { assetId: doomed }],
        }).expect(201)
      ).body;
      await http().delete(`/api/v1/assets/${doomed}`).set(bearer(admin)).expect(204);
      const after = await http().get(`/api/v1/playlists/${list.id}`).set(bearer(admin)).expect(200);
      expect(after.body.items.map((item: { assetId: string }) => item.assetId)).toEqual([songs[1]]);
    });
  });
});
