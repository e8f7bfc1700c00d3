import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from '@siaran/core';

export class DataDirInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `DATA_DIR ${dataDir} is in use by another running instance (pid ${pid}). Stop it first, or set DATA_DIR to another directory.`,
    );
    this.name = 'DataDirInUseError';
  }
}

/**
 * One process at a time may own the embedded data: a second `npm start` must fail
 * with a message instead of starting a second PostgreSQL on the same files.
 */
export class DataDirLock {
  private readonly file: string;
  private held = false;

  constructor(private readonly dataDir: string) {
    this.file = join(dataDir, 'siaran.pid');
  }

  acquire(): void {
    mkdirSync(this.dataDir, { recursive: true });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        writeFileSync(this.file, `${process.pid}\n`, { flag: 'wx' });
        this.held = true;
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = Number.parseInt(readFileSync(this.file, 'utf8'), 10);
        if (Number.isInteger(owner) && owner !== process.pid && isProcessAlive(owner))
          throw new DataDirInUseError(this.dataDir, owner);
        rmSync(this.file, { force: true });
      }
    }
    throw new Error(`could not lock DATA_DIR ${this.dataDir}`);
  }

  release(): void {
    if (!this.held) return;
    rmSync(this.file, { force: true });
    this.held = false;
  }
}
