import { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ErrorCode } from './api-error';

export interface RequestTimeouts {
  /** No byte of a request body for this long: 408 REQUEST_TIMEOUT and the connection is closed. */
  bodyIdleMs: number;
  /** A body read whole before its handler runs (JSON) must have arrived within this; uploads have only the idle limit. */
  bufferedBodyMs: number;
}

/**
 * Limits the time a request body may take the way nginx's client_body_timeout does: an
 * upload may take as long as it keeps progressing, and is cut once no byte has arrived for
 * `bodyIdleMs`. Node's own total limit (requestTimeout, 300 s by default) would end any
 * upload still streaming after five minutes, so it is turned off; bodies read whole (JSON,
 * a few KB) keep a total limit of their own, against clients that trickle them byte by byte.
 */
export function limitRequestBodyTimes(server: Server, timeouts: RequestTimeouts): Server {
  server.requestTimeout = 0;
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (!request.headers['content-length'] && !request.headers['transfer-encoding']) return;
    const socket = request.socket;
    socket.setTimeout(timeouts.bodyIdleMs);
    // Node emits the socket's idle timeout on the request while its body is incomplete.
    request.once('timeout', () =>
      refuse(response, `No bytes of the request body arrived for ${timeouts.bodyIdleMs / 1000} s.`),
    );
    const streamed = request.headers['content-type']?.startsWith('multipart/') ?? false;
    const total = streamed
      ? undefined
      : setTimeout(() => {
          if (!request.complete)
            refuse(response, `The request body did not arrive within ${timeouts.bufferedBodyMs / 1000} s.`);
        }, timeouts.bufferedBodyMs);
    const received = () => {
      // Once answered, the socket's timeout is Node's keep-alive one, which stays.
      if (!response.writableFinished) socket.setTimeout(0);
      clearTimeout(total);
    };
    request.once('end', received);
    request.once('close', received);
  });
  return server;
}

/** Answers 408 in the common error shape and closes the connection; the handler waiting for the body sees it end. */
function refuse(response: ServerResponse, message: string): void {
  if (response.headersSent) {
    // The answer has begun: the client learns of the end only by the connection closing.
    response.socket?.destroy();
    return;
  }
  const body = JSON.stringify({ statusCode: 408, code: ErrorCode.RequestTimeout, message });
  response.writeHead(408, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'close',
    'content-length': Buffer.byteLength(body),
  });
  const socket = response.socket;
  response.end(body, () => socket?.destroy());
}
