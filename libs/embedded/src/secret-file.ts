import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A secret made once and kept in `file`, readable by its owner only: written on the first
 * start (never over an existing file, so two starts cannot make two), read back on every
 * later one, and its mode put back to 0600 if someone widened it.
 */
export function secretFile(file: string, make: () => string): string {
  mkdirSync(dirname(file), { recursive: true });
  try {
    writeFileSync(file, `${make()}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    chmodSync(file, 0o600);
  }
  return readFileSync(file, 'utf8').trim();
}
