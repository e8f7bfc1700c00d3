import { join } from 'node:path';
import { ROOT } from './processes';

export const WEB_DIST = join(ROOT, 'dist', 'web');

/** The hashed files index.html names (script, stylesheet, icon). */
export function assetsNamedIn(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]);
}
