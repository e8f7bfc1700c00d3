import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '@siaran/embedded';
import { freePort } from '../support/ports';
import { processesMentioning } from '../support/processes';
import { waitFor } from '../support/wait';

async function query(url: string, sql: string): Promise<Array<Record<string, unknown>>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('EmbeddedPostgres', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'siaran-pg-'));
    chmodSync(root, 0o755);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('runs a real PostgreSQL that keeps its data across restarts', async () => {
    const options = {
      dataDir: join(root, 'postgres'),
      port: await freePort(),
      database: 'siaran',
      password: 'a-generated-password',
      log: () => undefined,
    };
    const first = new EmbeddedPostgres(options);
    await first.start();
    try {
      const [{ server_version: version }] = await query(first.url, 'SHOW server_version');
      expect(String(version)).toMatch(/^18\./);
      await query(first.url, "CREATE TABLE kept (name text); INSERT INTO kept VALUES ('Batik TV')");
    } finally {
      await first.stop();
    }

    const second = new EmbeddedPostgres(options);
    await second.start();
    try {
      expect(await query(second.url, 'SELECT name FROM kept')).toEqual([{ name: 'Batik TV' }]);
    } finally {
      await second.stop();
    }
  });

  it('explains a port that is already taken', async () => {
    const port = await freePort();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const postgres = new EmbeddedPostgres({
        dataDir: join(root, 'postgres'),
        port,
        database: 'siaran',
        password: 'a-generated-password',
        log: () => undefined,
      });
      await expect(postgres.start()).rejects.toThrow(new RegExp(`port ${port} is in use; set EMBEDDED_POSTGRES_PORT`));
    } finally {
      blocker.close();
    }
  });

  it('gives a data directory made with the former fixed password the generated one', async () => {
    const options = {
      dataDir: join(root, 'postgres'),
      port: await freePort(),
      database: 'siaran',
      log: () => undefined,
    };
    const older = new EmbeddedPostgres({ ...options, password: 'embedded' });
    await older.start();
    await older.stop();

    const warnings: string[] = [];
    const upgraded = new EmbeddedPostgres({
      ...options,
      password: 'the-generated-one',
      warn: (message) => warnings.push(message),
    });
    await upgraded.start();
    try {
      expect(await query(upgraded.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
      await expect(query(older.url, 'SELECT 1')).rejects.toMatchObject({ code: '28P01' });
      expect(warnings).toEqual([
        'the embedded PostgreSQL had the former fixed password: it now has the generated one kept under DATA_DIR',
      ]);
    } finally {
      await upgraded.stop();
    }
  });

  it('starts the server again by itself when it is killed, and says so', async () => {
    const warnings: string[] = [];
    const postgres = new EmbeddedPostgres({
      dataDir: join(root, 'postgres'),
      port: await freePort(),
      database: 'siaran',
      password: 'a-generated-password',
      log: () => undefined,
      warn: (message) => warnings.push(message),
    });
    await postgres.start();
    try {
      await query(postgres.url, "CREATE TABLE kept (name text); INSERT INTO kept VALUES ('Radio Suara Kudus')");
      const killed = postgres.pid as number;
      process.kill(killed, 'SIGKILL');
      const rows = await waitFor(
        'PostgreSQL back after SIGKILL',
        () => query(postgres.url, 'SELECT name FROM kept').catch(() => undefined),
        30000,
      );
      expect(rows).toEqual([{ name: 'Radio Suara Kudus' }]);
      expect(postgres.pid).not.toBe(killed);
      expect(postgres.restarts).toBe(1);
      expect(warnings[0]).toBe(
        'embedded PostgreSQL exited unexpectedly (code null, signal SIGKILL); restarting it in 1 s',
      );
      expect(warnings).toContain('embedded PostgreSQL is back (restart 1)');
    } finally {
      await postgres.stop();
    }
  });

  it('is not started again after it was stopped on purpose', async () => {
    const postgres = new EmbeddedPostgres({
      dataDir: join(root, 'postgres'),
      port: await freePort(),
      database: 'siaran',
      password: 'a-generated-password',
      log: () => undefined,
    });
    await postgres.start();
    await postgres.stop();
    // Longer than the first restart delay: a restart would have spawned the server by now.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(processesMentioning(join(root, 'postgres'))).toEqual([]);
  });
});
