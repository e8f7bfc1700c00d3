import {
  type DynamicModule,
  type FactoryProvider,
  Module,
  type ModuleMetadata,
  type Provider,
  type ValueProvider,
} from '@nestjs/common';
import { IcecastIngestServer } from './icecast-ingest-server';
import { INGEST_SERVER_SETTINGS, type IngestServerSettings } from './ingest-server-settings';
import { RefusedHandshakes } from './refused-handshakes';
import { RtmpIngestServer } from './rtmp-ingest-server';

export interface IngestServersOptions {
  /** Modules that export an InputCredentials and a FeedHandler provider. */
  imports: NonNullable<ModuleMetadata['imports']>;
  settings:
    Omit<ValueProvider<IngestServerSettings>, 'provide'> | Omit<FactoryProvider<IngestServerSettings>, 'provide'>;
}

/**
 * The RTMP and Icecast servers studios push to (SRT needs no server: the live encoder listens).
 * Needs the MetricsRegistry (the global MetricsModule) for the refused-handshake counter.
 */
@Module({})
export class IngestServersModule {
  static register(options: IngestServersOptions): DynamicModule {
    return {
      module: IngestServersModule,
      imports: options.imports,
      providers: [
        { provide: INGEST_SERVER_SETTINGS, ...options.settings } as Provider,
        RefusedHandshakes,
        RtmpIngestServer,
        IcecastIngestServer,
      ],
      exports: [RtmpIngestServer, IcecastIngestServer],
    };
  }
}
