import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findPackageVersion(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'siaran' && pkg.version) return pkg.version;
    }
  }
  return '0.0.0';
}

/** The release of this build, from the project's package.json (the same from source and dist). */
export const APP_VERSION = findPackageVersion(__dirname);
