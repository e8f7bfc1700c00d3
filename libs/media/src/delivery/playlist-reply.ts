import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CONTENT_TYPES } from '../transcode/transcode-pipeline';

/** Sends a playlist: HLS MIME type, a short cache, gzip when the client accepts it (Apple 10.1). */
export function sendPlaylist(
  request: FastifyRequest,
  reply: FastifyReply,
  text: string,
  cacheControl: string,
): FastifyReply {
  void reply
    .header('Content-Type', CONTENT_TYPES.playlist)
    .header('Cache-Control', cacheControl)
    .header('Vary', 'Accept-Encoding');
  if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
    return reply.header('Content-Encoding', 'gzip').send(gzipSync(text));
  }
  return reply.send(text);
}

/** Raw paths that try to leave the key space: `..` segments, encoded slashes or backslashes. */
export function isSuspiciousPath(rawUrl: string): boolean {
  const path = rawUrl.split('?')[0];
  return (
    /%2f|%5c|\\/i.test(path) ||
    path
      .split('/')
      .some(
        (segment) =>
          segment === '..' || segment === '.' || /^%2e(%2e)?$/i.test(segment) || /^\.%2e$|^%2e\.$/i.test(segment),
      )
  );
}
