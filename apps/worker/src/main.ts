import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { boot, PlatformModule } from '@siaran/platform';
import { WorkerModule } from './worker.module';

void boot({
  name: 'worker',
  rootModule: (config, connections) => {
    @Module({ imports: [PlatformModule.forRoot(config, connections), WorkerModule] })
    class WorkerRootModule {}
    return WorkerRootModule;
  },
  port: (config) => config.worker.port,
  runMigrations: false,
  docs: false,
});
