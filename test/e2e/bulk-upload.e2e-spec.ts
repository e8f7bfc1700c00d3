import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app';
import { bearer, createUser, login, type TestUser } from '../support/auth';
import { ffmpeg } from '../support/media';
import { createStudio, type Studio } from '../support/scheduling';

/** Many files in one upload: each its own asset, the ones that cannot air listed, all added to a playlist. */
describe('bulk upload', () => {
  let t: TestApp;
  let dir: string;
  let admin: string;
  let batik: Studio;
  let kudus: Studio;
  let engineer: TestUser;
  let songs: string[];
  let notMedia: string;
  const http = () => request(t.app.getHttpServer());
  const bulk = (stationId: string, token: string | null = admin) => {
    const call = http().post(`/api/v1/stations/${stationId}/assets/bulk`);
    return token ? call.set(bearer(token)) : call;
  };
  const playlist = async (stationId: string, body: object) =>
    (await http().post(`/api/v1/stations/${stationId}/playlists`).set(bearer(admin)).send(body).expect(201)).body;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'siaran-bulk-'));
    t = await createTestApp();
    admin = await login(t);
    [batik, kudus] = await Promise.all([createStudio(t, admin, 'batik'), createStudio(t, admin, 'kudus')]);
    engineer = await createUser(t, admin, 'engineer');
    songs = [];
    for (const name of ['Lagu_Satu.mp3', 'Lagu Dua.mp3']) {
      const path = join(dir, name);
      await ffmpeg(['-f', 'lavfi', '-i', 'sine=f=440:d=1', path]);
      songs.push(path);
    }
    notMedia = join(dir, 'catatan.mp3');
    writeFileSync(notMedia, 'bukan audio, hanya catatan\n');
  });

  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes an asset of each file, lists the one that cannot air, and adds the others to the playlist in order', async () => {
    const existing = await http()
      .post(`/api/v1/stations/${batik.stationId}/assets`)
      .set(bearer(admin))
      .field('title', 'Sudah Ada')
      .field('kind', 'music')
      .field('presets', 'radio-default')
      .attach('file', songs[0])
      .expect(201);
    const list = await playlist(batik.stationId, {
      name: 'Unggahan',
      order: 'in-order',
      items: [{ assetId: existing.body.id }],
    });
    const res = await bulk(batik.stationId)
      .field('kind', 'music')
      .field('presets', 'radio-default')
      .field('tags', 'Dangdut')
      .field('playlistId', list.id)
      .attach('file', songs[0])
      .attach('file', notMedia)
      .attach('file', songs[1])
      .expect(201);
    expect(
      res.body.assets.map((a: { title: string; kind: string; tags: string[] }) => [a.title, a.kind, a.tags]),
    ).toEqual([
      ['Lagu Satu', 'music', ['dangdut']],
      ['Lagu Dua', 'music', ['dangdut']],
    ]);
    expect(res.body.assets.map((a: { variants: Array<{ preset: string }> }) => a.variants[0].preset)).toEqual([
      'radio-default',
      'radio-default',
    ]);
    expect(res.body.refused).toEqual([
      { fileName: 'catatan.mp3', code: 'MEDIA_UNREADABLE', message: expect.any(String) },
    ]);
    expect(res.body.playlistId).toBe(list.id);
    const after = await http().get(`/api/v1/playlists/${list.id}`).set(bearer(admin)).expect(200);
    expect(after.body.items.map((item: { assetId: string }) => item.assetId)).toEqual([
      existing.body.id,
      ...res.body.assets.map((a: { id: string }) => a.id),
    ]);
  });

  it('answers 422 UPLOADS_REFUSED when no file can air, listing each', async () => {
    const res = await bulk(batik.stationId).field('kind', 'music').attach('file', notMedia).expect(422);
    expect(res.body).toMatchObject({ code: 'UPLOADS_REFUSED', details: { refused: [{ code: 'MEDIA_UNREADABLE' }] } });
  });

  it('refuses bad fields, fields after a file and no file (400), no login (401), an engineer (403), an unknown playlist (404), another station’s (409)', async () => {
    const code = async (call: request.Test, status: number) => (await call.expect(status)).body.code;
    expect(await code(bulk(batik.stationId).field('kind', 'poster').attach('file', songs[0]), 400)).toBe(
      'VALIDATION_FAILED',
    );
    expect(await code(bulk(batik.stationId).attach('file', songs[0]).field('kind', 'music'), 400)).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      await code(bulk(batik.stationId).field('kind', 'music').attach('file', songs[0]).field('tags', 'x'), 400),
    ).toBe('FIELDS_FIRST');
    expect(await code(bulk(batik.stationId).field('kind', 'music'), 400)).toBe('FILE_REQUIRED');
    const smart = await playlist(batik.stationId, { name: 'Pintar', order: 'shuffled', smart: { kinds: ['music'] } });
    expect(
      await code(
        bulk(batik.stationId).field('kind', 'music').field('playlistId', smart.id).attach('file', songs[0]),
        400,
      ),
    ).toBe('PLAYLIST_SMART_WITH_ITEMS');
    await bulk(batik.stationId, null).field('kind', 'music').attach('file', songs[0]).expect(401);
    expect(await code(bulk(batik.stationId, engineer.token).field('kind', 'music').attach('file', songs[0]), 403)).toBe(
      'FORBIDDEN',
    );
    expect(
      await code(
        bulk(batik.stationId)
          .field('kind', 'music')
          .field('playlistId', '00000000-0000-4000-8000-000000000000')
          .attach('file', songs[0]),
        404,
      ),
    ).toBe('PLAYLIST_NOT_FOUND');
    const foreign = await playlist(kudus.stationId, { name: 'Kudus', order: 'in-order' });
    expect(
      await code(
        bulk(batik.stationId).field('kind', 'music').field('playlistId', foreign.id).attach('file', songs[0]),
        409,
      ),
    ).toBe('PLAYLIST_OF_OTHER_STATION');
  });
});
