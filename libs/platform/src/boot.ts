import { type DynamicModule, type Type } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  type AppConfig,
  APP_VERSION,
  ConfigValidationError,
  type Connections,
  type Infrastructure,
  type InfrastructureStarter,
  loadConfig,
} from '@siaran/config';
import { runMigrations } from '@siaran/database';
import { createHttpApp, installShutdown } from '@siaran/http';
import { createBootLogger, OperatorConsole } from '@siaran/observability';

export interface BootOptions {
  name: 'all-in-one' | 'api' | 'worker';
  /** The application's root module, built around the resolved connections. */
  rootModule: (config: AppConfig, connections: Connections) => Type<unknown> | DynamicModule;
  port: (config: AppConfig) => number;
  /**
   * Starts what the configuration does not name: only the all-in-one passes one (embedded
   * servers); separate processes would each start their own, so they need both configured.
   */
  startInfrastructure?: InfrastructureStarter;
  runMigrations: boolean;
  docs: boolean;
}

class BootError extends Error {}

const RUNNING_AS_ROOT =
  'running as root: Siaran needs no root privileges; run it as an ordinary user (the embedded PostgreSQL already runs as the system user siaran-postgres, ffmpeg runs as this user)';

function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

function fail(message: string): never {
  process.stderr.write(`\nsiaran: cannot start: ${message}\n\n`);
  process.exit(1);
}

/** Loads config, brings up (or connects to) the infrastructure, migrates, then serves. */
export async function boot(options: BootOptions): Promise<NestFastifyApplication> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigValidationError) fail(error.message);
    throw error;
  }
  const logger = createBootLogger(config.logLevel, config.logFormat).child({ process: options.name });
  if (!options.startInfrastructure && (!config.database.url || !config.storage.connection)) {
    fail(
      `the ${options.name} process on its own needs DATABASE_URL and S3_ENDPOINT (with S3_ACCESS_KEY and S3_SECRET_KEY); use "npm start" for the all-in-one with embedded defaults`,
    );
  }
  if (!options.startInfrastructure && !config.live.secretsKey) {
    fail(
      `the ${options.name} process on its own needs LIVE_SECRETS_KEY, the key encrypting live input secrets, the same in the api and every worker; generate one with: openssl rand -hex 32`,
    );
  }

  if (process.getuid?.() === 0) logger.warn(RUNNING_AS_ROOT);

  let infrastructure: Infrastructure | undefined;
  try {
    const start = options.startInfrastructure ?? configuredInfrastructure;
    infrastructure = await start(config, {
      info: (m) => logger.info(m),
      warn: (m) => logger.warn(m),
      debug: (m) => logger.debug(m),
    });
    const { connections } = infrastructure;
    if (options.runMigrations && config.migrationsRun) {
      const applied = await runMigrations(connections.databaseUrl).catch((error: Error) => {
        throw new BootError(
          `PostgreSQL at ${describeDatabase(connections.databaseUrl)} is not usable: ${error.message || String(error)}`,
        );
      });
      if (applied.length) logger.info({ applied }, `applied ${applied.length} migration(s)`);
    }
    const app = await createHttpApp(options.rootModule(config, connections), {
      jsonBodyLimitBytes: config.http.jsonBodyLimitBytes,
      requestTimeouts: { bodyIdleMs: config.http.bodyIdleTimeoutMs, bufferedBodyMs: config.http.bufferedBodyTimeoutMs },
      docs: options.docs,
      trustedProxies: config.http.trustedProxies,
      throttledRequestsPerMinute: config.auth.loginAttemptsPerMinute,
    }).catch((error: Error) => {
      throw new BootError(`application failed to initialise: ${error.message || String(error)}`);
    });
    const port = options.port(config);
    await app.listen({ port, host: config.http.host }).catch(async (error: NodeJS.ErrnoException) => {
      await app.close().catch(() => undefined);
      throw new BootError(
        error.code === 'EADDRINUSE'
          ? `port ${port} is in use (is another instance running?); set ${options.name === 'worker' ? 'WORKER_PORT' : 'PORT'} to a free port`
          : error.message,
      );
    });
    const stopInfrastructure = infrastructure.stop;
    installShutdown([() => app.close(), stopInfrastructure], config.shutdownTimeoutMs, {
      info: (m) => logger.info(m),
      error: (m) => logger.error(m),
    });
    printBanner(options, config, port, infrastructure, app.get(OperatorConsole).notes());
    return app;
  } catch (error) {
    await infrastructure?.stop().catch(() => undefined);
    fail(error instanceof BootError ? error.message : (error as Error).message || String(error));
  }
}

/** The servers the configuration names, used as they are. */
async function configuredInfrastructure(config: AppConfig): Promise<Infrastructure> {
  const connections = {
    databaseUrl: config.database.url as string,
    s3: config.storage.connection as Connections['s3'],
    liveSecretsKey: config.live.secretsKey as string,
  };
  return { connections, embedded: { postgres: false, s3: false }, stop: async () => undefined };
}

/** Printed last at start-up, after the start-up logs, with what the operator must note (a one-time password). */
function printBanner(
  options: BootOptions,
  config: AppConfig,
  port: number,
  infrastructure: Infrastructure,
  notes: readonly string[],
): void {
  const local = `http://localhost:${port}`;
  const lines = [
    `Siaran ${APP_VERSION} (${options.name}) is running`,
    ...(options.name === 'worker'
      ? [`  Health:    ${local}/health/ready`]
      : [
          `  Player:    ${local}/`,
          `  API:       ${local}/api/v1`,
          `  API docs:  ${local}/docs`,
          `  Health:    ${local}/health/ready`,
          `  Public:    ${config.publicBaseUrl}`,
        ]),
    `  Metrics:   ${local}/metrics`,
    `  Database:  ${infrastructure.embedded.postgres ? `embedded PostgreSQL in ${config.dataDir}/postgres` : describeDatabase(infrastructure.connections.databaseUrl)}`,
    `  Storage:   ${infrastructure.embedded.s3 ? `embedded S3 in ${config.dataDir}/s3` : `${infrastructure.connections.s3.endPoint}:${infrastructure.connections.s3.port}/${infrastructure.connections.s3.bucket}`}`,
    '  Press Ctrl-C to stop.',
    ...(notes.length ? ['', ...notes] : []),
  ];
  process.stderr.write(`\n${lines.join('\n')}\n\n`);
}
