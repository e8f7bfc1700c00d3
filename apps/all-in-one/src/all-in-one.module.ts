import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, Connections } from '@siaran/config';
import { PlatformModule } from '@siaran/platform';
import { SchedulingModule } from '@siaran/scheduling';
import { ApiModule } from '../../api/src/api.module';
import { WorkerModule } from '../../worker/src/worker.module';
import { DemoDataLoader } from './demo-data-loader';

export interface AllInOneOptions {
  /** Load the demo data into a database without stations (DEMO_DATA; `npm start` only, tests ask for it explicitly). */
  loadDemoData?: boolean;
}

/** The API and the worker in one process: what `npm start` runs on embedded defaults. */
@Module({})
export class AllInOneModule {
  static forRoot(config: AppConfig, connections: Connections, options: AllInOneOptions = {}): DynamicModule {
    return {
      module: AllInOneModule,
      imports: [PlatformModule.forRoot(config, connections), ApiModule, WorkerModule, SchedulingModule],
      providers: options.loadDemoData ? [DemoDataLoader] : [],
    };
  }
}
