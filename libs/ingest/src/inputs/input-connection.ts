import type { LiveInputKind } from '../feed';

/** What a studio's software asks for, per kind. */
export type InputConnection =
  | { kind: 'rtmp'; serverUrl: string; streamKey: string }
  | { kind: 'srt'; url: string; host: string; port: number; streamId: string; passphrase: string; latencyMs: number }
  | { kind: 'icecast'; host: string; port: number; mount: string; user: string; password: string }
  | { kind: 'relay'; url: string };

export interface IngestEndpoints {
  publicHost: string;
  rtmpPort: number;
  icecastPort: number;
}

export interface InputAddressing {
  id: string;
  kind: LiveInputKind;
  srtPort: number | null;
  mount: string | null;
  url: string | null;
}

/** Shown in place of a secret outside the create and rotate-secret answers. */
export const MASKED_SECRET = '********';

/** The user every Icecast source client sends (BUTT, Mixxx and ffmpeg's default). */
export const ICECAST_SOURCE_USER = 'source';

/** The RTMP application studios publish to: `rtmp://host:port/live/<stream key>`. */
export const RTMP_APPLICATION = 'live';

/** SRT receive latency offered to studios: room for a few retransmissions over the internet. */
export const SRT_LATENCY_MS = 2000;

/** An RTMP stream key: the input's id, a dot, its secret. */
export const rtmpStreamKey = (inputId: string, secret: string) => `${inputId}.${secret}`;

/** IPv6 literals go in brackets inside a URL. */
const urlHost = (host: string) => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);

/** The connection details of an input; `secret` is the real one or `MASKED_SECRET`. */
export function connectionOf(
  input: InputAddressing,
  secret: string | null,
  endpoints: IngestEndpoints,
): InputConnection {
  const host = endpoints.publicHost;
  switch (input.kind) {
    case 'rtmp':
      return {
        kind: 'rtmp',
        serverUrl: `rtmp://${urlHost(host)}:${endpoints.rtmpPort}/${RTMP_APPLICATION}`,
        streamKey: rtmpStreamKey(input.id, secret ?? MASKED_SECRET),
      };
    case 'srt': {
      const port = input.srtPort as number;
      const passphrase = secret ?? MASKED_SECRET;
      // ffmpeg (and so OBS) reads the latency of an srt:// URL in microseconds.
      const query = `streamid=${input.id}&passphrase=${passphrase}&latency=${SRT_LATENCY_MS * 1000}`;
      return {
        kind: 'srt',
        url: `srt://${urlHost(host)}:${port}?${query}`,
        host,
        port,
        streamId: input.id,
        passphrase,
        latencyMs: SRT_LATENCY_MS,
      };
    }
    case 'icecast':
      return {
        kind: 'icecast',
        host,
        port: endpoints.icecastPort,
        mount: `/${input.mount as string}`,
        user: ICECAST_SOURCE_USER,
        password: secret ?? MASKED_SECRET,
      };
    case 'relay':
      return { kind: 'relay', url: input.url as string };
  }
}
