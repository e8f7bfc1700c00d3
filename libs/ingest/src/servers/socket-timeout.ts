import type { Socket } from 'node:net';

/** Replaces the socket's inactivity limit (Node's `setTimeout` adds listeners and keeps the earlier ones). */
export function limitInactivity(socket: Socket, ms: number, onTimeout?: () => void): void {
  socket.removeAllListeners('timeout');
  socket.setTimeout(ms);
  if (onTimeout) socket.once('timeout', onTimeout);
}
