import { type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

/** Shared by the Nest module, the migration runner and the tests: one definition of the connection. */
export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    extra: { max: 20, connectionTimeoutMillis: 5000, application_name: 'siaran' },
  };
}
