import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@siaran/audit';
import { AuthGuard } from './authenticated';
import { AuthService } from './auth.service';
import { FirstAdmin } from './first-admin';
import { LoginLockouts } from './login-lockouts';
import { PasswordRecovery } from './password-recovery';
import { PasswordHasher } from './secrets';
import { StationAccess } from './station-access';
import { AuthTokenEntity, UserEntity, UserStationEntity } from './user.entity';
import { UsersService } from './users.service';

/** Accounts, login tokens, the global guard behind `@Authenticated()`, and the first admin. */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, UserStationEntity, AuthTokenEntity]), AuditModule],
  providers: [
    AuthService,
    UsersService,
    PasswordHasher,
    LoginLockouts,
    StationAccess,
    FirstAdmin,
    PasswordRecovery,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, UsersService, StationAccess, PasswordRecovery],
})
export class AuthModule {}
