import type { InputForIngest } from './feed';

export type RefusalReason = 'unknown-input' | 'wrong-secret' | 'disabled';

export type CredentialCheck =
  { ok: true; input: InputForIngest } | { ok: false; reason: RefusalReason; inputId?: string };

/** What an SRT listener needs: a UDP port of its own, the passphrase the studio must give and the stream id. */
export interface SrtListenerSpec {
  input: InputForIngest;
  port: number;
  passphrase: string;
  streamId: string;
}

export interface RelaySpec {
  input: InputForIngest;
  url: string;
  allowPrivateNetwork: boolean;
}

/**
 * The credential checks the ingest servers make at the handshake, before anything is decoded,
 * and the inputs a worker must arm itself (implemented by the live inputs service).
 */
export abstract class InputCredentials {
  /** RTMP: the stream key (the last path element the studio published to). */
  abstract checkRtmp(streamKey: string): Promise<CredentialCheck>;

  /** Icecast: the mount (without the leading slash), the user and password of Basic auth or SOURCE. */
  abstract checkIcecast(mount: string, user: string, password: string): Promise<CredentialCheck>;

  /** Every enabled SRT input with its port and passphrase. */
  abstract srtListeners(): Promise<SrtListenerSpec[]>;

  /** Every enabled relay input. */
  abstract relays(): Promise<RelaySpec[]>;
}
