import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FfmpegError, FfmpegRunner } from '@siaran/ffmpeg';
import { permanentFailure } from '@siaran/media';
import { ObjectStorage, StorageKeys } from '@siaran/storage';
import { createTestApp, type TestApp } from '../support/app';
import { makeVideo } from '../support/media';
import { ingestFile, isSettled, waitForVariant } from '../support/media-assets';
import { processesMentioning } from '../support/processes';
import { waitFor } from '../support/wait';

const limits = { timeoutMs: 60_000, stallTimeoutMs: 60_000, nice: 10 };

describe('transcode faults', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'siaran-faults-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('the ffmpeg runner', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    it('kills an ffmpeg whose source never ends when the time limit is reached, leaving no process', async () => {
      const output = join(dir, 'never-ends.ts');
      const started = Date.now();
      const error = await t.app
        .get(FfmpegRunner)
        .run(
          [
            '-nostdin',
            '-y',
            '-progress',
            'pipe:1',
            '-f',
            'lavfi',
            '-i',
            'sine=f=440',
            '-c:a',
            'aac',
            '-f',
            'mpegts',
            output,
          ],
          { ...limits, timeoutMs: 2000 },
        )
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(FfmpegError);
      expect(error).toMatchObject({ kind: 'timeout', message: 'ffmpeg ran longer than the limit of 2000 ms' });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(processesMentioning(output)).toEqual([]);
    });

    it('kills an ffmpeg that stops making progress (a source that never delivers)', async () => {
      const fifo = join(dir, 'stuck.fifo');
      execFileSync('mkfifo', [fifo]);
      const error = await t.app
        .get(FfmpegRunner)
        .run(['-nostdin', '-y', '-progress', 'pipe:1', '-f', 'mpegts', '-i', fifo, '-f', 'null', '-'], {
          ...limits,
          stallTimeoutMs: 1500,
        })
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ kind: 'stalled', message: 'ffmpeg made no progress for 1500 ms' });
      expect(processesMentioning(fifo)).toEqual([]);
    });

    it('kills ffmpeg at once when the job is cancelled, and runs it at lower priority', async () => {
      const output = join(dir, 'cancelled.ts');
      const controller = new AbortController();
      const running = t.app
        .get(FfmpegRunner)
        .run(
          [
            '-nostdin',
            '-y',
            '-progress',
            'pipe:1',
            '-f',
            'lavfi',
            '-i',
            'sine=f=440',
            '-c:a',
            'aac',
            '-f',
            'mpegts',
            output,
          ],
          { ...limits, signal: controller.signal },
        );
      await new Promise((resolve) => setTimeout(resolve, 700));
      const [pid] = processesMentioning(output);
      expect(execFileSync('ps', ['-o', 'ni=', '-p', String(pid)], { encoding: 'utf8' }).trim()).toBe('10');
      controller.abort();
      await expect(running).rejects.toMatchObject({ kind: 'cancelled' });
      expect(processesMentioning(output)).toEqual([]);
    });
    it.each(['SIGKILL', 'SIGTERM'] as const)(
      'says an ffmpeg ended by %s from outside (the OOM killer, an operator) was killed, which a retry mends',
      async (signal) => {
        const output = join(dir, `killed-${signal}.ts`);
        const running = t.app
          .get(FfmpegRunner)
          .run(
            [
              '-nostdin',
              '-y',
              '-progress',
              'pipe:1',
              '-f',
              'lavfi',
              '-i',
              'sine=f=440',
              '-c:a',
              'aac',
              '-f',
              'mpegts',
              output,
            ],
            limits,
          )
          .catch((caught: unknown) => caught);
        const [pid] = await waitFor(
          'ffmpeg running',
          async () => {
            const pids = processesMentioning(output);
            return pids.length ? pids : undefined;
          },
          10_000,
        );
        process.kill(pid as number, signal);
        const error = await running;
        expect(error).toBeInstanceOf(FfmpegError);
        expect(error).toMatchObject({ kind: 'killed' });
        expect(permanentFailure(error, t.config)).toBeUndefined();
      },
    );
  });

  describe('a transcode over its time limit', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: { TRANSCODE_TIMEOUT_MS: '1500' } });
    });
    afterAll(() => t.close());

    it('fails with the reason, ffmpeg stderr for engineers, no ffmpeg left and no partial objects', async () => {
      const source = join(dir, 'long.mp4');
      await makeVideo(source, { seconds: 20 });
      const asset = await ingestFile(t.app, source, { presets: ['tv-default'] });
      const variant = await waitForVariant(t.app, asset.id, 'tv-default', isSettled);
      expect(variant).toMatchObject({
        status: 'failed',
        failureCode: 'TRANSCODE_TIMEOUT',
        failureReason: 'The transcode ran longer than the limit of 2 s (TRANSCODE_TIMEOUT_MS) and was stopped.',
      });
      expect(variant.failureDetail).toEqual(expect.any(String));
      expect(processesMentioning(asset.id)).toEqual([]);
      const keys = (await t.app.get(ObjectStorage).list(StorageKeys.assetPrefix(asset.id))).map((o) => o.key);
      expect(keys).toEqual([asset.sourceKey]);
      const work = join(t.config.dataDir, 'media-work');
      expect(existsSync(work) ? readdirSync(work) : []).toEqual([]);
    });
  });

  describe('an ffmpeg killed during a transcode', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: { TRANSCODE_RETRY_DELAY_MS: '1000' } });
    });
    afterAll(() => t.close());

    it('is retried, and the asset becomes ready instead of failing as a damaged file', async () => {
      const source = join(dir, 'killed.mp4');
      await makeVideo(source, { seconds: 30, width: 854, height: 480 });
      const asset = await ingestFile(t.app, source, { presets: ['tv-default'] });
      await waitForVariant(t.app, asset.id, 'tv-default', (v) => v.status === 'transcoding' && v.progress > 0);
      for (const pid of processesMentioning(asset.id)) process.kill(pid, 'SIGKILL');
      const variant = await waitForVariant(t.app, asset.id, 'tv-default', isSettled, 120_000);
      expect(variant).toMatchObject({ status: 'ready', failureCode: null });
      expect(variant.attempts).toBeGreaterThanOrEqual(2);
    });
  });

  describe('object storage unreachable during a transcode', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: { TRANSCODE_RETRY_DELAY_MS: '1000' } });
    });
    afterAll(() => t.close());

    it('retries with backoff and completes once storage is back, with every object in place', async () => {
      // Long enough that a heartbeat records progress (every 3 s) before the transcode ends, on a fast machine too.
      const source = join(dir, 'outage.mp4');
      await makeVideo(source, { seconds: 30, width: 854, height: 480 });
      const asset = await ingestFile(t.app, source, { presets: ['tv-default'] });
      await waitForVariant(t.app, asset.id, 'tv-default', (v) => v.status === 'transcoding' && v.progress > 0);
      await t.s3.pause();
      try {
        await waitForVariant(t.app, asset.id, 'tv-default', (v) => v.attempts >= 2 && v.status !== 'transcoding');
      } finally {
        await t.s3.resume();
      }
      const variant = await waitForVariant(t.app, asset.id, 'tv-default', isSettled, 120_000);
      expect(variant).toMatchObject({ status: 'ready', failureCode: null });
      expect(variant.attempts).toBeGreaterThanOrEqual(2);
      const keys = (await t.app.get(ObjectStorage).list(StorageKeys.assetPrefix(asset.id))).map((o) => o.key).sort();
      expect(keys).toEqual(
        [
          asset.sourceKey,
          StorageKeys.assetPoster(asset.id),
          StorageKeys.assetMaster(asset.id, 'tv-default'),
          ...['480p', '360p'].flatMap((r) => [
            StorageKeys.assetMediaPlaylist(asset.id, 'tv-default', r),
            ...[0, 1, 2, 3, 4].map((n) => StorageKeys.assetSegment(asset.id, 'tv-default', r, n)),
          ]),
        ].sort(),
      );
    });
  });
});
