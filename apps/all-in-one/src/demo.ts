import 'reflect-metadata';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type AppConfig, ConfigValidationError, type Connections, loadConfig } from '@siaran/config';
import { startInfrastructure } from '@siaran/embedded';
import { PlatformModule } from '@siaran/platform';
import { DemoData, type DemoRemoval, SchedulingModule } from '@siaran/scheduling';

const USAGE = 'usage: npm run demo -- remove';

/** The schedule and its media, without HTTP, playout or the worker. */
@Module({})
class DemoModule {
  static forRoot(config: AppConfig, connections: Connections): DynamicModule {
    return { module: DemoModule, imports: [PlatformModule.forRoot(config, connections), SchedulingModule] };
  }
}

/** What an operator reads: what went, and what stayed and why. */
function describeRemoval({ removed, kept }: DemoRemoval): string {
  const lines = [
    `Removed the demo data: ${removed.stations} stations, ${removed.channels} channels, ${removed.programmes} programmes, ${removed.scheduleEntries} schedule entries, ${removed.generatedMedia} generated media (slates).`,
  ];
  if (kept.length > 0) {
    lines.push('Kept, because something added since needs it:');
    for (const item of kept) lines.push(`  ${item.entityType} ${item.id}: ${item.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `npm run demo -- remove`: removes what the demo data created (Siaran stopped, on DATA_DIR or
 * DATABASE_URL), leaving what users added.
 */
async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command !== 'remove' || rest.length > 0) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  const config = loadConfig();
  const quiet = {
    info: () => undefined,
    warn: (message: string) => process.stderr.write(`${message}\n`),
    debug: () => undefined,
  };
  const infrastructure = await startInfrastructure(config, quiet);
  try {
    const context = await NestFactory.createApplicationContext(DemoModule.forRoot(config, infrastructure.connections), {
      logger: false,
    });
    try {
      process.stdout.write(describeRemoval(await context.get(DemoData).remove()));
    } finally {
      await context.close();
    }
  } finally {
    await infrastructure.stop();
  }
}

main().catch((error: Error) => {
  process.stderr.write(
    `demo: ${error instanceof ConfigValidationError ? error.message : error.message || String(error)}\n`,
  );
  process.exit(1);
});
