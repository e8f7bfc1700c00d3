import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog, SYSTEM_ACTOR } from '@siaran/audit';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { OperatorConsole } from '@siaran/observability';
import { Clock } from '@siaran/time';
import { newRandomPassword, PasswordHasher } from './secrets';
import { UserEntity } from './user.entity';

/** Any fixed number: API replicas booting together on an empty database create one admin. */
const FIRST_ADMIN_LOCK_ID = 7_284_613_002;

/**
 * At boot, when the database has no users: creates the admin ADMIN_EMAIL with
 * ADMIN_PASSWORD, or with a random password printed once. There is no default password.
 */
@Injectable()
export class FirstAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger(FirstAdmin.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly operatorConsole: OperatorConsole,
    private readonly audit: AuditLog,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { adminEmail, adminPassword } = this.config.auth;
    const password = adminPassword ?? newRandomPassword();
    const created = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [FIRST_ADMIN_LOCK_ID]);
      if ((await manager.count(UserEntity)) > 0) return false;
      const now = this.clock.now();
      const id = randomUUID();
      await manager.insert(UserEntity, {
        id,
        email: adminEmail,
        displayName: 'Administrator',
        passwordHash: await this.hasher.hash(password),
        role: 'admin',
        createdAt: now,
        updatedAt: now,
      });
      await this.audit.record(manager, {
        actor: SYSTEM_ACTOR,
        action: 'create',
        entityType: 'user',
        entityId: id,
        stationId: null,
        newValue: { email: adminEmail, displayName: 'Administrator', role: 'admin', stationIds: [] },
      });
      return true;
    });
    if (!created) return;
    this.logger.log(`created the first admin ${adminEmail}`);
    if (adminPassword === undefined) {
      this.operatorConsole.print([
        'First admin account created (the database had no users):',
        `  E-mail:    ${adminEmail}`,
        `  Password:  ${password}`,
        'This password is shown only at this start: log in and change it (POST /api/v1/auth/password).',
        'Lost it? Stop Siaran and run: npm run admin -- reset-password <e-mail>',
      ]);
    }
  }
}
