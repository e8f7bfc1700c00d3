import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@siaran/config';
import { MediaModule } from '@siaran/media';
import { PlatformModule } from '@siaran/platform';
import { ObjectStorage, StorageKeys } from '@siaran/storage';
import { TEST_LIVE_SECRETS_KEY } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { makeVideo } from '../support/media';
import { ingestFile, isSettled, waitForVariant } from '../support/media-assets';
import { freePort } from '../support/ports';
import { ENTRY, processesMentioning, RunningProcess, startProcess, waitForStatus } from '../support/processes';
import { startTestS3, TestS3 } from '../support/s3';

/** The worker as its own process, killed outright in the middle of a transcode. */
describe('a worker killed during a transcode', () => {
  let database: TestDatabase;
  let s3: TestS3;
  let root: string;
  let api: INestApplicationContext;
  const workers: RunningProcess[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'siaran-worker-kill-'));
    chmodSync(root, 0o755);
    [database, s3] = await Promise.all([createTestDatabase(), startTestS3()]);
    const config = loadConfig({ DATA_DIR: join(root, 'api'), LOG_LEVEL: 'silent' });
    @Module({
      imports: [
        PlatformModule.forRoot(config, {
          databaseUrl: database.url,
          s3: s3.connection,
          liveSecretsKey: TEST_LIVE_SECRETS_KEY,
        }),
        MediaModule,
      ],
    })
    class ApiSideModule {}
    api = await NestFactory.createApplicationContext(ApiSideModule, { logger: false });
    await api.init();
  }, 180_000);
  afterAll(async () => {
    for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await api?.close();
    await Promise.all([database?.drop(), s3?.stop()]);
    rmSync(root, { recursive: true, force: true });
  });

  async function startWorker(): Promise<RunningProcess> {
    const port = await freePort();
    const worker = startProcess(ENTRY.worker, {
      DATABASE_URL: database.url,
      S3_ENDPOINT: `http://127.0.0.1:${s3.connection.port}`,
      S3_ACCESS_KEY: s3.connection.accessKey,
      S3_SECRET_KEY: s3.connection.secretKey,
      S3_BUCKET: s3.connection.bucket,
      WORKER_PORT: String(port),
      DATA_DIR: join(root, 'worker'),
      TRANSCODE_RETRY_DELAY_MS: '1000',
      LIVE_SECRETS_KEY: TEST_LIVE_SECRETS_KEY,
      RTMP_PORT: '0',
      ICECAST_PORT: '0',
    });
    workers.push(worker);
    await waitForStatus(`http://127.0.0.1:${port}/health/ready`, 200, 60_000, worker);
    return worker;
  }

  it('is retried after the restart and ends ready, with no orphaned ffmpeg, files or objects', async () => {
    const source = join(root, 'programme.mp4');
    await makeVideo(source, { seconds: 16 });
    const first = await startWorker();
    const asset = await ingestFile(api, source, { presets: ['tv-default'] });
    await waitForVariant(api, asset.id, 'tv-default', (v) => v.status === 'transcoding' && v.progress >= 15, 120_000);
    expect(processesMentioning(asset.id).length).toBeGreaterThan(0);

    first.child.kill('SIGKILL');
    await first.exited(10_000);
    // ffmpeg runs under setpriv --pdeathsig: it dies with its worker.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(processesMentioning(asset.id)).toEqual([]);
    const work = join(root, 'worker', 'media-work');
    expect(readdirSync(work)).toEqual([
      expect.stringMatching(new RegExp(`^${first.child.pid}-${asset.id}-tv-default$`)),
    ]);

    const second = await startWorker();
    const variant = await waitForVariant(api, asset.id, 'tv-default', isSettled, 150_000);
    expect(variant).toMatchObject({ status: 'ready', failureCode: null });
    expect(variant.attempts).toBe(2);
    const keys = (await api.get(ObjectStorage).list(StorageKeys.assetPrefix(asset.id))).map((o) => o.key).sort();
    expect(keys).toEqual(
      [
        asset.sourceKey,
        StorageKeys.assetPoster(asset.id),
        StorageKeys.assetMaster(asset.id, 'tv-default'),
        ...['720p', '480p', '360p'].flatMap((r) =>
          [0, 1, 2]
            .map((i) => StorageKeys.assetSegment(asset.id, 'tv-default', r, i))
            .concat(StorageKeys.assetMediaPlaylist(asset.id, 'tv-default', r)),
        ),
      ].sort(),
    );
    expect(existsSync(work) ? readdirSync(work) : []).toEqual([]);
    second.child.kill('SIGTERM');
    expect((await second.exited(15_000)).code).toBe(0);
  }, 300_000);
});
