import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { secretFile } from './secret-file';

const KEY_FILE = 'live-secrets.key';
const KEY_FORMAT = /^[0-9a-f]{64}$/;

/**
 * The key encrypting live input secrets when LIVE_SECRETS_KEY is unset: made once under
 * DATA_DIR and read back on every later start, since secrets encrypted with a lost key are lost.
 */
export function liveSecretsKeyIn(dataDir: string): string {
  const file = join(dataDir, KEY_FILE);
  const key = secretFile(file, () => randomBytes(32).toString('hex')).toLowerCase();
  if (!KEY_FORMAT.test(key))
    throw new Error(
      `${file} does not hold a key of 64 hexadecimal digits; restore it from a backup, or set LIVE_SECRETS_KEY`,
    );
  return key;
}
