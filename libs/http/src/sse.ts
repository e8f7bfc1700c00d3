import { BeforeApplicationShutdown, Global, Injectable, Module } from '@nestjs/common';
import { FastifyReply } from 'fastify';

export const SSE_HEARTBEAT_MS = 15_000;

/** One open Server-Sent Events response. */
export interface SseStream {
  send(event: string, data: unknown, id?: string): void;
  readonly closed: boolean;
  onClose(listener: () => void): void;
  close(): void;
}

/**
 * Opens and tracks Server-Sent Events streams. Streams are long-lived, so graceful shutdown
 * ends them first; otherwise the HTTP server would wait on them until the shutdown timeout.
 */
@Injectable()
export class SseConnections implements BeforeApplicationShutdown {
  private readonly streams = new Set<SseStream>();

  get count(): number {
    return this.streams.size;
  }

  /** Takes over the reply: the handler must not return a body after this. */
  open(reply: FastifyReply, heartbeatMs = SSE_HEARTBEAT_MS): SseStream {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Proxies such as nginx must pass events through as they come.
      'x-accel-buffering': 'no',
    });
    raw.write(`retry: 3000\n\n`);
    const listeners: Array<() => void> = [];
    let closed = false;
    const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), heartbeatMs);
    heartbeat.unref();
    const finish = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      this.streams.delete(stream);
      for (const listener of listeners) listener();
    };
    const stream: SseStream = {
      send: (event, data, id) => {
        if (closed) return;
        const payload = JSON.stringify(data);
        raw.write(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${payload}\n\n`);
      },
      get closed() {
        return closed;
      },
      onClose: (listener) => listeners.push(listener),
      close: () => {
        finish();
        raw.end();
      },
    };
    raw.on('close', finish);
    this.streams.add(stream);
    return stream;
  }

  beforeApplicationShutdown(): void {
    for (const stream of [...this.streams]) stream.close();
  }
}

@Global()
@Module({ providers: [SseConnections], exports: [SseConnections] })
export class SseModule {}
