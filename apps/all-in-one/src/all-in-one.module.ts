import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, Connections } from '@siaran/config';
import { PlatformModule } from '@siaran/platform';
import { ApiModule } from '../../api/src/api.module';
import { WorkerModule } from '../../worker/src/worker.module';

/** The API and the worker in one process: what `npm start` runs on embedded defaults. */
@Module({})
export class AllInOneModule {
  static forRoot(config: AppConfig, connections: Connections): DynamicModule {
    return { module: AllInOneModule, imports: [PlatformModule.forRoot(config, connections), ApiModule, WorkerModule] };
  }
}
