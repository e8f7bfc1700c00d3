// The parts of node-media-server 4.x (plain JavaScript, no typings) the RTMP ingest server uses.

declare module 'node-media-server/src/server/broadcast_server.js' {
  class BroadcastServer {
    constructor(streamPath: string);
    /** `reconnecting`: the publisher left less than 30 s ago; the same address may resume. */
    getPublishStatus(): 'publishing' | 'reconnecting' | 'idle';
  }
  export = BroadcastServer;
}

declare module 'node-media-server/src/session/rtmp_session.js' {
  import type { Socket } from 'node:net';
  import type BroadcastServer from 'node-media-server/src/server/broadcast_server.js';

  interface RtmpStreamRequest {
    app: string;
    name: string;
    host: string;
    query: Record<string, unknown>;
  }

  /** The RTMP protocol parser: the session sets these callbacks in `run()`. */
  interface RtmpParser {
    onConnectCallback(request: RtmpStreamRequest): void;
    onPushCallback(): void;
    onPlayCallback(): void;
    onPacketCallback(packet: unknown): void;
  }

  class RtmpSession {
    constructor(socket: Socket);
    readonly id: string;
    readonly socket: Socket;
    readonly rtmp: RtmpParser;
    isPublisher: boolean;
    streamApp: string;
    streamName: string;
    streamHost: string;
    streamPath: string;
    streamQuery: Record<string, unknown>;
    broadcast: BroadcastServer;
    run(): void;
    onData(data: Buffer): void;
    onPush(): void;
    onPlay(): void;
    onPacket(packet: unknown): void;
  }
  export = RtmpSession;
}

declare module 'node-media-server/src/core/context.js' {
  import type BroadcastServer from 'node-media-server/src/server/broadcast_server.js';

  const Context: {
    sessions: Map<string, unknown>;
    broadcasts: Map<string, BroadcastServer>;
  };
  export = Context;
}

declare module 'node-media-server/src/core/logger.js' {
  const logger: { log(message: string, level?: string): void };
  export = logger;
}
