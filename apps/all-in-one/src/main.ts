import 'reflect-metadata';
import { startInfrastructure } from '@siaran/embedded';
import { boot } from '@siaran/platform';
import { AllInOneModule } from './all-in-one.module';

void boot({
  name: 'all-in-one',
  rootModule: (config, connections) => AllInOneModule.forRoot(config, connections, { loadDemoData: config.demoData }),
  port: (config) => config.http.port,
  startInfrastructure,
  runMigrations: true,
  docs: true,
});
