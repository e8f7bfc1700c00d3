export * from './feed-input-args';
export * from './icecast-ingest-server';
export * from './ingest-server-settings';
export * from './ingest-servers.module';
export * from './refused-handshakes';
export * from './rtmp-ingest-server';
