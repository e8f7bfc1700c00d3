import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type S3Credentials } from './s3-signature';
import { secretFile } from './secret-file';

export interface EmbeddedSecrets {
  postgresPassword: string;
  s3: S3Credentials;
}

/**
 * The passwords of the embedded PostgreSQL and S3, made at the first start under DATA_DIR
 * (one file each, mode 0600): no other local user can read them, and no two installations
 * share them.
 */
export function embeddedSecretsIn(dataDir: string): EmbeddedSecrets {
  const token = (bytes: number) => () => randomBytes(bytes).toString('hex');
  return {
    postgresPassword: secretFile(join(dataDir, 'embedded-postgres.password'), token(24)),
    s3: {
      accessKey: secretFile(join(dataDir, 'embedded-s3.access-key'), () => `SIARAN${token(8)().toUpperCase()}`),
      secretKey: secretFile(join(dataDir, 'embedded-s3.secret-key'), token(24)),
    },
  };
}
