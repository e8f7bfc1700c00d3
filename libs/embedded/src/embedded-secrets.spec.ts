import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedSecretsIn } from './embedded-secrets';

describe('embeddedSecretsIn', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'siaran-secrets-')), 'var');
  });
  afterEach(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));

  const files = ['embedded-postgres.password', 'embedded-s3.access-key', 'embedded-s3.secret-key'];

  it('makes the passwords at the first start, readable by the owner only, and keeps them', () => {
    const secrets = embeddedSecretsIn(dataDir);
    expect(secrets.postgresPassword).toMatch(/^[0-9a-f]{48}$/);
    expect(secrets.s3.accessKey).toMatch(/^SIARAN[0-9A-F]{16}$/);
    expect(secrets.s3.secretKey).toMatch(/^[0-9a-f]{48}$/);
    for (const file of files) expect(statSync(join(dataDir, file)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dataDir, 'embedded-postgres.password'), 'utf8')).toBe(`${secrets.postgresPassword}\n`);
    expect(embeddedSecretsIn(dataDir)).toEqual(secrets);
    expect(embeddedSecretsIn(join(dataDir, 'other')).postgresPassword).not.toBe(secrets.postgresPassword);
  });

  it('makes a secret file readable by its owner only again when someone widened it', () => {
    embeddedSecretsIn(dataDir);
    chmodSync(join(dataDir, 'embedded-s3.secret-key'), 0o644);
    embeddedSecretsIn(dataDir);
    expect(statSync(join(dataDir, 'embedded-s3.secret-key')).mode & 0o777).toBe(0o600);
  });
});
