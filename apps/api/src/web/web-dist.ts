import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Injection token of the directory holding the built web player (index.html and assets/). */
export const WEB_DIST_DIR = Symbol('WEB_DIST_DIR');

/**
 * dist/web under the project root, found from this file whether it runs from source
 * (apps/api/src/web) or built (dist/apps/api/src/web): the root is the first directory up
 * with a package.json (in the Docker image, /app).
 */
export function locateWebDist(from: string = __dirname): string {
  let directory = from;
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`no package.json above ${from}: cannot locate the web player`);
    directory = parent;
  }
  return join(directory, 'dist', 'web');
}
