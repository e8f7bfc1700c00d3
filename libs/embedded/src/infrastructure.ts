import { join } from 'node:path';
import { type AppConfig, type Infrastructure, type InfrastructureLogger } from '@siaran/config';
import { DataDirLock } from './data-dir-lock';
import { EmbeddedS3 } from './embedded-s3';
import { EmbeddedPostgres } from './embedded-postgres';
import { type EmbeddedSecrets, embeddedSecretsIn } from './embedded-secrets';
import { liveSecretsKeyIn } from './live-secrets-key';

/**
 * Resolves where PostgreSQL and S3 are. Configured servers are used as they are;
 * what is not configured runs embedded under DATA_DIR, owned by this process. So does the
 * key of live input secrets when LIVE_SECRETS_KEY is unset. Embedded servers listen on
 * 127.0.0.1 only, with passwords made for this installation (see embeddedSecretsIn).
 */
export async function startInfrastructure(config: AppConfig, logger: InfrastructureLogger): Promise<Infrastructure> {
  const needsPostgres = !config.database.url;
  const needsS3 = !config.storage.connection;
  const stops: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step();
    stops.length = 0;
  };

  try {
    if (needsPostgres || needsS3) {
      const lock = new DataDirLock(config.dataDir);
      lock.acquire();
      stops.push(() => lock.release());
    }

    const secrets = needsPostgres || needsS3 ? embeddedSecretsIn(config.dataDir) : undefined;
    let databaseUrl = config.database.url as string;
    if (needsPostgres) {
      const postgres = new EmbeddedPostgres({
        dataDir: join(config.dataDir, 'postgres'),
        port: config.database.embeddedPort,
        database: 'siaran',
        password: secrets?.postgresPassword as string,
        log: (line) => logger.debug(`postgres: ${line}`),
        warn: (message) => logger.warn(message),
      });
      stops.push(() => postgres.stop());
      await postgres.start();
      databaseUrl = postgres.url;
      logger.info(`embedded PostgreSQL ready on 127.0.0.1:${config.database.embeddedPort}`);
    }

    let s3 = config.storage.connection;
    if (!s3) {
      const credentials = secrets?.s3 as EmbeddedSecrets['s3'];
      const embeddedS3 = new EmbeddedS3({
        directory: join(config.dataDir, 's3'),
        port: config.storage.embeddedPort,
        credentials,
      });
      await embeddedS3.start();
      stops.push(() => embeddedS3.stop());
      s3 = {
        endPoint: '127.0.0.1',
        port: embeddedS3.port,
        useSSL: false,
        accessKey: credentials.accessKey,
        secretKey: credentials.secretKey,
        region: config.storage.region,
        bucket: config.storage.bucket,
      };
      logger.info(`embedded S3 ready on 127.0.0.1:${embeddedS3.port}`);
    }

    const liveSecretsKey = config.live.secretsKey ?? liveSecretsKeyIn(config.dataDir);
    return {
      connections: { databaseUrl, s3, liveSecretsKey },
      embedded: { postgres: needsPostgres, s3: needsS3 },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
