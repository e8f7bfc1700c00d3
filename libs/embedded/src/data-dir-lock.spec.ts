import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirInUseError, DataDirLock } from './data-dir-lock';

describe('DataDirLock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'siaran-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second owner while the first process lives', () => {
    // pid 1 always exists: it stands for another running instance.
    writeFileSync(join(dir, 'siaran.pid'), '1\n');
    expect(() => new DataDirLock(dir).acquire()).toThrow(DataDirInUseError);
    expect(() => new DataDirLock(dir).acquire()).toThrow(/in use by another running instance \(pid 1\)/);
  });

  it('takes over a lock left by a process that is gone', () => {
    writeFileSync(join(dir, 'siaran.pid'), '999999999\n');
    const lock = new DataDirLock(dir);
    lock.acquire();
    lock.release();
    expect(existsSync(join(dir, 'siaran.pid'))).toBe(false);
  });

  it('creates the data directory when missing', () => {
    const nested = join(dir, 'a', 'b');
    const lock = new DataDirLock(nested);
    lock.acquire();
    expect(existsSync(join(nested, 'siaran.pid'))).toBe(true);
    lock.release();
  });
});
