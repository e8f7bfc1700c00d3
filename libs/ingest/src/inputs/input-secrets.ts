import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CONNECTIONS, Connections } from '@siaran/config';

const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed secret that does not open with the key in use: another LIVE_SECRETS_KEY, or a damaged row. */
export class InputSecretUnreadableError extends Error {
  constructor(inputId: string) {
    super(`The secret of live input ${inputId} cannot be read with this LIVE_SECRETS_KEY; rotate it`);
    this.name = 'InputSecretUnreadableError';
  }
}

/**
 * Stream keys, SRT passphrases and Icecast passwords, sealed with AES-256-GCM under
 * LIVE_SECRETS_KEY. Encrypted rather than hashed: an SRT listener must be given the passphrase
 * itself. Each secret is bound to its input's id, so a sealed value copied to another row does not open.
 */
@Injectable()
export class InputSecrets {
  private readonly key: Buffer;

  constructor(@Inject(CONNECTIONS) connections: Pick<Connections, 'liveSecretsKey'>) {
    this.key = Buffer.from(connections.liveSecretsKey, 'hex');
    if (this.key.length !== 32) throw new Error('LIVE_SECRETS_KEY must be 32 bytes (64 hexadecimal digits)');
  }

  /** 32 hexadecimal digits (128 random bits): safe in URLs, stream keys and Basic auth, and an SRT passphrase (10 to 79 characters). */
  generate(): string {
    return randomBytes(16).toString('hex');
  }

  seal(inputId: string, secret: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(inputId));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [FORMAT, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  open(inputId: string, sealed: string): string {
    const [format, iv, tag, ciphertext] = sealed.split('.');
    if (format !== FORMAT || ciphertext === undefined) throw new InputSecretUnreadableError(inputId);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'), {
        authTagLength: TAG_BYTES,
      })
        .setAAD(Buffer.from(inputId))
        .setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new InputSecretUnreadableError(inputId);
    }
  }
}

/** Compares in a time that does not depend on where the strings differ, nor on the expected one's length. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
