import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { WEB_DIST_DIR } from './web-dist';

/** The files of the built web player, read from disk (a rebuild is served without a restart). */
@Injectable()
export class WebAssets {
  constructor(@Inject(WEB_DIST_DIR) private readonly directory: string) {}

  get assetsDirectory(): string {
    return join(this.directory, 'assets');
  }

  /** The one HTML page of the player, or null when the player is not built. */
  async indexHtml(): Promise<string | null> {
    try {
      return await readFile(join(this.directory, 'index.html'), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }
}
