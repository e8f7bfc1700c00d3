import { rmSync } from 'node:fs';
import { dirname } from 'node:path';

export default async function globalTeardown(): Promise<void> {
  const postgres = globalThis.__SIARAN_TEST_POSTGRES__;
  if (!postgres) return;
  globalThis.__SIARAN_TEST_POSTGRES__ = undefined;
  await postgres.stop();
  if (process.env.TEST_EMBEDDED_POSTGRES_DIR)
    rmSync(dirname(process.env.TEST_EMBEDDED_POSTGRES_DIR), { recursive: true, force: true });
  delete process.env.TEST_ADMIN_DATABASE_URL;
}
