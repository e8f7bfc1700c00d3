import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '@siaran/embedded';
import { freePort } from '../support/ports';

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
        log: () => undefined,
      });
      await expect(postgres.start()).rejects.toThrow(new RegExp(`port ${port} is in use; set EMBEDDED_POSTGRES_PORT`));
    } finally {
      blocker.close();
    }
  });
});
