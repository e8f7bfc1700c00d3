import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { isProcessAlive } from '@siaran/core';

/**
 * Scratch directories for transcodes under DATA_DIR/media-work, one per job, named
 * after the owning process so that a worker can clear what a dead one left behind.
 */
@Injectable()
export class WorkingDirectories {
  private readonly logger = new Logger(WorkingDirectories.name);
  readonly root: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.root = join(config.dataDir, 'media-work');
  }

  async create(name: string): Promise<string> {
    const dir = join(this.root, `${process.pid}-${name}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    return dir;
  }

  async remove(dir: string): Promise<void> {
    await rm(dir, { recursive: true, force: true });
  }

  /** Removes directories of processes that no longer run (a worker killed mid-transcode). */
  async sweep(): Promise<void> {
    const entries = await readdir(this.root).catch(() => [] as string[]);
    for (const entry of entries) {
      const pid = Number.parseInt(entry, 10);
      if (Number.isInteger(pid) && pid !== process.pid && !isProcessAlive(pid)) {
        await rm(join(this.root, entry), { recursive: true, force: true });
        this.logger.log(`removed ${entry}, left by a worker that is gone`);
      }
    }
  }
}
