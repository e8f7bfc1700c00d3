import 'reflect-metadata';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthModule, PasswordRecovery } from '@siaran/auth';
import { type AppConfig, ConfigModule, ConfigValidationError, type Connections, loadConfig } from '@siaran/config';
import { DatabaseModule } from '@siaran/database';
import { startInfrastructure } from '@siaran/embedded';
import { OperatorConsoleModule } from '@siaran/observability';
import { TimeModule } from '@siaran/time';

const USAGE = 'usage: npm run admin -- reset-password <e-mail>';

/** Only what changing an account needs: no HTTP, no playout, no worker. */
@Module({})
class AdminModule {
  static forRoot(config: AppConfig, connections: Connections): DynamicModule {
    return {
      module: AdminModule,
      imports: [
        ConfigModule.forRoot(config, connections),
        DatabaseModule,
        TimeModule,
        OperatorConsoleModule,
        AuthModule,
      ],
    };
  }
}

/**
 * `npm run admin -- reset-password <e-mail>`: a new password for an account, on the data of
 * DATA_DIR (Siaran stopped) or of DATABASE_URL, without touching anything else.
 */
async function main(): Promise<void> {
  const [command, email, ...rest] = process.argv.slice(2);
  if (command !== 'reset-password' || !email || rest.length > 0) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  const config = loadConfig();
  // Only warnings reach the operator's terminal (running as root, a restarted database).
  const quiet = {
    info: () => undefined,
    warn: (message: string) => process.stderr.write(`${message}\n`),
    debug: () => undefined,
  };
  const infrastructure = await startInfrastructure(config, quiet);
  try {
    const context = await NestFactory.createApplicationContext(
      AdminModule.forRoot(config, infrastructure.connections),
      { logger: false },
    );
    try {
      const password = await context.get(PasswordRecovery).reset(email);
      process.stdout.write(
        [
          `New password for ${email}: ${password}`,
          'Every login of this account has ended. Log in with it and change it (POST /api/v1/auth/password).',
          '',
        ].join('\n'),
      );
    } finally {
      await context.close();
    }
  } finally {
    await infrastructure.stop();
  }
}

main().catch((error: Error) => {
  process.stderr.write(
    `admin: ${error instanceof ConfigValidationError ? error.message : error.message || String(error)}\n`,
  );
  process.exit(1);
});
