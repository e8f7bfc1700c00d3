import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { DomainError } from '@siaran/core';
import { Clock } from '@siaran/time';
import { AuthErrorCode } from './auth-errors';
import { LoginLockouts } from './login-lockouts';
import { AuthUser, Role } from './role';
import { newBearerToken, PasswordHasher, tokenDigest } from './secrets';
import { AuthTokenEntity, UserEntity } from './user.entity';

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: AuthUser;
}

interface TokenRow {
  id: string;
  email: string;
  role: Role;
  expires_at: Date;
  revoked_at: Date | null;
  station_ids: string[];
}

/** Normalised form in which e-mails are stored and compared. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly lockouts: LoginLockouts,
  ) {}

  /** `clientAddress` names the client in the log of failed logins. */
  async login(email: string, password: string, clientAddress: string): Promise<LoginResult> {
    const normalised = normaliseEmail(email);
    await this.lockouts.assertUnlocked(normalised);
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ email: normalised });
    const valid = user
      ? await this.hasher.verify(user.passwordHash, password)
      : await this.hasher.verifyNothing(password);
    if (!user || !valid) {
      await this.lockouts.recordFailure(normalised);
      this.logger.warn(`failed login for ${normalised} from ${clientAddress}`);
      throw new DomainError('unauthorized', AuthErrorCode.InvalidCredentials, 'Wrong e-mail or password');
    }
    await this.lockouts.clear(normalised);

    const now = this.clock.now();
    const token = newBearerToken();
    const expiresAt = new Date(now.getTime() + this.config.auth.tokenTtlHours * 3_600_000);
    await this.dataSource.transaction(async (manager) => {
      // Expired tokens of this user are of no further use; forget them while here.
      await manager.query('DELETE FROM auth_tokens WHERE user_id = $1 AND expires_at < $2', [user.id, now]);
      await manager.insert(AuthTokenEntity, {
        id: randomUUID(),
        userId: user.id,
        tokenHash: tokenDigest(token),
        createdAt: now,
        expiresAt,
        revokedAt: null,
      });
    });
    return { token, expiresAt, user: await this.authenticate(token) };
  }

  /** The user a bearer token stands for; 401 UNAUTHORIZED when it is unknown, expired or revoked. */
  async authenticate(token: string): Promise<AuthUser> {
    const rows: TokenRow[] = await this.dataSource.query(
      `SELECT u.id, u.email, u.role, t.expires_at, t.revoked_at,
              ARRAY(SELECT us.station_id::text FROM user_stations us WHERE us.user_id = u.id ORDER BY us.station_id) AS station_ids
         FROM auth_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = $1`,
      [tokenDigest(token)],
    );
    const row = rows[0];
    if (!row || row.revoked_at)
      throw unauthorized('The token is not valid (unknown, or revoked by a logout); log in again');
    if (row.expires_at.getTime() <= this.clock.now().getTime())
      throw unauthorized('The token has expired; log in again');
    return { id: row.id, email: row.email, role: row.role, stationIds: row.station_ids };
  }

  async logout(token: string): Promise<void> {
    await this.dataSource.query('UPDATE auth_tokens SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL', [
      tokenDigest(token),
      this.clock.now(),
    ]);
  }

  /** Changes one's own password; every other token of the user stops working. */
  async changePassword(
    user: AuthUser,
    currentToken: string,
    currentPassword: string,
    newPassword: string,
  ): Promise<void> {
    const users = this.dataSource.getRepository(UserEntity);
    const stored = await users.findOneByOrFail({ id: user.id });
    if (!(await this.hasher.verify(stored.passwordHash, currentPassword))) {
      throw new DomainError('unauthorized', AuthErrorCode.InvalidCredentials, 'The current password is wrong');
    }
    const passwordHash = await this.hasher.hash(newPassword);
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      await manager.update(UserEntity, { id: user.id }, { passwordHash, updatedAt: now });
      await manager.query(
        'UPDATE auth_tokens SET revoked_at = $3 WHERE user_id = $1 AND token_hash <> $2 AND revoked_at IS NULL',
        [user.id, tokenDigest(currentToken), now],
      );
    });
  }
}

export function unauthorized(message: string): DomainError {
  return new DomainError('unauthorized', AuthErrorCode.Unauthorized, message);
}
