import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type S3Connection } from '@siaran/config';
import { EmbeddedS3, type S3Credentials } from '@siaran/embedded';

export interface TestS3 {
  connection: S3Connection;
  server: EmbeddedS3;
  /** Where it keeps its files. */
  directory: string;
  /** Stops the server, keeping its files, so a test can bring it back on the same port. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/** The same embedded S3 server `npm start` uses, on a free port and a temporary directory. */
export async function startTestS3(bucket = 'siaran-test'): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 'siaran-s3-'));
  const credentials: S3Credentials = {
    accessKey: `TEST${randomBytes(8).toString('hex').toUpperCase()}`,
    secretKey: randomBytes(24).toString('hex'),
  };
  let server = new EmbeddedS3({ directory, port: 0, credentials });
  await server.start();
  const port = server.port;
  const connection: S3Connection = {
    endPoint: '127.0.0.1',
    port,
    useSSL: false,
    accessKey: credentials.accessKey,
    secretKey: credentials.secretKey,
    region: 'us-east-1',
    bucket,
  };
  const handle: TestS3 = {
    connection,
    server,
    directory,
    pause: () => server.stop(),
    resume: async () => {
      server = new EmbeddedS3({ directory, port, credentials });
      await server.start();
      handle.server = server;
    },
    stop: async () => {
      await server.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
  return handle;
}
