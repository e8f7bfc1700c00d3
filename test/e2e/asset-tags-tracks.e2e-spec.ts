import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { PlaylistsForAir } from '@siaran/playlists';
import { createTestApp, type TestApp } from '../support/app';
import { bearer, createUser, login, type TestUser } from '../support/auth';
import { ffmpeg } from '../support/media';
import { createStudio, type Studio } from '../support/scheduling';

/**
 * What a producer says of an upload beside title and kind: tags, which smart playlists select
 * by, and the audio track of a file with several.
 */
describe('asset tags, smart playlists by tags, and the audio track of an upload', () => {
  let t: TestApp;
  let dir: string;
  let admin: string;
  let batik: Studio;
  let engineer: TestUser;
  let dangdut: string;
  let campursari: string;
  let untagged: string;
  const http = () => request(t.app.getHttpServer());

  /** A short tone; `tracks` audio tracks tagged with these languages, as M4A. */
  async function tone(name: string, languages: string[] = []): Promise<string> {
    const path = join(dir, name);
    const tracks = Math.max(1, languages.length);
    await ffmpeg([
      ...Array.from({ length: tracks }, (_, i) => ['-f', 'lavfi', '-i', `sine=f=${330 * (i + 1)}:d=2`]).flat(),
      ...Array.from({ length: tracks }, (_, i) => ['-map', String(i)]).flat(),
      '-c:a',
      'aac',
      ...languages.flatMap((language, i) => [`-metadata:s:a:${i}`, `language=${language}`]),
      path,
    ]);
    return path;
  }

  const upload = (path: string, fields: Record<string, string> = {}, token = admin) => {
    let call = http()
      .post(`/api/v1/stations/${batik.stationId}/assets`)
      .set(bearer(token))
      .field('title', 'Lagu')
      .field('kind', 'music')
      .field('presets', 'radio-default');
    for (const [name, value] of Object.entries(fields)) call = call.field(name, value);
    return call.attach('file', path);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'siaran-asset-tags-'));
    t = await createTestApp();
    admin = await login(t);
    batik = await createStudio(t, admin, 'batik');
    engineer = await createUser(t, admin, 'engineer');
    const path = await tone('song.m4a');
    dangdut = (await upload(path, { tags: ' Dangdut, lawas,dangdut ' }).expect(201)).body.id;
    campursari = (await upload(path, { tags: 'campursari,Lawas' }).expect(201)).body.id;
    untagged = (await upload(path).expect(201)).body.id;
  });

  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('tags', () => {
    it('keeps the tags of an upload trimmed, in lower case and without repeats, and none without them', async () => {
      expect((await http().get(`/api/v1/assets/${dangdut}`).set(bearer(admin)).expect(200)).body.tags).toEqual([
        'dangdut',
        'lawas',
      ]);
      expect((await http().get(`/api/v1/assets/${untagged}`).set(bearer(admin)).expect(200)).body.tags).toEqual([]);
    });

    it('replaces them with PUT /assets/:id/tags', async () => {
      const res = await http()
        .put(`/api/v1/assets/${untagged}/tags`)
        .set(bearer(admin))
        .send({ tags: ['Jingle'] })
        .expect(200);
      expect(res.body.tags).toEqual(['jingle']);
      await http().put(`/api/v1/assets/${untagged}/tags`).set(bearer(admin)).send({ tags: [] }).expect(200);
    });

    it('refuses too many or too long tags (400), no login (401), an engineer (403) and an unknown asset (404)', async () => {
      const tags = (list: unknown, token: string | null = admin, id = untagged) => {
        const call = http().put(`/api/v1/assets/${id}/tags`);
        return (token ? call.set(bearer(token)) : call).send({ tags: list });
      };
      for (const list of [Array.from({ length: 21 }, (_, i) => `t${i}`), ['x'.repeat(41)], [''], 'dangdut'])
        expect((await tags(list).expect(400)).body.code).toBe('VALIDATION_FAILED');
      await tags(['a'], null).expect(401);
      expect((await tags(['a'], engineer.token).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await tags(['a'], admin, '00000000-0000-4000-8000-000000000000').expect(404)).body.code).toBe(
        'ASSET_NOT_FOUND',
      );
      const bad = await upload(await tone('bad.m4a'), { tags: 'x'.repeat(41) }).expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    });

    it('gives a smart playlist the assets with all of its tags and at least one of its anyTags', async () => {
      const smart = async (query: object) =>
        (
          await http()
            .post(`/api/v1/stations/${batik.stationId}/playlists`)
            .set(bearer(admin))
            .send({ name: `Pintar ${JSON.stringify(query)}`, order: 'shuffled', smart: { kinds: ['music'], ...query } })
            .expect(201)
        ).body as { id: string; smart: object };
      const lawas = await smart({ tags: ['Lawas'] });
      expect(lawas.smart).toMatchObject({ tags: ['lawas'], anyTags: [] });
      const both = await smart({ tags: ['lawas', 'dangdut'] });
      const either = await smart({ anyTags: ['campursari', 'dangdut'] });
      const none = await smart({ tags: ['keroncong'] });
      const airable = await t.app.get(PlaylistsForAir).playlistsForAir([lawas.id, both.id, either.id, none.id]);
      const chosen = (id: string) => (airable.get(id)?.items.map((item) => item.assetId) ?? []).sort();
      expect(chosen(lawas.id)).toEqual([dangdut, campursari].sort());
      expect(chosen(both.id)).toEqual([dangdut]);
      expect(chosen(either.id)).toEqual([dangdut, campursari].sort());
      expect(chosen(none.id)).toEqual([]);
    });
  });

  describe('audioTrack', () => {
    let twoTracks: string;

    beforeAll(async () => {
      twoTracks = await tone('two-tracks.m4a', ['ind', 'jav']);
    });

    it("airs the chosen track, and the decisions say it was chosen, not the file's default", async () => {
      const res = await upload(twoTracks, { audioTrack: '2' }).expect(201);
      const { probe, variants } = res.body;
      expect(probe.audioTracks.map((track: { language: string }) => track.language)).toEqual(['ind', 'jav']);
      expect(probe.audio.index).toBe(probe.audioTracks[1].index);
      expect(variants[0].decisions).toContain(
        'audio track 2 of 2 kept (jav; chosen at upload): the others are not aired',
      );
      const plain = await upload(twoTracks).expect(201);
      expect(plain.body.variants[0].decisions).toContain(
        "audio track 1 of 2 kept (ind; the file's default): the others are not aired",
      );
    });

    it('refuses a track the file does not have with 422 AUDIO_TRACK_NOT_FOUND, keeping nothing', async () => {
      const before = (await http().get('/api/v1/assets').set(bearer(admin)).expect(200)).body.total;
      const res = await upload(twoTracks, { audioTrack: '3' }).expect(422);
      expect(res.body).toMatchObject({
        code: 'AUDIO_TRACK_NOT_FOUND',
        message: 'The file has 2 audio tracks: audioTrack must be 1 to 2.',
        details: {
          audioTracks: [
            { track: 1, language: 'ind', channels: 1 },
            { track: 2, language: 'jav', channels: 1 },
          ],
        },
      });
      expect((await http().get('/api/v1/assets').set(bearer(admin)).expect(200)).body.total).toBe(before);
    });

    it('refuses an audioTrack that is not a whole number from 1 with 400', async () => {
      for (const audioTrack of ['0', 'dua', '1.5'])
        expect((await upload(twoTracks, { audioTrack }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    });
  });
});
