import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app';
import { bearer, login } from '../support/auth';
import { makeVideo } from '../support/media';
import { created, createStudio, type Studio } from '../support/scheduling';

/** Schedule entries that air media assets: checked, queued for the channel's ladder, flagged until ready. */
describe('assets as schedule sources', () => {
  let t: TestApp;
  let dir: string;
  let admin: string;
  let batik: Studio;
  let kudus: Studio;
  let radioChannelId: string;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'siaran-media-schedule-'));
    // A second radio ladder, for a channel that changes ladders.
    mkdirSync(join(dir, 'ladders'));
    const radio = JSON.parse(readFileSync(join(__dirname, '../../config/ladders/radio-default.json'), 'utf8'));
    writeFileSync(
      join(dir, 'ladders', 'radio-hemat.json'),
      JSON.stringify({
        ...radio,
        name: 'radio-hemat',
        description: 'Radio on thin links',
        renditions: [{ name: 'audio-64k', audioBitrateKbps: 64 }],
      }),
    );
    t = await createTestApp({ env: { LADDER_PRESETS_DIR: join(dir, 'ladders') } });
    admin = await login(t);
    [batik, kudus] = await Promise.all([createStudio(t, admin, 'batik'), createStudio(t, admin, 'kudus')]);
    radioChannelId = (
      await created(t, admin, 'channels', {
        stationId: batik.stationId,
        kind: 'radio',
        slug: 'rkb',
        name: 'Radio Kota Batik',
      })
    ).id;
    await makeVideo(join(dir, 'berita.mp4'), { seconds: 2, width: 640, height: 360 });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function uploadAsset(stationId: string, presets: string): Promise<string> {
    const res = await http()
      .post(`/api/v1/stations/${stationId}/assets`)
      .set(bearer(admin))
      .field('title', 'Kabar Pagi 1 Desember')
      .field('kind', 'programme')
      .field('presets', presets)
      .attach('file', join(dir, 'berita.mp4'))
      .expect(201);
    return res.body.id;
  }

  async function entryReadiness(
    entryId: string,
    until: (status: string) => boolean,
  ): Promise<{ status: string; ready: boolean }> {
    for (let i = 0; i < 240; i += 1) {
      const res = await http().get(`/api/v1/schedule-entries/${entryId}`).set(bearer(admin)).expect(200);
      if (until(res.body.sourceReadiness.status)) return res.body.sourceReadiness;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error('readiness never changed');
  }

  it("flags an entry whose asset is not ready, and queues the channel's missing ladder", async () => {
    const assetId = await uploadAsset(batik.stationId, 'tv-default');
    const tvEntry = await http()
      .post('/api/v1/schedule-entries')
      .set(bearer(admin))
      .send({
        channelId: batik.channelId,
        programmeId: batik.programmeId,
        start: '2026-12-01T06:00:00',
        durationSeconds: 1800,
        source: { kind: 'asset', assetId },
      })
      .expect(201);
    expect(tvEntry.body.source).toEqual({ kind: 'asset', assetId });
    expect(tvEntry.body.sourceReadiness).toMatchObject({ assetId, ready: false });
    expect(await entryReadiness(tvEntry.body.id, (s) => s === 'ready')).toEqual({
      assetId,
      status: 'ready',
      ready: true,
    });

    const radioEntry = await http()
      .post('/api/v1/schedule-entries')
      .set(bearer(admin))
      .send({
        channelId: radioChannelId,
        programmeId: batik.programmeId,
        start: '2026-12-01T06:00:00',
        durationSeconds: 1800,
        source: { kind: 'asset', assetId },
      })
      .expect(201);
    expect(radioEntry.body.sourceReadiness).toMatchObject({
      assetId,
      status: expect.stringMatching(/^(queued|transcoding)$/),
      ready: false,
    });
    const asset = await http().get(`/api/v1/assets/${assetId}`).set(bearer(admin)).expect(200);
    expect(asset.body.variants.map((v: { preset: string }) => v.preset).sort()).toEqual([
      'radio-default',
      'tv-default',
    ]);
    expect(await entryReadiness(radioEntry.body.id, (s) => s === 'ready')).toMatchObject({
      status: 'ready',
      ready: true,
    });

    const listed = await http()
      .get('/api/v1/schedule-entries')
      .query({ channelId: radioChannelId })
      .set(bearer(admin))
      .expect(200);
    expect(listed.body.entries[0].sourceReadiness).toEqual({ assetId, status: 'ready', ready: true });

    const refused = await http().delete(`/api/v1/assets/${assetId}`).set(bearer(admin)).expect(409);
    expect(refused.body.code).toBe('ASSET_SCHEDULED');
    await http().delete(`/api/v1/schedule-entries/${tvEntry.body.id}`).set(bearer(admin)).expect(204);
    await http().delete(`/api/v1/schedule-entries/${radioEntry.body.id}`).set(bearer(admin)).expect(204);
    await http().delete(`/api/v1/assets/${assetId}`).set(bearer(admin)).expect(204);
  });

  it('shows the public schedule and now/next without the asset or live input an occurrence airs', async () => {
    const assetId = await uploadAsset(batik.stationId, 'tv-default');
    const entry = await http()
      .post('/api/v1/schedule-entries')
      .set(bearer(admin))
      .send({
        channelId: batik.channelId,
        programmeId: batik.programmeId,
        start: '2026-12-02T06:00:00',
        durationSeconds: 1800,
        source: { kind: 'asset', assetId },
      })
      .expect(201);
    const schedule = await http()
      .get('/api/v1/channels/batik-tv/schedule')
      .query({ from: '2026-12-02', to: '2026-12-03' })
      .expect(200);
    expect(schedule.body.occurrences.map((o: { source: unknown }) => o.source)).toEqual([{ kind: 'asset' }]);
    const now = await http()
      .get('/api/v1/channels/batik-tv/schedule/now')
      .query({ at: '2026-12-02T06:10:00+07:00' })
      .expect(200);
    expect(now.body.current.source).toEqual({ kind: 'asset' });
    for (const body of [schedule.text, now.text]) expect(body).not.toContain(assetId);
    await http().delete(`/api/v1/schedule-entries/${entry.body.id}`).set(bearer(admin)).expect(204);
    await http().delete(`/api/v1/assets/${assetId}`).set(bearer(admin)).expect(204);
  });

  it('a new ladder on a channel queues the assets it may still air, and flags their entries until they are ready', async () => {
    const channel = await created(t, admin, 'channels', {
      stationId: batik.stationId,
      kind: 'radio',
      slug: 'rkb-hemat',
      name: 'RKB Hemat',
    });
    const [airing, aired, filler] = await Promise.all([
      uploadAsset(batik.stationId, 'radio-default'),
      uploadAsset(batik.stationId, 'radio-default'),
      uploadAsset(batik.stationId, 'radio-default'),
    ]);
    const schedule = async (assetId: string, start: string, recurrence?: string) =>
      (
        await http()
          .post('/api/v1/schedule-entries')
          .set(bearer(admin))
          .send({
            channelId: channel.id,
            programmeId: batik.programmeId,
            start,
            durationSeconds: 1800,
            recurrence,
            source: { kind: 'asset', assetId },
          })
          .expect(201)
      ).body.id as string;
    const weekly = await schedule(airing, '2026-12-07T06:00:00', 'FREQ=WEEKLY');
    const pastSingle = await schedule(aired, '2026-02-02T06:00:00');
    await schedule(aired, '2026-01-05T06:00:00', 'FREQ=DAILY;UNTIL=20260110');
    await http().put('/api/v1/channels/rkb-hemat/filler').set(bearer(admin)).send({ assetId: filler }).expect(200);
    expect(await entryReadiness(weekly, (s) => s === 'ready')).toEqual({
      assetId: airing,
      status: 'ready',
      ready: true,
    });

    const changed = await http()
      .patch(`/api/v1/channels/${channel.id}`)
      .set(bearer(admin))
      .send({ ladderPreset: 'radio-hemat' })
      .expect(200);
    expect(changed.body.ladderPreset).toBe('radio-hemat');
    const presetsOf = async (assetId: string) =>
      (await http().get(`/api/v1/assets/${assetId}`).set(bearer(admin)).expect(200)).body.variants
        .map((v: { preset: string }) => v.preset)
        .sort();
    expect(await presetsOf(airing)).toEqual(['radio-default', 'radio-hemat']);
    expect(await presetsOf(filler)).toEqual(['radio-default', 'radio-hemat']);
    expect(await presetsOf(aired)).toEqual(['radio-default']);
    expect(
      (await http().get(`/api/v1/schedule-entries/${weekly}`).set(bearer(admin)).expect(200)).body.sourceReadiness,
    ).toMatchObject({ assetId: airing, status: expect.stringMatching(/^(queued|transcoding)$/), ready: false });
    expect(
      (await http().get(`/api/v1/schedule-entries/${pastSingle}`).set(bearer(admin)).expect(200)).body.sourceReadiness,
    ).toEqual({ assetId: aired, status: 'missing', ready: false });
    expect(await entryReadiness(weekly, (s) => s === 'ready')).toEqual({
      assetId: airing,
      status: 'ready',
      ready: true,
    });
  });

  it('refuses an unknown asset, one of another station, and an asset source without its id', async () => {
    const kudusAsset = await uploadAsset(kudus.stationId, 'tv-default');
    const entry = (source: object) => ({
      channelId: batik.channelId,
      programmeId: batik.programmeId,
      start: '2026-12-02T06:00:00',
      durationSeconds: 600,
      source,
    });
    expect(
      (
        await http()
          .post('/api/v1/schedule-entries')
          .set(bearer(admin))
          .send(entry({ kind: 'asset', assetId: '6f9619ff-8b86-4d01-b42d-00cf4fc964ff' }))
          .expect(404)
      ).body.code,
    ).toBe('ASSET_NOT_FOUND');
    expect(
      (
        await http()
          .post('/api/v1/schedule-entries')
          .set(bearer(admin))
          .send(entry({ kind: 'asset', assetId: kudusAsset }))
          .expect(400)
      ).body.code,
    ).toBe('ASSET_OF_ANOTHER_STATION');
    expect(
      (
        await http()
          .post('/api/v1/schedule-entries')
          .set(bearer(admin))
          .send(entry({ kind: 'asset' }))
          .expect(400)
      ).body.code,
    ).toBe('VALIDATION_FAILED');
  });

  it('refuses a channel with a ladder preset that is not configured', async () => {
    const res = await http()
      .post('/api/v1/channels')
      .set(bearer(admin))
      .send({ stationId: batik.stationId, kind: 'tv', slug: 'batik-4k', name: 'Batik 4K', ladderPreset: 'tv-4k' })
      .expect(400);
    expect(res.body).toMatchObject({ code: 'UNKNOWN_PRESET', details: { ladderPreset: 'tv-4k' } });
  });
});
