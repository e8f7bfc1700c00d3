import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMigrations } from '@siaran/database';
import { EmbeddedPostgres } from '@siaran/embedded';
import { createTestApp, TEST_ADMIN, type TestApp } from '../../support/app';
import { freePort } from '../../support/ports';
import { startTestS3, type TestS3 } from '../../support/s3';
import { waitFor, waitForOnAir } from '../../support/wait';

/**
 * The all-in-one on an embedded PostgreSQL of its own, which the tests stop and kill while
 * a channel is on air: nothing answers 500, players go on, and everything comes back
 * without a person.
 */
describe('database faults during playout', () => {
  let root: string;
  let postgres: EmbeddedPostgres;
  let s3: TestS3;
  let t: TestApp;
  let token: string;
  const warnings: string[] = [];

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${t.url}${path}`, { headers });
  const login = () =>
    fetch(`${t.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(TEST_ADMIN),
    });

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'siaran-db-faults-'));
    chmodSync(root, 0o755);
    postgres = new EmbeddedPostgres({
      dataDir: join(root, 'postgres'),
      port: await freePort(),
      database: 'siaran',
      password: randomBytes(16).toString('hex'),
      log: () => undefined,
      warn: (message) => warnings.push(message),
    });
    await postgres.start();
    await runMigrations(postgres.url);
    s3 = await startTestS3();
    t = await createTestApp({
      sharing: { database: { url: postgres.url, drop: async () => undefined }, s3 },
      env: { PLAYOUT_ENABLED: 'true' },
      listen: true,
    });
    token = ((await (await login()).json()) as { token: string }).token;
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const station = (await (
      await fetch(`${t.url}/api/v1/stations`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ slug: 'lppl-kota-pekalongan', name: 'LPPL Kota Pekalongan' }),
      })
    ).json()) as { id: string };
    const channel = await fetch(`${t.url}/api/v1/channels`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ stationId: station.id, slug: 'batik-tv', name: 'Batik TV', kind: 'tv' }),
    });
    expect(channel.status).toBe(201);
    await waitForOnAir(t.url, 'batik-tv', 120000);
  }, 240000);

  afterAll(async () => {
    await t?.close();
    await postgres?.stop();
    await s3?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  async function expectPlayersServed(): Promise<void> {
    expect((await get('/live/batik-tv/master.m3u8')).status).toBe(200);
    expect((await get('/api/v1/channels/batik-tv/now-playing')).status).toBe(200);
  }

  it('answers 503 DATABASE_UNAVAILABLE while PostgreSQL is down, keeps the players served, and recovers when it is back', async () => {
    // Players poll: what airs has been asked before the database goes.
    await expectPlayersServed();
    await postgres.stop();

    for (const response of [
      await get('/api/v1/stations'),
      await get('/api/v1/users', { authorization: `Bearer ${token}` }),
      await login(),
    ]) {
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('2');
      expect(await response.json()).toEqual({
        statusCode: 503,
        code: 'DATABASE_UNAVAILABLE',
        message: 'The database is not reachable at the moment; try again shortly.',
      });
    }
    await expectPlayersServed();
    // Longer than the channel lookups and now-playing answers are kept fresh: players are served from what was planned.
    await new Promise((resolve) => setTimeout(resolve, 7000));
    await expectPlayersServed();

    await postgres.start();
    await waitFor(
      'the API answering from PostgreSQL again',
      async () => ((await get('/api/v1/stations')).status === 200 ? true : undefined),
      20000,
    );
    expect((await login()).status).toBe(200);
    await expectPlayersServed();
  }, 120000);

  it('brings a killed PostgreSQL back by itself; meanwhile every answer is 200 or 503, never 500', async () => {
    const killed = postgres.pid as number;
    process.kill(killed, 'SIGKILL');
    const statuses = new Set<number>();
    await waitFor(
      'the API answering from the restarted PostgreSQL',
      async () => {
        const status = (await get('/api/v1/stations')).status;
        statuses.add(status);
        return status === 200 && postgres.restarts === 1 ? true : undefined;
      },
      60000,
    );
    expect([...statuses].every((status) => status === 200 || status === 503)).toBe(true);
    expect(postgres.pid).not.toBe(killed);
    expect(warnings).toContain('embedded PostgreSQL is back (restart 1)');
    expect((await login()).status).toBe(200);
    await expectPlayersServed();
  }, 120000);
});
