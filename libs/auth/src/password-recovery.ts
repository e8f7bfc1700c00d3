import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@siaran/core';
import { AuthErrorCode } from './auth-errors';
import { normaliseEmail } from './auth.service';
import { LoginLockouts } from './login-lockouts';
import { SYSTEM_USER } from './role';
import { newRandomPassword } from './secrets';
import { UserEntity } from './user.entity';
import { UsersService } from './users.service';

/**
 * For an operator who lost the admin password (`npm run admin -- reset-password <e-mail>`): a new
 * random password, every login of the account ended, its lockout lifted, the change audited
 * as the system's. The data stays as it is.
 */
@Injectable()
export class PasswordRecovery {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly lockouts: LoginLockouts,
  ) {}

  /** The new password; USER_NOT_FOUND when no account has that e-mail. */
  async reset(email: string): Promise<string> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ email: normaliseEmail(email) });
    if (!user) throw new DomainError('not-found', AuthErrorCode.UserNotFound, `No account has the e-mail ${email}`);
    const password = newRandomPassword();
    await this.users.update(SYSTEM_USER, user.id, { password });
    await this.lockouts.clear(user.email);
    return password;
  }
}
