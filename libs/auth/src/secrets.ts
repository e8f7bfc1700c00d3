import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { DomainError, passwordWeakness } from '@siaran/core';
import { AuthErrorCode } from './auth-errors';

const TOKEN_PREFIX = 'sia_';

/** A new opaque bearer token: 256 random bits, base64url, with a prefix that secret scanners can spot. */
export function newBearerToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** What the database keeps of a token: enough to find it, useless to log in with. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A password for the first admin when none is configured: 120 random bits, easy to type. */
export function newRandomPassword(): string {
  return randomBytes(15).toString('base64url');
}

/** argon2id with the library's defaults (19 MiB, 2 passes): the OWASP baseline. */
@Injectable()
export class PasswordHasher {
  private dummyHash?: Promise<string>;

  /** The hash of a password about to be set; 400 WEAK_PASSWORD for one too short or too easy to guess. */
  hash(password: string): Promise<string> {
    const weakness = passwordWeakness(password);
    if (weakness)
      return Promise.reject(new DomainError('invalid', AuthErrorCode.WeakPassword, `The password ${weakness}.`));
    return hash(password);
  }

  verify(passwordHash: string, password: string): Promise<boolean> {
    return verify(passwordHash, password).catch(() => false);
  }

  /** Spends the time of a real verification, so that a login for an unknown e-mail takes as long as one with a wrong password. */
  async verifyNothing(password: string): Promise<false> {
    this.dummyHash ??= hash(newRandomPassword());
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
