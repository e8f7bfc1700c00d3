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

/** Width and height of a baseline or progressive JPEG, from its start-of-frame marker. */
function imageSize(jpeg: Buffer): { width: number; height: number } {
  for (let at = 2; at + 9 < jpeg.length;) {
    const marker = jpeg[at + 1];
    const length = jpeg.readUInt16BE(at + 2);
    if (marker === 0xc0 || marker === 0xc2)
      return { height: jpeg.readUInt16BE(at + 5), width: jpeg.readUInt16BE(at + 7) };
    at += 2 + length;
  }
  throw new Error('no start-of-frame marker in the JPEG');
}

/**
 * Playlists beyond one block, on a hand-driven clock. Rotation rules across consecutive music
 * blocks: two one-minute blocks back to back from an in-order playlist of five 16 s songs that
 * may not repeat within two minutes (each block planned on its own would start the second one
 * from the first song again, 60 s after it aired). Then filler from a playlist.
 */
describe('playlists across blocks and as filler (manual clock)', () => {
  let work: string;
  let clock: ManualClock;
  let t: TestApp;
  let broadcast: Broadcast;
  const blocks: AiredItem[][] = [];
  let ids: string[] = [];
  let identId: string;
  let base: number;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'siaran-playlist-rules-'));
    clock = new ManualClock(new Date());
    t = await createTestApp({ clock, env: { ...Broadcast.env, PLAYOUT_LOOKAHEAD_SECONDS: '600' } });
    broadcast = await openBroadcast(t);
    const paths = await Promise.all(
      Array.from({ length: 5 }, async (_, i) => {
        const path = join(work, `song${i}.mp3`);
        // The first song carries a large cover picture, as ID3 APIC.
        const cover = i === 0;
        await makeTone(path, {
          seconds: 16,
          extraInputs: cover ? ['-f', 'lavfi', '-i', 'color=c=red:s=1200x900:d=1'] : [],
          codecArgs: cover
            ? ['-map', '0:a', '-map', '1:v', '-c:a', 'libmp3lame', '-c:v', 'mjpeg', '-frames:v', '1']
            : ['-c:a', 'libmp3lame'],
          extraArgs: [
            ...(cover ? ['-disposition:v:0', 'attached_pic', '-id3v2_version', '3'] : []),
            '-metadata',
            `artist=Penyanyi ${i + 1}`,
            '-metadata',
            `title=Lagu ${i + 1}`,
          ],
        });
        return path;
      }),
    );
    await makeTone(join(work, 'id.m4a'), { seconds: 6, codecArgs: ['-c:a', 'aac'] });
    ids = await broadcast.readyAssets([
      ...paths.map((path, i) => ({ path, title: `Lagu ${i + 1}`, preset: 'radio-default', kind: 'music' as const })),
      { path: join(work, 'id.m4a'), title: 'Station ID', preset: 'radio-default', kind: 'ident' },
    ]);
    identId = ids.pop() as string;
    await broadcast.setFiller('rkb', identId);
    const playlist = await http()
      .post(`/api/v1/stations/${broadcast.stationId}/playlists`)
      .set(broadcast.producer)
      .send({
        name: 'Lima lagu',
        order: 'in-order',
        rules: { itemSeparationMinutes: 2 },
        items: ids.map((assetId) => ({ assetId })),
      })
      .expect(201);
    const rkb = broadcast.channels.get('rkb') as { id: string; timezone: string };
    base = Math.ceil((clock.now().getTime() + MINUTE) / MINUTE) * MINUTE;
    const starts = [base + MINUTE, base + 2 * MINUTE];
    for (const [i, start] of starts.entries())
      await http()
        .post('/api/v1/schedule-entries')
        .set(broadcast.producer)
        .send({
          channelId: rkb.id,
          programmeId: await broadcast.programme(`Blok ${i + 1}`),
          start: DateTime.fromMillis(start, { zone: rkb.timezone }).toFormat("yyyy-MM-dd'T'HH:mm:ss"),
          durationSeconds: 60,
          source: { kind: 'playlist', playlistId: playlist.body.id },
        })
        .expect(201);

    // The timeline is planned ten minutes ahead: the second block is planned while the first has not aired yet.
    clock.set(new Date(base));
    const engine = t.app.get(PlayoutEngine);
    while (clock.now().getTime() < base + 4 * MINUTE) {
      await engine.tick();
      clock.advance(6 * S);
    }
    const items = await t.app
      .get(PlayoutStore)
      .itemsBetween(rkb.id, new Date(starts[0] - 5 * S), new Date(starts[1] + MINUTE));
    for (const title of ['Blok 1', 'Blok 2'])
      blocks.push(items.filter((item) => item.kind === 'programme' && item.title === title));
  }, 600_000);

  afterAll(async () => {
    await t?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('starts the second block where the first left off, and relaxes the rule only when every song aired within it', () => {
    expect(blocks[0].map((item) => item.song?.title)).toEqual(['Lagu 1', 'Lagu 2', 'Lagu 3', 'Lagu 4']);
    expect(blocks[1].map((item) => item.song?.title)).toEqual(['Lagu 5', 'Lagu 1', 'Lagu 2', 'Lagu 3']);
  });

  it('gives a song its cover art, taken out of the file at most 600 px a side, and no art to a song without one', async () => {
    const withArt = blocks.flat().filter((item) => item.song?.title === 'Lagu 1');
    expect(withArt.length).toBeGreaterThan(0);
    const art = withArt[0].song?.art as string;
    expect(art).toBe(`${t.config.publicBaseUrl}/media/assets/${ids[0]}/poster.jpg`);
    const picture = await http().get(new URL(art).pathname).buffer(true).expect(200);
    expect(picture.headers['content-type']).toBe('image/jpeg');
    const size = imageSize(picture.body as Buffer);
    expect(Math.max(size.width, size.height)).toBe(600);
    expect(blocks.flat().find((item) => item.song?.title === 'Lagu 2')?.song?.art).toBeNull();
    const now = await http().get(`/api/v1/assets/${ids[0]}`).set(broadcast.producer).expect(200);
    expect(now.body.posterUrl).toBe(art);
  });

  describe('filler from a playlist', () => {
    let fillerList: string;
    const rkbId = () => (broadcast.channels.get('rkb') as { id: string }).id;
    const putFiller = (body: object, auth = broadcast.producer) =>
      http().put('/api/v1/channels/rkb/filler').set(auth).send(body);

    beforeAll(async () => {
      fillerList = (
        await http()
          .post(`/api/v1/stations/${broadcast.stationId}/playlists`)
          .set(broadcast.producer)
          .send({ name: 'Pengisi', order: 'in-order', items: ids.slice(0, 3).map((assetId) => ({ assetId })) })
          .expect(201)
      ).body.id;
    });

    it('airs the playlist item after item in its order once it is the filler, the rest of the timeline planned again', async () => {
      // After the blocks, the ident loops as filler; from here the playlist replaces it.
      clock.set(new Date(base + 4 * MINUTE));
      expect((await putFiller({ playlistId: fillerList, assetId: identId }).expect(200)).body).toEqual({
        fillerAssetId: identId,
        fillerPlaylistId: fillerList,
      });
      const engine = t.app.get(PlayoutEngine);
      while (clock.now().getTime() < base + 6 * MINUTE) {
        await engine.tick();
        clock.advance(6 * S);
      }
      const fillers = (
        await t.app
          .get(PlayoutStore)
          .itemsBetween(rkbId(), new Date(base + 4 * MINUTE + 10 * S), new Date(base + 6 * MINUTE))
      ).filter((item) => item.kind === 'filler');
      expect(fillers.length).toBeGreaterThanOrEqual(6);
      const positions = fillers.map((item) => ids.indexOf(item.assetId));
      expect(positions[0]).toBe(0);
      positions.slice(1).forEach((position, i) => expect(position).toBe((positions[i] + 1) % 3));
      fillers.slice(1).forEach((item, i) => expect(item.startedAt.getTime()).toBe(fillers[i].endedAt.getTime()));
      expect(fillers[0].title).toBe('Lagu 1');
      const now = await http().get('/api/v1/channels/rkb/now-playing').expect(200);
      expect(now.body.now_playing).toMatchObject({ source: { kind: 'filler', reason: 'nothing-scheduled' } });
      expect(['Lagu 1', 'Lagu 2', 'Lagu 3']).toContain(now.body.now_playing.title);
    });

    it('refuses a filler that is not a UUID (400), without a login (401), for an engineer (403), unknown (404) or of another station (409)', async () => {
      expect((await putFiller({ playlistId: 'nope' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      await http().put('/api/v1/channels/rkb/filler').send({ playlistId: fillerList }).expect(401);
      expect((await putFiller({ playlistId: fillerList }, broadcast.engineer).expect(403)).body.code).toBe('FORBIDDEN');
      expect((await putFiller({ playlistId: '00000000-0000-4000-8000-000000000000' }).expect(404)).body.code).toBe(
        'PLAYLIST_NOT_FOUND',
      );
      const other = await http()
        .post('/api/v1/stations')
        .set(broadcast.admin)
        .send({ slug: 'lppl-kudus', name: 'LPPL Kabupaten Kudus' })
        .expect(201);
      const foreign = await http()
        .post(`/api/v1/stations/${other.body.id}/playlists`)
        .set(broadcast.admin)
        .send({ name: 'Kudus', order: 'in-order' })
        .expect(201);
      expect((await putFiller({ playlistId: foreign.body.id }).expect(409)).body.code).toBe(
        'PLAYLIST_OF_OTHER_STATION',
      );
    });

    it('refuses to delete the playlist while a channel airs it as filler (409), and deletes it once it does not', async () => {
      const refused = await http().delete(`/api/v1/playlists/${fillerList}`).set(broadcast.producer).expect(409);
      expect(refused.body).toMatchObject({
        code: 'PLAYLIST_IS_FILLER',
        details: { channels: [{ channelId: rkbId() }] },
      });
      await putFiller({ assetId: identId }).expect(200);
      await http().delete(`/api/v1/playlists/${fillerList}`).set(broadcast.producer).expect(204);
    });
  });
});
