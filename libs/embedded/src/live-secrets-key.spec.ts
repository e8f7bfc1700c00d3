import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { liveSecretsKeyIn } from './live-secrets-key';

describe('liveSecretsKeyIn', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'siaran-key-')), 'var');
  });
  afterEach(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));

  it('makes a random key readable only by its owner, and reuses it on the next start', () => {
    const key = liveSecretsKeyIn(dataDir);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(join(dataDir, 'live-secrets.key')).mode & 0o777).toBe(0o600);
    expect(liveSecretsKeyIn(dataDir)).toBe(key);
    const otherDir = join(dataDir, 'other');
    expect(liveSecretsKeyIn(otherDir)).not.toBe(key);
  });

  it('refuses a damaged key file instead of replacing it', () => {
    liveSecretsKeyIn(dataDir);
    writeFileSync(join(dataDir, 'live-secrets.key'), 'not a key\n');
    expect(() => liveSecretsKeyIn(dataDir)).toThrow(/does not hold a key of 64 hexadecimal digits/);
    expect(readFileSync(join(dataDir, 'live-secrets.key'), 'utf8')).toBe('not a key\n');
  });
});
