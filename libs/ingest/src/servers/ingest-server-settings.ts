/**
 * Where the ingest servers listen. A port of `null` disables that server; `0` binds any free
 * port (tests), which the server then reports.
 */
export interface IngestServerSettings {
  host: string;
  rtmpPort: number | null;
  icecastPort: number | null;
}

export const INGEST_SERVER_SETTINGS = Symbol('IngestServerSettings');
