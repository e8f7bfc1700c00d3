import { BeforeApplicationShutdown, DynamicModule, Global, Inject, Injectable, Module } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { DomainError, RetryLaterError } from '@siaran/core';
import { InFlightLimit } from './in-flight-limit';

export const SSE_HEARTBEAT_MS = 15_000;

/** How many event streams one client address, and the process in all, may hold open. */
export interface SseLimits {
  perAddress: number;
  total: number;
}

export const SSE_LIMITS = Symbol('SSE_LIMITS');

/** A client told to wait this long before opening another stream (EventSource reconnects by itself). */
const STREAM_RETRY_AFTER_SECONDS = 30;

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
  private readonly slots: InFlightLimit;

  constructor(@Inject(SSE_LIMITS) limits: SseLimits) {
    this.slots = new InFlightLimit(limits.perAddress, limits.total);
  }

  get count(): number {
    return this.streams.size;
  }

  /**
   * Takes over the reply: the handler must not return a body after this. Past the limits it
   * throws instead (429 TOO_MANY_STREAMS for one address, 503 STREAMS_FULL for the process).
   */
  open(reply: FastifyReply, heartbeatMs = SSE_HEARTBEAT_MS): SseStream {
    const release = this.slots.acquire(reply.request.ip);
    if (release === 'per-key')
      throw new RetryLaterError(
        'TOO_MANY_STREAMS',
        `This address already has ${this.slots.perKey} event streams open; close one first.`,
        STREAM_RETRY_AFTER_SECONDS,
      );
    if (release === 'total')
      throw new DomainError(
        'unavailable',
        'STREAMS_FULL',
        'The server holds as many event streams as it may; try later.',
      );
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
      release();
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
@Module({})
export class SseModule {
  static forRoot(limits: SseLimits): DynamicModule {
    return {
      module: SseModule,
      providers: [{ provide: SSE_LIMITS, useValue: limits }, SseConnections],
      exports: [SseConnections],
    };
  }
}
