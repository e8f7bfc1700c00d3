import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig, S3Connection } from './app-config';

export const APP_CONFIG = Symbol('APP_CONFIG');
export const CONNECTIONS = Symbol('CONNECTIONS');

/** Where the database and object storage actually are, after any embedded server has started. */
export interface Connections {
  databaseUrl: string;
  s3: S3Connection;
}

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
