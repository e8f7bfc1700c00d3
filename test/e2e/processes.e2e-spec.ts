import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '@siaran/database';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort } from '../support/ports';
import { ENTRY, processesMentioning, startProcess, waitForStatus } from '../support/processes';
import { startTestS3, type TestS3 } from '../support/s3';

/** These run the built processes exactly as `npm start` and the Docker images do. */
describe('processes', () => {
  describe('all-in-one on embedded defaults', () => {
    let dataDir: string;
    beforeAll(() => {
      dataDir = join(mkdtempSync(join(tmpdir(), 'siaran-run-')), 'var');
      chmodSync(join(dataDir, '..'), 0o755);
    });
    afterAll(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));

    it('starts, refuses a second instance, stops cleanly on Ctrl-C and reuses its data', async () => {
      const [port, secondPort, pgPort] = await Promise.all([freePort(), freePort(), freePort()]);
      const env = { DATA_DIR: dataDir, PORT: String(port), EMBEDDED_POSTGRES_PORT: String(pgPort) };

      const first = startProcess(ENTRY.allInOne, env);
      await waitForStatus(`http://127.0.0.1:${port}/health/ready`, 200, 60000, first);
      expect(first.output()).toContain(`API docs:  http://localhost:${port}/docs`);
      expect(first.output()).toContain(`Health:    http://localhost:${port}/health/ready`);
      expect(first.output()).toContain(`applied ${MIGRATIONS.length} migration(s)`);
      expect(first.output()).toMatch(
        /First admin account created[^\n]*\n {2}E-mail: {4}admin@siaran\.local\n {2}Password: {2}[A-Za-z0-9_-]{20}\n/,
      );
      const stations = async () =>
        (
          (await (await fetch(`http://127.0.0.1:${port}/api/v1/stations`)).json()) as {
            stations: Array<{ slug: string }>;
          }
        ).stations.map((s) => s.slug);
      expect(await stations()).toEqual(['lppl-kabupaten-kudus', 'lppl-kota-pekalongan']);
      const liveSecretsKey = readFileSync(join(dataDir, 'live-secrets.key'), 'utf8');
      expect(liveSecretsKey).toMatch(/^[0-9a-f]{64}\n$/);
      for (const secret of ['embedded-postgres.password', 'embedded-s3.access-key', 'embedded-s3.secret-key'])
        expect(statSync(join(dataDir, secret)).mode & 0o777).toBe(0o600);
      expect(statSync(join(dataDir, 's3')).mode & 0o777).toBe(0o700);

      const second = startProcess(ENTRY.allInOne, { ...env, PORT: String(secondPort) });
      expect((await second.exited(20000)).code).toBe(1);
      expect(second.output()).toContain(
        `DATA_DIR ${dataDir} is in use by another running instance (pid ${first.child.pid})`,
      );
      await waitForStatus(`http://127.0.0.1:${port}/health/ready`, 200, 5000);

      const stopping = Date.now();
      first.child.kill('SIGINT');
      expect(await first.exited(10000)).toEqual({ code: 0, signal: null });
      expect(Date.now() - stopping).toBeLessThan(10000);
      expect(processesMentioning(join(dataDir, 'postgres'))).toEqual([]);

      const again = startProcess(ENTRY.allInOne, env);
      await waitForStatus(`http://127.0.0.1:${port}/health/ready`, 200, 60000, again);
      expect(again.output()).not.toMatch(/applied \d+ migration/);
      expect(again.output()).not.toContain('Password:');
      expect(readFileSync(join(dataDir, 'live-secrets.key'), 'utf8')).toBe(liveSecretsKey);
      expect(await stations()).toEqual(['lppl-kabupaten-kudus', 'lppl-kota-pekalongan']);
      again.child.kill('SIGTERM');
      expect((await again.exited(10000)).code).toBe(0);
      expect(processesMentioning(join(dataDir, 'postgres'))).toEqual([]);
    });
  });

  it('stops at boot naming every bad variable, without a stack trace', async () => {
    const run = startProcess(ENTRY.allInOne, { PORT: 'abc', S3_USE_SSL: 'maybe' });
    expect((await run.exited(15000)).code).toBe(1);
    expect(run.output()).toContain('Invalid configuration (2 problems):');
    expect(run.output()).toContain('PORT="abc": must be a whole number from 1 to 65535');
    expect(run.output()).toContain('S3_USE_SSL="maybe": must be true or false');
    expect(run.output()).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  });

  describe('with an external PostgreSQL and S3', () => {
    let database: TestDatabase;
    let s3: TestS3;
    beforeAll(async () => {
      [database, s3] = await Promise.all([createTestDatabase({ migrate: false }), startTestS3()]);
    });
    afterAll(async () => {
      await Promise.all([database.drop(), s3.stop()]);
    });
    const s3Env = () => ({
      S3_ENDPOINT: `http://127.0.0.1:${s3.connection.port}`,
      S3_ACCESS_KEY: s3.connection.accessKey,
      S3_SECRET_KEY: s3.connection.secretKey,
      S3_BUCKET: 'siaran-external',
    });

    it('fails fast with a clear message when DATABASE_URL is unreachable', async () => {
      const unreachable = await freePort();
      const started = Date.now();
      const run = startProcess(ENTRY.allInOne, {
        ...s3Env(),
        DATABASE_URL: `postgres://siaran:x@127.0.0.1:${unreachable}/siaran`,
        PORT: String(await freePort()),
      });
      expect((await run.exited(20000)).code).toBe(1);
      expect(Date.now() - started).toBeLessThan(20000);
      expect(run.output()).toContain(
        `siaran: cannot start: PostgreSQL at 127.0.0.1:${unreachable}/siaran is not usable`,
      );
      expect(run.output()).toContain('ECONNREFUSED');
    });

    it('runs the API and the worker as separate processes; the worker reports in', async () => {
      const [apiPort, workerPort] = await Promise.all([freePort(), freePort()]);
      const common = { ...s3Env(), DATABASE_URL: database.url, LIVE_SECRETS_KEY: 'ab'.repeat(32) };
      const api = startProcess(ENTRY.api, { ...common, PORT: String(apiPort) });
      await waitForStatus(`http://127.0.0.1:${apiPort}/health/ready`, 200, 30000, api);
      const worker = startProcess(ENTRY.worker, { ...common, WORKER_PORT: String(workerPort) });
      try {
        await waitForStatus(`http://127.0.0.1:${workerPort}/health/ready`, 200, 30000, worker);
        const res = await fetch(`http://127.0.0.1:${apiPort}/health/workers`);
        const { workers } = (await res.json()) as { workers: Array<{ pid: number }> };
        expect(workers.map((w) => w.pid)).toEqual([worker.child.pid]);
        expect((await fetch(`http://127.0.0.1:${workerPort}/docs`)).status).toBe(404);
      } finally {
        worker.child.kill('SIGTERM');
        api.child.kill('SIGTERM');
        expect((await worker.exited(10000)).code).toBe(0);
        expect((await api.exited(10000)).code).toBe(0);
      }
      const res = await fetch(`http://127.0.0.1:${apiPort}/health/live`).catch(() => undefined);
      expect(res).toBeUndefined();
    });

    it('refuses to run the API alone without an external database and S3', async () => {
      const run = startProcess(ENTRY.api, { PORT: String(await freePort()) });
      expect((await run.exited(15000)).code).toBe(1);
      expect(run.output()).toContain('the api process on its own needs DATABASE_URL and S3_ENDPOINT');
    });

    it('refuses to run the API or the worker alone without LIVE_SECRETS_KEY', async () => {
      for (const entry of [ENTRY.api, ENTRY.worker]) {
        const run = startProcess(entry, {
          ...s3Env(),
          DATABASE_URL: database.url,
          PORT: String(await freePort()),
          WORKER_PORT: String(await freePort()),
        });
        expect((await run.exited(15000)).code).toBe(1);
        expect(run.output()).toContain('process on its own needs LIVE_SECRETS_KEY');
        expect(run.output()).toContain('openssl rand -hex 32');
      }
    });
  });
});
