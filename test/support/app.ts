import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { type AppConfig, loadConfig } from '@siaran/config';
import { configureHttpApp, createFastifyAdapter } from '@siaran/http';
import { Clock } from '@siaran/time';
import { AllInOneModule } from '../../apps/all-in-one/src/all-in-one.module';
import { createTestDatabase, type TestDatabase } from './database';
import { freePort } from './ports';
import { startTestS3, type TestS3 } from './s3';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  database: TestDatabase;
  s3: TestS3;
  /** Base URL when started with `listen: true`. */
  url: string;
  close(): Promise<void>;
}

/** The key of live input secrets in every test app, unless a test sets LIVE_SECRETS_KEY itself. */
export const TEST_LIVE_SECRETS_KEY = '5e'.repeat(32);

/** The first admin of every test app, unless a test sets ADMIN_EMAIL/ADMIN_PASSWORD itself. */
export const TEST_ADMIN = { email: 'admin@test.siaran.id', password: 'test-admin-password' };

export interface TestAppOptions {
  env?: Record<string, string>;
  listen?: boolean;
  /** Replaces the system clock (e.g. a ManualClock to run hours of playout in a second). */
  clock?: Clock;
  /** Another instance on the same database and S3 (the second replica of a test). */
  sharing?: Pick<TestApp, 'database' | 's3'>;
}

/**
 * The all-in-one application as `npm start` builds it, on a database and an S3 server of
 * its own. `env` sets any variable as it would be set in production; playout runs only
 * where a test turns it on (PLAYOUT_ENABLED=true), so that other tests do not make slates.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'siaran-app-'));
  const [database, s3] = options.sharing
    ? [options.sharing.database, options.sharing.s3]
    : await Promise.all([createTestDatabase(), startTestS3()]);
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PORT: '3000',
    PLAYOUT_ENABLED: 'false',
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    // Every test logs in from 127.0.0.1, many times a minute; the login tests set their own limit.
    LOGIN_ATTEMPTS_PER_MINUTE: '1000',
    // Ingest servers of their own: a test app with playout on listens on these.
    RTMP_PORT: String(await freePort()),
    ICECAST_PORT: String(await freePort()),
    ...options.env,
  });
  const builder = Test.createTestingModule({
    imports: [
      AllInOneModule.forRoot(config, {
        databaseUrl: database.url,
        s3: s3.connection,
        liveSecretsKey: config.live.secretsKey ?? TEST_LIVE_SECRETS_KEY,
      }),
    ],
  });
  if (options.clock) builder.overrideProvider(Clock).useValue(options.clock);
  const moduleRef = await builder.compile();
  const httpOptions = {
    jsonBodyLimitBytes: config.http.jsonBodyLimitBytes,
    requestTimeouts: { bodyIdleMs: config.http.bodyIdleTimeoutMs, bufferedBodyMs: config.http.bufferedBodyTimeoutMs },
    docs: true,
    trustedProxies: config.http.trustedProxies,
    throttledRequestsPerMinute: config.auth.loginAttemptsPerMinute,
  };
  const app = await configureHttpApp(
    moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(httpOptions), { bufferLogs: true }),
    httpOptions,
  );
  let url = '';
  if (options.listen) {
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = await app.getUrl();
  } else {
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  }
  return {
    app,
    config,
    database,
    s3,
    url,
    close: async () => {
      await app.close();
      if (!options.sharing) await Promise.all([database.drop(), s3.stop()]);
      // An ffmpeg stopped by the shutdown may still be removing its last file.
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}
