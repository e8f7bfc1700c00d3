import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CONNECTIONS, Connections } from '@siaran/config';
import { dataSourceOptions } from './data-source-options';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [CONNECTIONS],
      useFactory: (connections: Connections) => ({
        ...dataSourceOptions(connections.databaseUrl),
        autoLoadEntities: true,
        // Boot must not hang on an unreachable database: fail after a few tries with the reason.
        retryAttempts: 3,
        retryDelay: 1000,
      }),
    }),
  ],
})
export class DatabaseModule {}
