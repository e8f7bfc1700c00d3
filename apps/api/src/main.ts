import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { boot, PlatformModule } from '@siaran/platform';
import { ApiModule } from './api.module';

void boot({
  name: 'api',
  rootModule: (config, connections) => {
    @Module({ imports: [PlatformModule.forRoot(config, connections), ApiModule] })
    class ApiRootModule {}
    return ApiRootModule;
  },
  port: (config) => config.http.port,
  runMigrations: true,
  docs: true,
});
