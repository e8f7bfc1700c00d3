import 'reflect-metadata';
import { ConfigValidationError, loadConfig } from '@siaran/config';
import { runMigrations } from '@siaran/database';
import { startInfrastructure } from '@siaran/embedded';

/** `npm run migration:run`: applies pending migrations to DATABASE_URL, or to the embedded PostgreSQL. */
async function main(): Promise<void> {
  const config = loadConfig();
  const quiet = { info: () => undefined, warn: () => undefined, debug: () => undefined };
  const infrastructure = await startInfrastructure(
    { ...config, storage: { ...config.storage, connection: config.storage.connection ?? dummyS3 } },
    quiet,
  );
  try {
    const applied = await runMigrations(infrastructure.connections.databaseUrl);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database schema is up to date\n');
  } finally {
    await infrastructure.stop();
  }
}

/** Migrations never touch object storage: stand in a connection so no embedded S3 starts. */
const dummyS3 = {
  endPoint: 'unused',
  port: 1,
  useSSL: false,
  accessKey: 'unused',
  secretKey: 'unused',
  region: 'us-east-1',
  bucket: 'unused',
};

main().catch((error: Error) => {
  process.stderr.write(
    `migration failed: ${error instanceof ConfigValidationError ? error.message : error.message || String(error)}\n`,
  );
  process.exit(1);
});
