import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { type INestApplicationContext } from '@nestjs/common';
import { parse, setOptions } from 'hls-parser';
import type { MasterPlaylist, MediaPlaylist } from 'hls-parser/types';
import { type Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import {
  type AssetEntity,
  AssetIngest,
  type AssetKind,
  AssetStore,
  type AssetVariantEntity,
  LiveRecordings,
} from '@siaran/media';
import { ObjectStorage, StorageKeys } from '@siaran/storage';
import { shippedPreset } from './media-fixtures';

const stations = new WeakMap<INestApplicationContext, Promise<string>>();

/** A station row for media tests that do not go through the HTTP API: one per application. */
export function testStation(app: INestApplicationContext): Promise<string> {
  let station = stations.get(app);
  if (!station) {
    const id = randomUUID();
    station = app
      .get(DataSource)
      .query('INSERT INTO stations (id, slug, name, created_at, updated_at) VALUES ($1, $2, $3, now(), now())', [
        id,
        `media-${id.slice(0, 8)}`,
        'LPPL Media Test',
      ])
      .then(() => id);
    stations.set(app, station);
  }
  return station;
}

/** Stores a local file as an asset's source and ingests it, as an upload would. */
export async function ingestFile(
  app: INestApplicationContext,
  path: string,
  options: { presets: string[]; stationId?: string; kind?: AssetKind; title?: string },
): Promise<AssetEntity> {
  const id = randomUUID();
  const key = StorageKeys.assetSource(id, basename(path));
  await app.get(ObjectStorage).putStream(key, createReadStream(path), 'application/octet-stream');
  return app.get(AssetIngest).ingest({
    id,
    stationId: options.stationId ?? (await testStation(app)),
    title: options.title ?? basename(path),
    kind: options.kind ?? 'programme',
    sourceKey: key,
    sourceName: basename(path),
    sourceSize: statSync(path).size,
    createdBy: null,
    presets: options.presets,
  });
}

export async function waitForVariant(
  app: INestApplicationContext,
  assetId: string,
  preset: string,
  until: (v: AssetVariantEntity) => boolean,
  timeoutMs = 90_000,
): Promise<AssetVariantEntity> {
  const started = Date.now();
  for (;;) {
    const variant = (await app.get(AssetStore).findVariants(assetId)).find((v) => v.preset === preset);
    if (variant && until(variant)) return variant;
    if (Date.now() - started > timeoutMs)
      throw new Error(
        `variant ${assetId} (${preset}) did not reach the expected state within ${timeoutMs} ms: ${JSON.stringify(variant)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export const isSettled = (v: AssetVariantEntity) => v.status === 'ready' || v.status === 'failed';

export async function readText(storage: ObjectStorage, key: string): Promise<string> {
  return (await readBuffer(await storage.get(key))).toString('utf8');
}

export async function readBuffer(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses with hls-parser in strict mode: any spec violation it knows throws. */
export function parseStrict(text: string): MasterPlaylist | MediaPlaylist {
  setOptions({ strictMode: true });
  try {
    return parse(text);
  } finally {
    setOptions({ strictMode: false });
  }
}

export interface StoredSegment {
  key: string;
  /** Where the API serves it: `/media/<key>`. */
  path: string;
  body: Buffer;
}

/**
 * A live recording in tv-default whose 720p segments are stored and registered as the live
 * encoder stores them (random bytes: nothing here decodes them).
 */
export class StoredRecording {
  readonly segments: StoredSegment[] = [];

  private constructor(
    private readonly app: INestApplicationContext,
    readonly assetId: string,
  ) {}

  static async create(app: INestApplicationContext, sizes: number[] = []): Promise<StoredRecording> {
    const assetId = await app.get(LiveRecordings).create({
      stationId: await testStation(app),
      title: 'Festival Batik',
      preset: shippedPreset('tv-default'),
    });
    const recording = new StoredRecording(app, assetId);
    for (const size of sizes) await recording.append(size);
    return recording;
  }

  async append(size: number): Promise<StoredSegment> {
    const index = this.segments.length;
    const key = StorageKeys.assetSegment(this.assetId, 'tv-default', '720p', index);
    const body = randomBytes(size);
    await this.app.get(ObjectStorage).put(key, body, 'video/mp2t', size);
    await this.app.get(LiveRecordings).appendSegment(this.assetId, shippedPreset('tv-default'), {
      index,
      durationMs: 6000,
      recordedAt: new Date(),
      discontinuity: false,
    });
    const segment = { key, path: `/media/${key}`, body };
    this.segments.push(segment);
    return segment;
  }
}

/** The segments of a new StoredRecording of the given sizes. */
export async function storedRecording(app: INestApplicationContext, sizes: number[]): Promise<StoredSegment[]> {
  return (await StoredRecording.create(app, sizes)).segments;
}
