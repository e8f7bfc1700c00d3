import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { loadConfig } from '@siaran/config';
import { dataSourceOptions } from '@siaran/database';
import { FfmpegInstallation, FfmpegRunner, ffprobeJsonArgs } from '@siaran/ffmpeg';
import {
  type LiveEncoderHandle,
  LiveEncoder,
  LiveEncoderSettings,
  type LiveEncoderStart,
  type LiveSegment,
} from '@siaran/ingest';
import {
  AssetEntity,
  AssetRenditionEntity,
  AssetSegmentEntity,
  AssetVariantEntity,
  type LadderPreset,
  LiveRecordings,
  parseLadderPreset,
  ReadyVariants,
} from '@siaran/media';
import { ObjectStorage, StorageKeys } from '@siaran/storage';
import { SystemClock } from '@siaran/time';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestS3, type TestS3 } from '../support/s3';

const tv = parseLadderPreset(
  {
    name: 'tv-live-test',
    segmentSeconds: 2,
    video: { fps: 25, gopSeconds: 1, x264Preset: 'ultrafast' },
    audio: { sampleRate: 48000, channels: 2, loudness: { integratedLufs: -23, truePeakDbtp: -1, rangeLu: 11 } },
    renditions: [
      {
        name: '240p',
        audioBitrateKbps: 64,
        video: {
          width: 426,
          height: 240,
          bitrateKbps: 300,
          maxrateKbps: 330,
          bufsizeKbps: 600,
          profile: 'main',
          level: '3.0',
        },
      },
      {
        name: '144p',
        audioBitrateKbps: 48,
        video: {
          width: 256,
          height: 144,
          bitrateKbps: 150,
          maxrateKbps: 165,
          bufsizeKbps: 300,
          profile: 'baseline',
          level: '3.0',
        },
      },
    ],
  },
  'test',
);
const radio = parseLadderPreset(
  {
    name: 'radio-live-test',
    segmentSeconds: 2,
    audio: { sampleRate: 48000, channels: 2, loudness: { integratedLufs: -16, truePeakDbtp: -1.5, rangeLu: 11 } },
    renditions: [
      { name: 'audio-96k', audioBitrateKbps: 96 },
      { name: 'audio-48k', audioBitrateKbps: 48 },
    ],
  },
  'test',
);

type Feed = ChildProcessByStdio<null, Readable, null>;

/** ffmpeg standing in for a studio: a test picture and/or tone in real time, as MPEG-TS on its stdout. */
function startFeed(inputs: string[], encode: string[], seconds: number): Feed {
  return spawn(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-nostdin',
      ...inputs,
      '-t',
      String(seconds),
      ...encode,
      '-f',
      'mpegts',
      'pipe:1',
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
}
const PICTURE = (size: string) => ['-re', '-f', 'lavfi', '-i', `testsrc2=s=${size}:r=25`];
const TONE = ['-re', '-f', 'lavfi', '-i', 'sine=f=440:r=44100'];
const SILENCE = ['-re', '-f', 'lavfi', '-i', 'anullsrc=r=44100:cl=mono'];
const H264_AAC = ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-c:a', 'aac'];
const PIPE_INPUT = ['-f', 'mpegts', '-i', 'pipe:0'];

describe('LiveEncoder (real ffmpeg feeds, embedded S3, PostgreSQL)', () => {
  let s3: TestS3;
  let storage: ObjectStorage;
  let runner: FfmpegRunner;
  let database: TestDatabase;
  let dataSource: DataSource;
  let recordings: LiveRecordings;
  let dir: string;
  const stationId = randomUUID();
  const settings = new LiveEncoderSettings();
  settings.silenceSeconds = 1;
  settings.cpus = 2;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'siaran-live-'));
    s3 = await startTestS3();
    storage = new ObjectStorage({ databaseUrl: 'unused', s3: s3.connection, liveSecretsKey: 'unused' });
    await storage.ensureBucket();
    const installation = new FfmpegInstallation(loadConfig({}));
    await installation.locate();
    runner = new FfmpegRunner(installation);
    database = await createTestDatabase();
    dataSource = new DataSource({
      ...dataSourceOptions(database.url),
      entities: [AssetEntity, AssetVariantEntity, AssetRenditionEntity, AssetSegmentEntity],
    });
    await dataSource.initialize();
    recordings = new LiveRecordings(dataSource, new SystemClock());
    await dataSource.query(
      "INSERT INTO stations (id, slug, name, created_at, updated_at) VALUES ($1, 'batik-tv', 'Batik TV', now(), now())",
      [stationId],
    );
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
    await s3?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const encoder = () => new LiveEncoder(runner, storage, settings, new SystemClock());

  /** Starts an encoder into a fresh recording; each reported segment is checked stored in every rendition, then appended. */
  async function record(
    preset: LadderPreset,
    feed: Feed,
    overrides: Partial<LiveEncoderStart> = {},
  ): Promise<{ handle: LiveEncoderHandle; assetId: string; reported: LiveSegment[]; unstored: number[] }> {
    const assetId = await recordings.create({ stationId, title: 'Siaran langsung', preset });
    const reported: LiveSegment[] = [];
    const unstored: number[] = [];
    const handle = encoder().start({
      preset,
      source: { inputArgs: PIPE_INPUT, stdin: feed.stdout },
      feedShape: 'audio-video',
      firstIndex: 0,
      workDir: mkdtempSync(join(dir, 'work-')),
      segmentKey: (rendition, index) => StorageKeys.assetSegment(assetId, preset.name, rendition, index),
      onSegment: async (segment) => {
        for (const r of preset.renditions)
          if (!(await storage.exists(StorageKeys.assetSegment(assetId, preset.name, r.name, segment.index))))
            unstored.push(segment.index);
        reported.push(segment);
        await recordings.appendSegment(assetId, preset, { ...segment, recordedAt: new Date() });
      },
      nice: 5,
      ...overrides,
    });
    return { handle, assetId, reported, unstored };
  }

  async function probeStored(assetId: string, preset: LadderPreset, rendition: string, index: number) {
    const file = join(dir, `${randomUUID()}.ts`);
    await storage.download(StorageKeys.assetSegment(assetId, preset.name, rendition, index), file);
    const { stdout } = await runner.probe([...ffprobeJsonArgs(['streams']), file], 30_000);
    return (JSON.parse(stdout) as { streams: Array<Record<string, unknown>> }).streams;
  }

  it('stores every rendition of each segment before reporting it, in order, as the preset says, and records it', async () => {
    const feed = startFeed([...PICTURE('640x360'), ...TONE], H264_AAC, 9);
    const workDir = mkdtempSync(join(dir, 'work-'));
    const { handle, assetId, reported, unstored } = await record(tv, feed, { firstIndex: 7, workDir });
    await handle.exited;

    expect(unstored).toEqual([]);
    expect(reported.length).toBeGreaterThanOrEqual(4);
    expect(reported.map((s) => s.index)).toEqual(reported.map((_, i) => 7 + i));
    expect(reported.every((s) => !s.discontinuity)).toBe(true);
    for (const segment of reported.slice(0, -1)) expect(Math.abs(segment.durationMs - 2000)).toBeLessThanOrEqual(40);
    expect(handle.stats()).toMatchObject({ segmentsDropped: 0, silent: false });
    expect(handle.stats().lastSegmentAt).toBeInstanceOf(Date);
    expect(tv.renditions.some((r) => existsSync(join(workDir, r.name)))).toBe(false);

    const streams = await probeStored(assetId, tv, '240p', 8);
    expect(streams).toEqual([
      expect.objectContaining({ codec_name: 'h264', width: 426, height: 240, r_frame_rate: '25/1' }),
      expect.objectContaining({ codec_name: 'aac', sample_rate: '48000', channels: 2 }),
    ]);

    const variant = await new ReadyVariants(dataSource).readyVariant(assetId, tv.name);
    expect(variant).toMatchObject({
      durationMs: reported.reduce((sum, s) => sum + s.durationMs, 0),
      segments: reported.map(({ index, durationMs }) => ({ index, durationMs })),
    });
    expect(variant?.renditions).toEqual([
      expect.objectContaining({
        name: '240p',
        codecs: 'avc1.4d401e,mp4a.40.2',
        resolution: { width: 426, height: 240 },
      }),
      expect.objectContaining({ name: '144p', codecs: 'avc1.42c01e,mp4a.40.2', frameRate: 25 }),
    ]);
    expect(await recordings.segmentsSince(assetId, tv, 9)).toEqual(
      reported.filter((s) => s.index >= 9).map((s) => ({ ...s, recordedAt: expect.any(Date) })),
    );
    await recordings.finish(assetId);
  });

  it('encodes an interlaced 1918x1080 feed into the preset, deinterlaced and fitted', async () => {
    const feed = startFeed(
      ['-re', '-f', 'lavfi', '-i', 'testsrc2=s=1918x1080:r=50,tinterlace=interleave_top,fieldorder=tff', ...TONE],
      ['-c:v', 'libx264', '-preset', 'ultrafast', '-flags', '+ildct+ilme', '-top', '1', '-c:a', 'aac'],
      5,
    );
    const { handle, assetId, reported } = await record(tv, feed);
    await handle.exited;
    expect(reported.length).toBeGreaterThanOrEqual(2);
    const streams = await probeStored(assetId, tv, '240p', 0);
    expect(streams[0]).toMatchObject({ width: 426, height: 240, r_frame_rate: '25/1', field_order: 'progressive' });
  });

  it('reports a feed without video on TV as such; restarted as audio-only on the same feed, it airs the still', async () => {
    const feed = startFeed(TONE, ['-c:a', 'aac'], 14);
    const logo = join(dir, 'logo.png');
    await runner.run(['-f', 'lavfi', '-i', 'color=c=blue:s=320x240', '-frames:v', '1', logo], {
      nice: 5,
      timeoutMs: 30_000,
      stallTimeoutMs: 30_000,
    });
    const first = await record(tv, feed);
    await expect(first.handle.exited).rejects.toMatchObject({ name: 'LiveEncoderError', kind: 'feed-has-no-video' });
    const second = await record(tv, feed, { feedShape: 'audio-only', stillPath: logo });
    await second.handle.exited;
    expect(second.reported.length).toBeGreaterThanOrEqual(2);
    const streams = await probeStored(second.assetId, tv, '144p', 0);
    expect(streams).toEqual([
      expect.objectContaining({ codec_name: 'h264', width: 256, height: 144 }),
      expect.objectContaining({ codec_name: 'aac', sample_rate: '48000', channels: 2 }),
    ]);
  });

  it('takes only the sound of a feed on radio, and reports its silence', async () => {
    const feed = startFeed([...PICTURE('320x240'), ...SILENCE], H264_AAC, 6);
    const { handle, assetId, reported } = await record(radio, feed);
    const silences: boolean[] = [];
    const watch = setInterval(() => silences.push(handle.stats().silent), 200);
    await handle.exited;
    clearInterval(watch);
    expect(silences).toContain(true);
    expect(reported.length).toBeGreaterThanOrEqual(2);
    expect(await probeStored(assetId, radio, 'audio-48k', 1)).toEqual([
      expect.objectContaining({ codec_type: 'audio', codec_name: 'aac', sample_rate: '48000', channels: 2 }),
    ]);
  });

  it('never reports a segment storage did not take; after storage returns, the next one is a discontinuity', async () => {
    const feed = startFeed(TONE, ['-c:a', 'aac'], 30);
    const { handle, reported, unstored } = await record(radio, feed);
    try {
      while (reported.length < 1) await new Promise((resolve) => setTimeout(resolve, 100));
      await s3.pause();
      while (handle.stats().segmentsDropped < 2) await new Promise((resolve) => setTimeout(resolve, 100));
      await s3.resume();
      while (!reported.some((s) => s.discontinuity)) await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      feed.kill('SIGKILL');
      await handle.exited;
    }
    expect(unstored).toEqual([]);
    const resumed = reported.findIndex((s) => s.discontinuity);
    expect(reported[resumed].index - reported[resumed - 1].index).toBeGreaterThan(2);
    expect(reported.slice(0, resumed).map((s) => s.index)).toEqual(reported.slice(0, resumed).map((_, i) => i));
  });

  it('ends when the feed is killed', async () => {
    const feed = startFeed(TONE, ['-c:a', 'aac'], 600);
    const { handle, reported } = await record(radio, feed);
    while (reported.length < 1) await new Promise((resolve) => setTimeout(resolve, 100));
    feed.kill('SIGKILL');
    await expect(handle.exited).resolves.toBeUndefined();
  });
});
