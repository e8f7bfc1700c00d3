import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { FeedHandler, type FeedVerdict } from '../feed';
import { type CredentialCheck, InputCredentials, type RefusalReason } from '../input-credentials';
import { FeedConnection } from './feed-connection';
import { icecastInputArgs } from './feed-input-args';
import {
  basicCredentials,
  type IcecastRequest,
  icecastInputFormat,
  icecastResponse,
  iceResponseXml,
  metadataUpdate,
  parseIcecastRequest,
} from './icecast-protocol';
import { INGEST_SERVER_SETTINGS, type IngestServerSettings } from './ingest-server-settings';
import { type HandshakeRefusal, plainAddress, RefusedHandshakes } from './refused-handshakes';
import { limitInactivity } from './socket-timeout';

const MAX_HEAD_BYTES = 8 * 1024;
/** The request head must arrive within this time. */
const HANDSHAKE_TIMEOUT_MS = 10_000;
/** A source that sends nothing for this long is disconnected, which ends its feed. */
const SOURCE_IDLE_TIMEOUT_MS = 10_000;
/** How long a refused client may take to read its answer before the connection is cut. */
const CLOSE_GRACE_MS = 2000;
const HEAD_END = Buffer.from('\r\n\r\n');
const AUTHENTICATE = { 'WWW-Authenticate': 'Basic realm="Icecast2 Server"' };

const CREDENTIAL_ANSWERS: Record<RefusalReason, [number, string]> = {
  'unknown-input': [404, 'Mountpoint not found'],
  'wrong-secret': [401, 'Authentication Required'],
  disabled: [403, 'Mountpoint disabled'],
};

/**
 * An Icecast source receiver on raw TCP, since Node's HTTP parser refuses the `SOURCE` method:
 * `SOURCE /mount ICE/1.0` and `PUT /mount HTTP/1.1` with Basic auth, one source per mount; the
 * body after the head is the feed, piped to the live encoder's stdin. Track titles arrive as
 * `GET /admin/metadata?mode=updinfo&mount=/m&song=…` on a connection of their own.
 */
@Injectable()
export class IcecastIngestServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('IcecastIngest');
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  /** The feed of each mount with a source connected (or being accepted). */
  private readonly live = new Map<string, FeedConnection>();

  constructor(
    @Inject(INGEST_SERVER_SETTINGS) private readonly settings: IngestServerSettings,
    private readonly credentials: InputCredentials,
    private readonly feeds: FeedHandler,
    private readonly refusals: RefusedHandshakes,
  ) {}

  /** The port it listens on, or null when it is disabled. */
  get port(): number | null {
    const address = this.server?.address();
    return address && typeof address === 'object' ? (address as AddressInfo).port : null;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.settings.icecastPort === null) return;
    const server = createServer((socket) => this.connected(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.settings.icecastPort ?? 0, this.settings.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => this.logger.error(`Icecast server: ${error.message}`));
    this.server = server;
    this.logger.log(`Icecast ingest listening on ${this.settings.host}:${this.port}`);
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private connected(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', (error) => this.logger.debug(`Icecast connection: ${error.message}`));
    limitInactivity(socket, HANDSHAKE_TIMEOUT_MS, () =>
      this.refuse(socket, { reason: 'handshake-timeout', message: 'no complete request in time' }),
    );

    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const headEnd = received.indexOf(HEAD_END);
      if (headEnd < 0) {
        if (received.length > MAX_HEAD_BYTES)
          this.refuse(socket, { reason: 'bad-request', message: 'request head too large' }, [431, 'Too Large']);
        return;
      }
      socket.off('data', onData);
      socket.pause();
      const head = received.subarray(0, headEnd).toString('utf8');
      const request = parseIcecastRequest(head);
      if (!request) {
        this.refuse(socket, { reason: 'bad-request', message: 'not an Icecast request' }, [400, 'Bad Request']);
        return;
      }
      void this.handle(socket, request, received.subarray(headEnd + HEAD_END.length));
    };
    socket.on('data', onData);
  }

  private async handle(socket: Socket, request: IcecastRequest, bodyStart: Buffer): Promise<void> {
    if (request.method === 'SOURCE' || request.method === 'PUT') {
      await this.source(socket, request, bodyStart);
    } else if (request.method === 'GET' && request.path === '/admin/metadata') {
      await this.updateMetadata(socket, request);
    } else {
      answerAndClose(socket, icecastResponse(405, 'Method Not Allowed'));
    }
  }

  private async source(socket: Socket, request: IcecastRequest, bodyStart: Buffer): Promise<void> {
    const mount = request.path.slice(1);
    const format = icecastInputFormat(request.headers.get('content-type'));
    if (!format) {
      const message = `content type ${request.headers.get('content-type')} is not MP3, AAC or Ogg`;
      this.refuse(socket, { reason: 'unsupported-format', message }, [415, 'Unsupported Media Type']);
      return;
    }
    const check = await this.checkCredentials(socket, mount, request);
    if (!check) return;
    const inputId = check.input.id;
    if (this.live.has(mount)) {
      this.refuse(socket, { reason: 'already-publishing', inputId }, [403, 'Mountpoint in use']);
      return;
    }

    const body = new PassThrough();
    const streamerName = request.headers.get('ice-name') || request.headers.get('ice-description') || null;
    const remoteAddress = plainAddress(socket.remoteAddress);
    const feed = new FeedConnection(
      check.input,
      remoteAddress,
      { inputArgs: icecastInputArgs(format), stdin: body },
      streamerName,
      () => socket.destroy(),
    );
    this.live.set(mount, feed);
    const ended = () => {
      if (this.live.get(mount) === feed) this.live.delete(mount);
      body.end();
      feed.connectionClosed();
    };
    if (socket.destroyed) {
      ended();
      return;
    }
    socket.once('close', ended);

    let verdict: FeedVerdict;
    try {
      verdict = await this.feeds.accept(feed);
    } catch (error) {
      verdict = { accepted: false, reason: 'unavailable', message: (error as Error).message };
    }
    if (!verdict.accepted) {
      this.refuse(socket, { reason: verdict.reason, inputId, message: verdict.message }, [
        403,
        verdict.message.replace(/[\r\n]+/g, ' '),
      ]);
      return;
    }

    const expectsContinue = request.headers.get('expect')?.toLowerCase() === '100-continue';
    // As Icecast: the interim answer a PUT asked for, then the final one; the body follows.
    if (expectsContinue) socket.write('HTTP/1.1 100 Continue\r\n\r\n');
    socket.write(icecastResponse(200, 'OK'));
    limitInactivity(socket, SOURCE_IDLE_TIMEOUT_MS, () => {
      this.logger.warn(`Icecast input ${inputId} from ${remoteAddress} sent nothing for ${SOURCE_IDLE_TIMEOUT_MS} ms`);
      socket.destroy();
    });
    if (bodyStart.length > 0) body.write(bodyStart);
    socket.pipe(body);
    socket.resume();
  }

  private async updateMetadata(socket: Socket, request: IcecastRequest): Promise<void> {
    const update = metadataUpdate(request.query);
    if (update.mode !== 'updinfo' || !update.mount.startsWith('/')) {
      answerAndClose(
        socket,
        icecastResponse(400, 'Bad Request', {}, iceResponseXml(false, 'Unsupported metadata update')),
      );
      return;
    }
    const mount = update.mount.slice(1);
    const check = await this.checkCredentials(socket, mount, request);
    if (!check) return;
    const feed = this.live.get(mount);
    if (!feed) {
      answerAndClose(socket, icecastResponse(400, 'Bad Request', {}, iceResponseXml(false, 'Source does not exist')));
      return;
    }
    feed.titleReceived(update.song);
    answerAndClose(socket, icecastResponse(200, 'OK', {}, iceResponseXml(true, 'Metadata update successful')));
  }

  /** The input when the Basic credentials are right for the mount; otherwise answers, counts and closes. */
  private async checkCredentials(
    socket: Socket,
    mount: string,
    request: IcecastRequest,
  ): Promise<(CredentialCheck & { ok: true }) | null> {
    const credentials = basicCredentials(request.headers.get('authorization'));
    if (!credentials) {
      const message = 'no Basic credentials';
      this.refuse(socket, { reason: 'wrong-secret', message }, [401, 'Authentication Required', AUTHENTICATE]);
      return null;
    }
    let check: CredentialCheck;
    try {
      check = await this.credentials.checkIcecast(mount, credentials.user, credentials.password);
    } catch (error) {
      this.logger.error(`Icecast credential check failed: ${(error as Error).message}`);
      this.refuse(socket, { reason: 'unavailable' }, [503, 'Service Unavailable']);
      return null;
    }
    if (check.ok) return check;
    const [status, reason] = CREDENTIAL_ANSWERS[check.reason];
    const headers = status === 401 ? AUTHENTICATE : {};
    this.refuse(socket, { reason: check.reason, inputId: check.inputId, message: `mount /${mount}` }, [
      status,
      reason,
      headers,
    ]);
    return null;
  }

  private refuse(
    socket: Socket,
    refusal: { reason: HandshakeRefusal; inputId?: string; message?: string },
    answer?: [number, string, Record<string, string>?],
  ): void {
    this.refusals.record({ kind: 'icecast', remoteAddress: plainAddress(socket.remoteAddress), ...refusal });
    if (answer) answerAndClose(socket, icecastResponse(answer[0], answer[1], answer[2]));
    else socket.destroy();
  }
}

/** Sends the answer, drops whatever the client still sends, and closes once the client had time to read it. */
function answerAndClose(socket: Socket, response: string): void {
  if (socket.destroyed) return;
  limitInactivity(socket, 0);
  socket.resume();
  socket.end(response);
  setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
}
