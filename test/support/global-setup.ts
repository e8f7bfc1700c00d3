import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgres } from '@siaran/embedded';
import { freePort } from './ports';

declare global {
  var __SIARAN_TEST_POSTGRES__: EmbeddedPostgres | undefined;
}

/**
 * The database tests run against DATABASE_URL when it is set, else against one embedded
 * PostgreSQL started here for the whole run. Every test file makes its own database in it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_ADMIN_DATABASE_URL) return;
  if (process.env.DATABASE_URL) {
    process.env.TEST_ADMIN_DATABASE_URL = process.env.DATABASE_URL;
    return;
  }
  const root = mkdtempSync(join(tmpdir(), 'siaran-test-'));
  // Run as root, PostgreSQL runs as its own OS user, which must be able to enter this directory.
  chmodSync(root, 0o755);
  const dataDir = join(root, 'postgres');
  const postgres = new EmbeddedPostgres({
    dataDir,
    port: await freePort(),
    database: 'postgres',
    password: randomBytes(16).toString('hex'),
    log: () => undefined,
  });
  await postgres.start();
  globalThis.__SIARAN_TEST_POSTGRES__ = postgres;
  process.env.TEST_ADMIN_DATABASE_URL = postgres.url;
  process.env.TEST_EMBEDDED_POSTGRES_DIR = dataDir;
}
