import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig, S3Connection } from './app-config';

export const APP_CONFIG = Symbol('APP_CONFIG');
export const CONNECTIONS = Symbol('CONNECTIONS');

/** Where the database and object storage actually are, after any embedded server has started, and the key in use for live input secrets. */
export interface Connections {
  databaseUrl: string;
  s3: S3Connection;
  /** LIVE_SECRETS_KEY, or the one the all-in-one keeps under DATA_DIR (64 hex digits). */
  liveSecretsKey: string;
}

export interface InfrastructureLogger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

/** The database and object storage a process runs against, whoever started them. */
export interface Infrastructure {
  connections: Connections;
  /** Which parts run embedded in this process, for the boot banner. */
  embedded: { postgres: boolean; s3: boolean };
  stop(): Promise<void>;
}

/** Brings up what the configuration does not name (embedded servers, in the all-in-one). */
export type InfrastructureStarter = (config: AppConfig, logger: InfrastructureLogger) => Promise<Infrastructure>;

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, connections: Connections): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CONNECTIONS, useValue: connections },
      ],
      exports: [APP_CONFIG, CONNECTIONS],
    };
  }
}
