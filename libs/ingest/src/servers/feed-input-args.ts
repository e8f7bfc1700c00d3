/** The RTMP application studios publish to: `rtmp://<host>:<port>/live/<stream key>`. */
export const RTMP_APP = 'live';

/**
 * How long the live encoder waits for data from the local RTMP server before it gives up. The
 * server keeps a publish open for 30 s after its studio left (so that the studio may resume);
 * without this the encoder would wait out those 30 s, or forever, on a lost feed.
 */
export const RTMP_READ_TIMEOUT_MS = 5000;

/** The live encoder reads an accepted RTMP feed back from the local server, over loopback. */
export function rtmpReadBackInputArgs(port: number, streamKey: string): string[] {
  return [
    '-rw_timeout',
    String(RTMP_READ_TIMEOUT_MS * 1000),
    '-f',
    'flv',
    '-i',
    `rtmp://127.0.0.1:${port}/${RTMP_APP}/${streamKey}`,
  ];
}

export type IcecastInputFormat = 'mp3' | 'aac' | 'ogg';

/** An Icecast source's body, piped to the live encoder's stdin. */
export function icecastInputArgs(format: IcecastInputFormat): string[] {
  return ['-f', format, '-i', 'pipe:0'];
}

export interface SrtListenerOptions {
  host: string;
  port: number;
  passphrase: string;
  latencyMs: number;
}

/**
 * The live encoder is itself the SRT listener: libsrt refuses a caller with a wrong passphrase
 * during the handshake and keeps waiting; it serves one caller and ends when that caller leaves.
 * The passphrase is an option rather than a URL parameter because ffmpeg 5.1's libsrt reads URL
 * parameters without percent-decoding them; `latency` is in microseconds. The caller's stream id
 * is not passed: ffmpeg's listener accepts any (each input has a port of its own).
 */
export function srtListenerInputArgs(options: SrtListenerOptions): string[] {
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return [
    '-passphrase',
    options.passphrase,
    '-f',
    'mpegts',
    '-i',
    `srt://${host}:${options.port}?mode=listener&latency=${options.latencyMs * 1000}`,
  ];
}
