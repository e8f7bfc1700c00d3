import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import Context from 'node-media-server/src/core/context.js';
import nmsLogger from 'node-media-server/src/core/logger.js';
import BroadcastServer from 'node-media-server/src/server/broadcast_server.js';
import RtmpSession from 'node-media-server/src/session/rtmp_session.js';
import { FeedHandler, type FeedVerdict } from '../feed';
import { type CredentialCheck, InputCredentials } from '../input-credentials';
import { FeedConnection } from './feed-connection';
import { RTMP_APP, rtmpReadBackInputArgs } from './feed-input-args';
import { INGEST_SERVER_SETTINGS, type IngestServerSettings } from './ingest-server-settings';
import { type HandshakeRefusal, isLoopback, plainAddress, RefusedHandshakes } from './refused-handshakes';
import { limitInactivity } from './socket-timeout';

type RtmpStreamRequest = Parameters<RtmpSession['rtmp']['onConnectCallback']>[0];

/** Stream keys are opaque to the server; this only keeps path separators and query syntax out. */
const STREAM_KEY = /^[A-Za-z0-9._~-]{1,256}$/;
/** A connection must publish or play within this time. */
const HANDSHAKE_TIMEOUT_MS = 10_000;
/** A publisher that sends nothing for this long is disconnected. */
const PUBLISHER_IDLE_TIMEOUT_MS = 10_000;
/** Media packets parsed while the stream key is checked wait for the verdict (the socket is paused meanwhile). */
const MAX_PENDING_PACKETS = 1024;

/**
 * RTMP ingest for many stream keys on one port, with node-media-server's RTMP session doing the
 * protocol. Its own server class is not used: it cannot listen on port 0, exits the process when
 * the port is taken, and its publish hook cannot wait for an asynchronous check. Instead each
 * session's publish is held (socket paused, packets kept) until InputCredentials and the
 * FeedHandler have answered; a refused publisher never becomes the stream's publisher, so none of
 * node-media-server's publish events fire for it. Only loopback may play: the live encoder reads
 * accepted feeds back from here.
 */
@Injectable()
export class RtmpIngestServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('RtmpIngest');
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

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
    if (this.settings.rtmpPort === null) return;
    routeNodeMediaServerLogs(this.logger);
    const server = createServer((socket) => this.connected(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.settings.rtmpPort ?? 0, this.settings.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => this.logger.error(`RTMP server: ${error.message}`));
    this.server = server;
    this.logger.log(`RTMP ingest listening on ${this.settings.host}:${this.port}`);
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
    limitInactivity(socket, HANDSHAKE_TIMEOUT_MS, () =>
      this.refuse(socket, { reason: 'handshake-timeout', message: 'neither published nor played in time' }),
    );

    const session = new RtmpSession(socket);
    // node-media-server's parser throws on some malformed messages, from a socket event: uncaught,
    // that would end the whole process.
    const parse = session.onData;
    session.onData = (data) => {
      try {
        parse(data);
      } catch (error) {
        this.refuse(socket, { reason: 'bad-request', message: `malformed RTMP: ${(error as Error).message}` });
      }
    };
    session.run();
    Context.sessions.set(session.id, session);

    let request: RtmpStreamRequest | undefined;
    let admitted = false;
    const pending: unknown[] = [];
    session.rtmp.onConnectCallback = (stream) => (request = stream);
    session.rtmp.onPacketCallback = (packet) => {
      if (admitted) session.onPacket(packet);
      else if (pending.length < MAX_PENDING_PACKETS) pending.push(packet);
    };
    session.rtmp.onPlayCallback = () => this.play(session, request);
    session.rtmp.onPushCallback = () => {
      void this.publish(session, request, () => {
        admitted = true;
        for (const packet of pending.splice(0)) session.onPacket(packet);
      });
    };
  }

  private async publish(
    session: RtmpSession,
    request: RtmpStreamRequest | undefined,
    admit: () => void,
  ): Promise<void> {
    const socket = session.socket;
    const remoteAddress = plainAddress(socket.remoteAddress);
    if (!request || request.app !== RTMP_APP || !STREAM_KEY.test(request.name)) {
      this.refuse(socket, { reason: 'unknown-input', message: `published to /${request?.app ?? ''}/…` });
      return;
    }
    const streamKey = request.name;
    socket.pause();

    let check: CredentialCheck;
    try {
      check = await this.credentials.checkRtmp(streamKey);
    } catch (error) {
      this.logger.error(`RTMP stream key check failed: ${(error as Error).message}`);
      this.refuse(socket, { reason: 'unavailable', message: 'the stream key could not be checked' });
      return;
    }
    if (socket.destroyed) return;
    if (!check.ok) {
      this.refuse(socket, { reason: check.reason, inputId: check.inputId });
      return;
    }
    const inputId = check.input.id;
    if (Context.broadcasts.get(streamPath(request))?.getPublishStatus() === 'publishing') {
      this.refuse(socket, { reason: 'already-publishing', inputId, message: 'the input already has a publisher' });
      return;
    }

    attachStream(session, request);
    session.onPush();
    if (!session.isPublisher) {
      this.refuse(socket, { reason: 'already-publishing', inputId, message: 'refused by the RTMP server' });
      return;
    }
    admit();
    limitInactivity(socket, PUBLISHER_IDLE_TIMEOUT_MS, () => {
      this.logger.warn(`RTMP input ${inputId} from ${remoteAddress} sent nothing for ${PUBLISHER_IDLE_TIMEOUT_MS} ms`);
      socket.destroy();
    });
    socket.resume();

    const feed = new FeedConnection(
      check.input,
      remoteAddress,
      { inputArgs: rtmpReadBackInputArgs(this.port ?? 0, streamKey) },
      null,
      () => socket.destroy(),
    );
    socket.once('close', () => feed.connectionClosed());
    if (socket.destroyed) feed.connectionClosed();

    let verdict: FeedVerdict;
    try {
      verdict = await this.feeds.accept(feed);
    } catch (error) {
      verdict = { accepted: false, reason: 'unavailable', message: (error as Error).message };
    }
    if (!verdict.accepted) this.refuse(socket, { reason: verdict.reason, inputId, message: verdict.message });
  }

  private play(session: RtmpSession, request: RtmpStreamRequest | undefined): void {
    const socket = session.socket;
    if (!isLoopback(socket.remoteAddress)) {
      this.refuse(socket, { reason: 'remote-play', message: 'only the live encoder, on this host, may play' });
      return;
    }
    if (!request || request.app !== RTMP_APP || !STREAM_KEY.test(request.name)) {
      socket.destroy();
      return;
    }
    limitInactivity(socket, 0);
    attachStream(session, request);
    session.onPlay();
  }

  private refuse(socket: Socket, refusal: { reason: HandshakeRefusal; inputId?: string; message?: string }): void {
    this.refusals.record({ kind: 'rtmp', remoteAddress: plainAddress(socket.remoteAddress), ...refusal });
    socket.destroy();
  }
}

function streamPath(request: RtmpStreamRequest): string {
  return `/${request.app}/${request.name}`;
}

/** What node-media-server's own connect callback does, for stream keys its name pattern would refuse (it has no `.`). */
function attachStream(session: RtmpSession, request: RtmpStreamRequest): void {
  const path = streamPath(request);
  session.streamApp = request.app;
  session.streamName = request.name;
  session.streamHost = request.host;
  session.streamPath = path;
  session.streamQuery = request.query;
  session.broadcast = Context.broadcasts.get(path) ?? new BroadcastServer(path);
  Context.broadcasts.set(path, session.broadcast);
}

/** node-media-server logs every session to the console; its errors are a studio's problems, the rest is detail. */
function routeNodeMediaServerLogs(logger: Logger): void {
  nmsLogger.log = (message, level = 'info') => {
    if (level === 'error' || level === 'warn') logger.warn(message);
    else if (level === 'info') logger.debug(message);
    else logger.verbose(message);
  };
}
