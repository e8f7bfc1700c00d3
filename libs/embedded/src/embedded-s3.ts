import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { chmod, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import S3rver, { type S3rverStore } from 's3rver';
import AWSAccount from 's3rver/lib/models/account';
import { type S3Credentials, s3SignatureRefusal } from './s3-signature';

export interface EmbeddedS3Options {
  directory: string;
  port: number;
  /** The one key pair it takes; every request must be signed with it. */
  credentials: S3Credentials;
}

/**
 * An in-process S3 server (s3rver) behind a thin HTTP front. s3rver lacks
 * ListMultipartUploads, which the minio client calls before every multipart upload;
 * the front answers that one call with an empty listing and passes the rest through.
 * s3rver also deletes the keys of one DeleteObjects request in parallel, and each
 * delete then removes the directories it left empty: two deletes in one directory race
 * on that cleanup and the request failed with a 500 although every object was gone. A
 * directory that is already gone or no longer empty is now left as it is.
 *
 * s3rver takes anonymous requests and does not check version 4 signatures, so the front
 * checks every request's signature against the key pair made for this installation and
 * refuses the rest with 403 before s3rver sees them: another local user can neither read
 * nor replace what is on air. s3rver's built-in key pair is revoked.
 *
 * s3rver lacks AbortMultipartUpload too: the parts of an upload that failed (too large, the
 * client gone) stayed on disk for ever. The front removes them; and since only this process
 * writes here, the unfinished uploads found at start belong to a process that died, and go.
 */
export class EmbeddedS3 {
  private server?: Server;

  constructor(private readonly options: EmbeddedS3Options) {}

  get port(): number {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('embedded S3 is not running');
    return address.port;
  }

  async start(): Promise<void> {
    await mkdir(this.options.directory, { recursive: true, mode: 0o700 });
    await chmod(this.options.directory, 0o700);
    const { credentials } = this.options;
    AWSAccount.DUMMY_ACCOUNT.revokeAccessKey(S3RVER_BUILT_IN_KEY);
    AWSAccount.DUMMY_ACCOUNT.createKeyPair(credentials.accessKey, credentials.secretKey);
    await removeUnfinishedUploads(this.options.directory);
    const s3rver = new S3rver({ directory: this.options.directory, silent: true, resetOnClose: false });
    tolerateCleanupRaces(s3rver.store);
    const { store } = s3rver;
    const handle = s3rver.getMiddleware();
    const server = createServer((req, res) => {
      const refusal = s3SignatureRefusal(
        { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers },
        credentials,
        new Date(),
      );
      if (refusal) return answerAccessDenied(req, res, refusal);
      if (isListMultipartUploads(req)) return answerNoMultipartUploads(req, res);
      const aborted = abortedUpload(req);
      if (aborted)
        return void abortMultipartUpload(store, aborted, req, res).catch(() => {
          if (!res.headersSent) res.writeHead(500);
          res.end();
        });
      handle(req, res);
    });
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new Error(
                `embedded S3 port ${this.options.port} is in use; set EMBEDDED_S3_PORT to a free port (0 picks one)`,
              )
            : error,
        ),
      );
      server.listen(this.options.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

const S3RVER_BUILT_IN_KEY = 'S3RVER';
/** Where s3rver keeps the parts of unfinished multipart uploads, in each bucket's directory. */
const UPLOADS_DIRECTORY = '._S3rver_uploads';
/** s3rver's upload ids: 32 hexadecimal digits. */
const UPLOAD_ID = /^[0-9a-f]{32}$/;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,62}$/;

async function removeUnfinishedUploads(directory: string): Promise<void> {
  for (const bucket of await readdir(directory, { withFileTypes: true })) {
    if (bucket.isDirectory())
      await rm(join(directory, bucket.name, UPLOADS_DIRECTORY), { recursive: true, force: true });
  }
}

function abortedUpload(req: IncomingMessage): { bucket: string; uploadId: string } | null {
  if (req.method !== 'DELETE' || !req.url) return null;
  const url = new URL(req.url, 'http://s3.local');
  const uploadId = url.searchParams.get('uploadId');
  const [bucket, ...key] = url.pathname.split('/').filter(Boolean);
  if (uploadId === null || !bucket || !BUCKET_NAME.test(bucket) || key.length === 0) return null;
  return { bucket, uploadId };
}

async function abortMultipartUpload(
  store: S3rverStore,
  { bucket, uploadId }: { bucket: string; uploadId: string },
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  req.resume();
  if (!UPLOAD_ID.test(uploadId)) {
    const body = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code></Error>';
    res.writeHead(404, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) });
    return void res.end(body);
  }
  await rm(join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId), { recursive: true, force: true });
  res.writeHead(204);
  res.end();
}

function tolerateCleanupRaces(store: S3rverStore): void {
  const deleteObject = store.deleteObject.bind(store);
  store.deleteObject = (bucket, key) => deleteObject(bucket, key).catch(ignoreDirectoryCleanupRace);
}

function ignoreDirectoryCleanupRace(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT' && error.code !== 'ENOTEMPTY') throw error;
}

function isListMultipartUploads(req: IncomingMessage): boolean {
  if (req.method !== 'GET' || !req.url) return false;
  const url = new URL(req.url, 'http://s3.local');
  return url.searchParams.has('uploads') && url.pathname.split('/').filter(Boolean).length === 1;
}

function answerNoMultipartUploads(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url as string, 'http://s3.local');
  const bucket = url.pathname.split('/').filter(Boolean)[0];
  const prefix = url.searchParams.get('prefix') ?? '';
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
    `<Bucket>${escapeXml(bucket)}</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker>` +
    `<NextKeyMarker></NextKeyMarker><NextUploadIdMarker></NextUploadIdMarker><Prefix>${escapeXml(prefix)}</Prefix>` +
    '<MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated></ListMultipartUploadsResult>';
  req.resume();
  res.writeHead(200, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function answerAccessDenied(req: IncomingMessage, res: ServerResponse, reason: string): void {
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>AccessDenied</Code><Message>Access Denied: ${escapeXml(reason)}</Message></Error>`;
  req.resume();
  res.writeHead(403, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function escapeXml(value: string): string {
  return value.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string,
  );
}
