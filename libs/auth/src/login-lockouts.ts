import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { RetryLaterError } from '@siaran/core';
import { Clock } from '@siaran/time';
import { AuthErrorCode } from './auth-errors';

/**
 * Locks an account for LOGIN_LOCKOUT_SECONDS after LOGIN_LOCKOUT_FAILURES wrong passwords in a
 * row, whatever addresses they came from (a guesser spreading its attempts over many addresses
 * passes the per-address limit). Kept in PostgreSQL so that API replicas and restarts share the
 * count. E-mails without an account are counted alike, so a lockout tells nothing of which exist.
 */
@Injectable()
export class LoginLockouts {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** 429 ACCOUNT_LOCKED, with the seconds left, while the account is locked. */
  async assertUnlocked(email: string): Promise<void> {
    const now = this.clock.now();
    const rows: { locked_until: Date }[] = await this.dataSource.query(
      'SELECT locked_until FROM login_failures WHERE email = $1 AND locked_until > $2',
      [email, now],
    );
    if (rows.length === 0) return;
    const seconds = Math.ceil((rows[0].locked_until.getTime() - now.getTime()) / 1000);
    throw new RetryLaterError(
      AuthErrorCode.AccountLocked,
      `Too many wrong passwords for this account; try again in ${seconds} s.`,
      seconds,
    );
  }

  /** Counts a wrong password; the one that reaches LOGIN_LOCKOUT_FAILURES locks the account and starts the count again. */
  async recordFailure(email: string): Promise<void> {
    const { lockoutFailures, lockoutSeconds } = this.config.auth;
    await this.dataSource.query(
      `INSERT INTO login_failures AS f (email, failures, locked_until)
       VALUES ($1, CASE WHEN $3 <= 1 THEN 0 ELSE 1 END,
               CASE WHEN $3 <= 1 THEN $2::timestamptz + make_interval(secs => $4) END)
       ON CONFLICT (email) DO UPDATE SET
         failures = CASE WHEN f.failures + 1 >= $3 THEN 0 ELSE f.failures + 1 END,
         locked_until = CASE WHEN f.failures + 1 >= $3 THEN $2::timestamptz + make_interval(secs => $4)
                             ELSE f.locked_until END`,
      [email, this.clock.now(), lockoutFailures, lockoutSeconds],
    );
  }

  /** A right password ends the count. */
  async clear(email: string): Promise<void> {
    await this.dataSource.query('DELETE FROM login_failures WHERE email = $1', [email]);
  }
}
