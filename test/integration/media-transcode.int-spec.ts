import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MasterPlaylist, MediaPlaylist } from 'hls-parser/types';
import { AssetStore, ReadyVariants } from '@siaran/media';
import { ObjectStorage, StorageKeys } from '@siaran/storage';
import { createTestApp, type TestApp } from '../support/app';
import { ffprobeJson, makeVideo } from '../support/media';
import { ingestFile, isSettled, parseStrict, readText, waitForVariant } from '../support/media-assets';

describe('transcoding to the tv-default ladder (real ffmpeg, PostgreSQL, S3)', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'siaran-media-'));
    t = await createTestApp({ env: { TRANSCODE_RETRY_DELAY_MS: '1000' } });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('turns a 720p25 clip into three renditions of exact 6 s segments, playlists last', async () => {
    const source = join(dir, 'berita.mp4');
    await makeVideo(source, { seconds: 8 });
    const asset = await ingestFile(t.app, source, { presets: ['tv-default'] });
    expect(asset.status).toBe('queued');
    const variant = await waitForVariant(t.app, asset.id, 'tv-default', isSettled);
    expect(variant).toMatchObject({ status: 'ready', progress: 100, failureCode: null, failureReason: null });

    const ready = await t.app.get(ReadyVariants).readyVariant(asset.id, 'tv-default');
    expect(ready).toEqual({
      assetId: asset.id,
      preset: 'tv-default',
      durationMs: 8000,
      renditions: [
        {
          name: '720p',
          bandwidth: expect.any(Number),
          averageBandwidth: expect.any(Number),
          codecs: 'avc1.64001f,mp4a.40.2',
          resolution: { width: 1280, height: 720 },
          frameRate: 25,
          audioOnly: false,
        },
        {
          name: '480p',
          bandwidth: expect.any(Number),
          averageBandwidth: expect.any(Number),
          codecs: 'avc1.4d401e,mp4a.40.2',
          resolution: { width: 854, height: 480 },
          frameRate: 25,
          audioOnly: false,
        },
        {
          name: '360p',
          bandwidth: expect.any(Number),
          averageBandwidth: expect.any(Number),
          codecs: 'avc1.4d401e,mp4a.40.2',
          resolution: { width: 640, height: 360 },
          frameRate: 25,
          audioOnly: false,
        },
      ],
      segments: [
        { index: 0, durationMs: 6000 },
        { index: 1, durationMs: 2000 },
      ],
    });

    const durations = await t.app
      .get(ReadyVariants)
      .readyDurations([asset.id, asset.id, '00000000-0000-4000-8000-000000000000'], 'tv-default');
    expect([...durations]).toEqual([[asset.id, 8000]]);
    expect((await t.app.get(ReadyVariants).readyDurations([asset.id], 'radio-default')).size).toBe(0);

    const storage = t.app.get(ObjectStorage);
    const keys = (await storage.list(StorageKeys.assetPrefix(asset.id))).map((o) => o.key).sort();
    expect(keys).toEqual(
      [
        asset.sourceKey,
        StorageKeys.assetPoster(asset.id),
        StorageKeys.assetMaster(asset.id, 'tv-default'),
        ...['720p', '480p', '360p'].flatMap((r) => [
          StorageKeys.assetMediaPlaylist(asset.id, 'tv-default', r),
          StorageKeys.assetSegment(asset.id, 'tv-default', r, 0),
          StorageKeys.assetSegment(asset.id, 'tv-default', r, 1),
        ]),
      ].sort(),
    );
    const master = parseStrict(
      await readText(storage, StorageKeys.assetMaster(asset.id, 'tv-default')),
    ) as MasterPlaylist;
    expect(master.variants.map((v) => [v.uri, v.codecs, v.resolution, v.frameRate])).toEqual([
      ['720p/index.m3u8', 'avc1.64001f,mp4a.40.2', { width: 1280, height: 720 }, 25],
      ['480p/index.m3u8', 'avc1.4d401e,mp4a.40.2', { width: 854, height: 480 }, 25],
      ['360p/index.m3u8', 'avc1.4d401e,mp4a.40.2', { width: 640, height: 360 }, 25],
    ]);
    for (const v of master.variants) expect(v.averageBandwidth).toBeLessThanOrEqual(v.bandwidth);
    for (const rendition of ['720p', '480p', '360p']) {
      const playlist = parseStrict(
        await readText(storage, StorageKeys.assetMediaPlaylist(asset.id, 'tv-default', rendition)),
      ) as MediaPlaylist;
      expect(playlist.playlistType).toBe('VOD');
      expect(playlist.endlist).toBe(true);
      expect(playlist.segments.map((s) => [s.uri, s.duration])).toEqual([
        ['seg-00000.ts', 6],
        ['seg-00001.ts', 2],
      ]);
    }

    // Every segment starts on an IDR frame, keyframes every 2 s, 25 fps, AAC-LC 48 kHz stereo.
    const segment = join(dir, 'seg0.ts');
    writeFileSync(
      segment,
      Buffer.from(
        await (
          await storage.get(StorageKeys.assetSegment(asset.id, 'tv-default', '480p', 0))
        )
          .toArray()
          .then((c) => Buffer.concat(c as Buffer[])),
      ),
    );
    const probe = await ffprobeJson(segment, [
      '-show_streams',
      '-show_frames',
      '-select_streams',
      'v:0',
      '-show_entries',
      'frame=key_frame,pict_type,pts_time:stream=codec_name,profile,width,height,r_frame_rate,pix_fmt',
    ]);
    expect(probe.streams?.[0]).toMatchObject({
      codec_name: 'h264',
      profile: 'Main',
      width: 854,
      height: 480,
      r_frame_rate: '25/1',
      pix_fmt: 'yuv420p',
    });
    const frames = probe.frames as Array<{ key_frame: number; pts_time: string }>;
    expect(frames).toHaveLength(150);
    expect(
      frames
        .map((f, i) => [i, f.key_frame])
        .filter(([, k]) => k === 1)
        .map(([i]) => i),
    ).toEqual([0, 50, 100]);
    const audio = await ffprobeJson(segment, ['-show_streams', '-select_streams', 'a:0']);
    expect(audio.streams?.[0]).toMatchObject({ codec_name: 'aac', profile: 'LC', sample_rate: '48000', channels: 2 });
    expect((await t.app.get(AssetStore).findAsset(asset.id))?.status).toBe('ready');
  });
});
