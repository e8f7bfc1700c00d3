import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AssetEntity, type ReadyVariant, ReadyVariants } from '@siaran/media';
import { ObjectStorage, StorageKeys } from '@siaran/storage';
import { createTestApp, type TestApp } from '../support/app';
import { ffmpeg, ffprobeJson, makeTone, makeVideo } from '../support/media';
import { ingestFile, isSettled, waitForVariant } from '../support/media-assets';

/** Every awkward source a station sends, each made by ffmpeg here, each transcoded for real. */
describe('mixed and awkward sources become airable ladders', () => {
  let t: TestApp;
  let dir: string;
  const assets: Record<string, AssetEntity> = {};
  const file = (name: string) => join(dir, name);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'siaran-sources-'));
    t = await createTestApp();
    await Promise.all([
      makeVideo(file('vfr-1366x768.mp4'), {
        seconds: 7,
        width: 1366,
        height: 768,
        fps: 30,
        extraVideoFilters: ["select='not(eq(mod(n\\,5)\\,2))'"],
        outputArgs: ['-fps_mode', 'vfr'],
      }),
      ffmpeg([
        '-f',
        'lavfi',
        '-i',
        'testsrc2=s=1920x1080:r=50:d=7',
        '-f',
        'lavfi',
        '-i',
        'sine=d=7',
        '-vf',
        'tinterlace=mode=interleave_top,setfield=tff',
        '-c:v',
        'mpeg2video',
        '-flags',
        '+ilme+ildct',
        '-top',
        '1',
        '-b:v',
        '6M',
        '-c:a',
        'mp2',
        file('interlaced-1080i.ts'),
      ]),
      makeVideo(file('surround.mp4'), { seconds: 2, width: 640, height: 360, audio: '5.1' }),
      ffmpeg([
        '-f',
        'lavfi',
        '-i',
        'testsrc2=s=853x481:r=25:d=2',
        '-f',
        'lavfi',
        '-i',
        'sine=d=2',
        '-c:v',
        'ffv1',
        '-c:a',
        'pcm_s16le',
        file('odd-853x481.mkv'),
      ]),
      makeVideo(file('phone-unrotated.mp4'), { seconds: 2, width: 640, height: 360 }).then(() =>
        ffmpeg(['-i', file('phone-unrotated.mp4'), '-c', 'copy', '-metadata:s:v:0', 'rotate=90', file('phone.mp4')]),
      ),
      makeVideo(file('ten-bit.mp4'), {
        seconds: 2,
        width: 640,
        height: 360,
        extraVideoFilters: ['format=yuv420p10le'],
        videoCodecArgs: ['-c:v', 'libx264', '-preset', 'ultrafast', '-profile:v', 'high10'],
      }),
      makeVideo(file('video-only.mp4'), { seconds: 2, width: 640, height: 360, audio: false }),
      makeTone(file('cover.mp3'), {
        seconds: 3,
        extraInputs: ['-f', 'lavfi', '-i', 'color=c=red:s=300x300:d=1'],
        codecArgs: [
          '-map',
          '0:a',
          '-map',
          '1:v',
          '-c:a',
          'libmp3lame',
          '-c:v',
          'mjpeg',
          '-frames:v',
          '1',
          '-disposition:v',
          'attached_pic',
          '-id3v2_version',
          '3',
          '-metadata:s:v',
          'comment=Cover (front)',
        ],
      }),
      makeTone(file('slow.wav'), { seconds: 3, sampleRate: 22050, codecArgs: ['-c:a', 'pcm_s16le'] }),
      makeTone(file('no-cover.m4a'), { seconds: 3, codecArgs: ['-c:a', 'aac'] }),
    ]);
    const ingest = async (name: string, presets: string[]) =>
      (assets[name] = await ingestFile(t.app, file(name), { presets }));
    await ingest('vfr-1366x768.mp4', ['tv-default', 'radio-default']);
    await ingest('interlaced-1080i.ts', ['tv-default']);
    await ingest('surround.mp4', ['tv-default']);
    await ingest('odd-853x481.mkv', ['tv-default']);
    await ingest('phone.mp4', ['tv-default']);
    await ingest('ten-bit.mp4', ['tv-default']);
    await ingest('video-only.mp4', ['tv-default']);
    await ingest('cover.mp3', ['tv-default', 'radio-default']);
    await ingest('slow.wav', ['radio-default']);
    await ingest('no-cover.m4a', ['tv-default']);
  }, 120_000);
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function ready(name: string, preset: string): Promise<ReadyVariant> {
    const variant = await waitForVariant(t.app, assets[name].id, preset, isSettled, 180_000);
    expect({ status: variant.status, reason: variant.failureReason, detail: variant.failureDetail }).toEqual({
      status: 'ready',
      reason: null,
      detail: null,
    });
    return (await t.app.get(ReadyVariants).readyVariant(assets[name].id, preset)) as ReadyVariant;
  }

  async function segmentProbe(name: string, preset: string, rendition: string, index = 0) {
    const path = file(`${name}-${preset}-${rendition}-${index}.ts`);
    await t.app.get(ObjectStorage).download(StorageKeys.assetSegment(assets[name].id, preset, rendition, index), path);
    return { path, probe: await ffprobeJson(path, ['-show_streams']) };
  }

  const shape = (v: ReadyVariant) =>
    v.renditions.map((r) => ({
      name: r.name,
      codecs: r.codecs,
      resolution: r.resolution,
      frameRate: r.frameRate,
      audioOnly: r.audioOnly,
    }));

  it('makes variable frame rate constant 25 fps and every full segment exactly 6 s, like any other asset of the ladder', async () => {
    expect(assets['vfr-1366x768.mp4'].probe?.video).toMatchObject({
      width: 1366,
      height: 768,
      variableFrameRate: true,
    });
    const vfr = await ready('vfr-1366x768.mp4', 'tv-default');
    const interlaced = await ready('interlaced-1080i.ts', 'tv-default');
    expect(vfr.segments.map((s) => s.durationMs)).toEqual([6000, 1000]);
    expect(interlaced.segments.map((s) => s.durationMs)).toEqual([6000, 1000]);
    expect(shape(vfr)).toEqual(shape(interlaced));
    expect(shape(vfr).map((r) => r.name)).toEqual(['720p', '480p', '360p']);
    const { probe } = await segmentProbe('vfr-1366x768.mp4', 'tv-default', '720p');
    expect(probe.streams?.find((s) => s.codec_type === 'video')).toMatchObject({
      width: 1280,
      height: 720,
      r_frame_rate: '25/1',
      avg_frame_rate: '25/1',
    });
  });

  it('deinterlaces 1080i', async () => {
    expect(assets['interlaced-1080i.ts'].probe?.video).toMatchObject({ interlaced: true, fieldOrder: 'tt' });
    await ready('interlaced-1080i.ts', 'tv-default');
    const { probe } = await segmentProbe('interlaced-1080i.ts', 'tv-default', '720p');
    expect(probe.streams?.find((s) => s.codec_type === 'video')).toMatchObject({ field_order: 'progressive' });
  });

  it('carries only audio on the radio ladder, on the 6 s grid within one AAC frame, the same in both renditions', async () => {
    const radio = await ready('vfr-1366x768.mp4', 'radio-default');
    expect(radio.renditions.map((r) => [r.name, r.codecs, r.audioOnly, r.resolution])).toEqual([
      ['audio-128k', 'mp4a.40.2', true, undefined],
      ['audio-64k', 'mp4a.40.2', true, undefined],
    ]);
    let boundary = 0;
    for (const [i, s] of radio.segments.entries()) {
      boundary += s.durationMs;
      if (i < radio.segments.length - 1) expect(boundary - (i + 1) * 6000).toBeGreaterThanOrEqual(0);
      if (i < radio.segments.length - 1) expect(boundary - (i + 1) * 6000).toBeLessThanOrEqual(22);
    }
    const { probe } = await segmentProbe('vfr-1366x768.mp4', 'radio-default', 'audio-64k');
    expect(probe.streams?.map((s) => s.codec_type)).toEqual(['audio']);
  });

  it('downmixes 5.1 to stereo and keeps only the rung it need not upscale to', async () => {
    expect(assets['surround.mp4'].probe?.audio).toMatchObject({ channels: 6 });
    const variant = await ready('surround.mp4', 'tv-default');
    expect(variant.renditions.map((r) => r.name)).toEqual(['360p']);
    const { probe } = await segmentProbe('surround.mp4', 'tv-default', '360p');
    expect(probe.streams?.find((s) => s.codec_type === 'audio')).toMatchObject({
      channels: 2,
      channel_layout: 'stereo',
      sample_rate: '48000',
    });
  });

  it('fits an odd-sized picture into even rung sizes', async () => {
    const variant = await ready('odd-853x481.mkv', 'tv-default');
    expect(variant.renditions.map((r) => [r.name, r.resolution])).toEqual([
      ['480p', { width: 854, height: 480 }],
      ['360p', { width: 640, height: 360 }],
    ]);
  });

  it('honours the rotation of a phone video: portrait, pillarboxed', async () => {
    expect(assets['phone.mp4'].probe?.video).toMatchObject({ rotation: 90, displayWidth: 360, displayHeight: 640 });
    const variant = await ready('phone.mp4', 'tv-default');
    expect(variant.renditions.map((r) => r.name)).toEqual(['480p', '360p']);
    const { path } = await segmentProbe('phone.mp4', 'tv-default', '480p');
    const crop = await cropOf(path);
    expect(crop.height).toBe(480);
    expect(crop.width).toBeGreaterThanOrEqual(264);
    expect(crop.width).toBeLessThanOrEqual(276);
  });

  it('converts 10-bit video to 8-bit', async () => {
    expect(assets['ten-bit.mp4'].probe?.video).toMatchObject({ bitDepth: 10 });
    await ready('ten-bit.mp4', 'tv-default');
    const { probe } = await segmentProbe('ten-bit.mp4', 'tv-default', '360p');
    expect(probe.streams?.find((s) => s.codec_type === 'video')).toMatchObject({ pix_fmt: 'yuv420p', profile: 'Main' });
  });

  it('adds silent stereo audio to video without sound, so the ladder keeps its codecs', async () => {
    const variant = await ready('video-only.mp4', 'tv-default');
    expect(variant.renditions[0].codecs).toBe('avc1.4d401e,mp4a.40.2');
    const { probe } = await segmentProbe('video-only.mp4', 'tv-default', '360p');
    expect(probe.streams?.map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);
  });

  it('airs an MP3 over its cover art on TV, and as audio on radio', async () => {
    expect(assets['cover.mp3'].probe?.coverArtIndex).toBe(1);
    expect(assets['cover.mp3'].probe?.video).toBeUndefined();
    const tv = await ready('cover.mp3', 'tv-default');
    expect(tv.renditions.map((r) => r.name)).toEqual(['720p', '480p', '360p']);
    expect(await t.app.get(ObjectStorage).exists(StorageKeys.assetPoster(assets['cover.mp3'].id))).toBe(true);
    const { path } = await segmentProbe('cover.mp3', 'tv-default', '720p');
    const crop = await cropOf(path);
    expect(crop).toMatchObject({ width: 300, height: 300 });
    const radio = await ready('cover.mp3', 'radio-default');
    expect(radio.renditions.every((r) => r.audioOnly)).toBe(true);
  });

  it('airs audio without any picture over a plain slate on TV', async () => {
    const tv = await ready('no-cover.m4a', 'tv-default');
    expect(tv.renditions).toHaveLength(3);
    expect(await t.app.get(ObjectStorage).exists(StorageKeys.assetPoster(assets['no-cover.m4a'].id))).toBe(false);
  });

  it('resamples a 22.05 kHz WAV to 48 kHz for radio', async () => {
    expect(assets['slow.wav'].probe?.audio).toMatchObject({ sampleRate: 22050, codec: 'pcm_s16le' });
    await ready('slow.wav', 'radio-default');
    const { probe } = await segmentProbe('slow.wav', 'radio-default', 'audio-128k');
    expect(probe.streams?.[0]).toMatchObject({ codec_name: 'aac', sample_rate: '48000', channels: 2 });
  });
});

/** The picture area inside the black bars, as ffmpeg's cropdetect sees it. */
async function cropOf(path: string): Promise<{ width: number; height: number }> {
  const { execFile } = await import('node:child_process');
  const stderr = await new Promise<string>((resolve, reject) =>
    execFile(
      'ffmpeg',
      ['-hide_banner', '-i', path, '-vf', 'cropdetect=limit=24:round=2:reset=0', '-frames:v', '25', '-f', 'null', '-'],
      (error, _out, err) => (error ? reject(error) : resolve(err)),
    ),
  );
  const matches = [...stderr.matchAll(/crop=(\d+):(\d+):/g)];
  const last = matches.at(-1);
  if (!last) throw new Error(`cropdetect found nothing:\n${stderr}`);
  return { width: Number(last[1]), height: Number(last[2]) };
}
