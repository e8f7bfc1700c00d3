import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinary, parseVersion } from './ffmpeg-locator';

describe('findBinary', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ffmpeg-locator-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prefers the configured path', () => {
    expect(findBinary('ffmpeg', '/opt/ffmpeg/bin/ffmpeg', dir)).toEqual({
      path: '/opt/ffmpeg/bin/ffmpeg',
      source: 'env',
    });
  });

  it('then takes the first executable on the PATH', () => {
    const file = join(dir, 'ffprobe');
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, 0o755);
    expect(findBinary('ffprobe', undefined, `/nonexistent:${dir}`)).toEqual({ path: file, source: 'path' });
  });

  it('skips files that are not executable', () => {
    writeFileSync(join(dir, 'ffmpeg'), 'not a program');
    expect(findBinary('ffmpeg', undefined, dir).source).toBe('npm');
  });

  it('falls back to the npm-shipped build', () => {
    const found = findBinary('ffmpeg', undefined, '');
    expect(found.source).toBe('npm');
    expect(found.path).toMatch(/@ffmpeg-installer/);
  });
});

describe('parseVersion', () => {
  it('reads the version of Debian and static builds', () => {
    expect(parseVersion('ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2025')).toBe('5.1.9-0+deb12u1');
    expect(parseVersion('ffprobe version N-46258-g9c5ca5f7c2-static https://johnvansickle.com')).toBe(
      'N-46258-g9c5ca5f7c2-static',
    );
    expect(parseVersion('garbage')).toBe('unknown');
  });
});
