import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { AssetStore } from '@siaran/media';
import { StorageKeys } from '@siaran/storage';
import { type TestApp } from './app';
import { bearer, createUser, login } from './auth';
import { ingestFile, waitForVariant } from './media-assets';

export interface AssetSpec {
  path: string;
  title: string;
  preset: string;
  kind?: 'programme' | 'filler' | 'ident' | 'announcement' | 'music';
}

/** The parts of a channel's public now-playing answer the tests read. */
export interface NowPlaying {
  live: { is_live: boolean; input: { id: string; name: string } | null; streamer_name: string | null };
  now_playing: null | {
    item_id: string;
    source: { kind: string; reason?: string };
    song: { title: string } | null;
  };
}

/** One item of a channel's as-run log. */
export interface AsRunItem {
  kind: string;
  reason: string;
  liveInputId: string | null;
}

interface ChannelRef {
  id: string;
  slug: string;
  timezone: string;
}

/**
 * A broadcaster set up through the real API: LPPL Kota Pekalongan with Batik TV (batik-tv) and
 * Radio Kota Batik (rkb), a producer and an engineer, programmes, and media transcoded by
 * the real worker. Playout and player tests build on it.
 */
export class Broadcast {
  /** Environment for test apps that air this broadcast. */
  static readonly env: Record<string, string> = {};

  readonly programmes = new Map<string, string>();

  constructor(
    private readonly t: TestApp,
    readonly stationId: string,
    readonly channels: Map<string, ChannelRef>,
    readonly admin: Record<string, string>,
    readonly producer: Record<string, string>,
    readonly engineer: Record<string, string>,
  ) {}

  private http() {
    return request(this.t.app.getHttpServer());
  }

  /** Ingests files as uploads are ingested and waits until each is transcoded; returns their ids in order. */
  async readyAssets(specs: AssetSpec[]): Promise<string[]> {
    const ids: string[] = [];
    for (const spec of specs) {
      const asset = await ingestFile(this.t.app, spec.path, {
        presets: [spec.preset],
        stationId: this.stationId,
        kind: spec.kind ?? 'programme',
        title: spec.title,
      });
      ids.push(asset.id);
    }
    for (let i = 0; i < specs.length; i += 1) {
      const variant = await waitForVariant(
        this.t.app,
        ids[i],
        specs[i].preset,
        (v) => v.status === 'ready' || v.status === 'failed',
        180_000,
      );
      if (variant.status !== 'ready')
        throw new Error(`${specs[i].title} failed to transcode: ${variant.failureReason}`);
    }
    return ids;
  }

  /** An asset whose transcode for `preset` failed: it cannot air. */
  async failedAsset(title: string, preset: string): Promise<string> {
    const id = randomUUID();
    const now = new Date();
    await this.t.app.get(AssetStore).insertAsset(
      {
        id,
        stationId: this.stationId,
        title,
        kind: 'programme',
        sourceKey: StorageKeys.assetSource(id, 'broken.mp4'),
        sourceName: 'broken.mp4',
        sourceSize: 1,
        createdBy: null,
        now,
      },
      'failed',
    );
    await this.t.app
      .get(DataSource)
      .query(
        `INSERT INTO asset_variants (asset_id, preset, status, queued_at, finished_at, failure_code, failure_reason) VALUES ($1, $2, 'failed', $3, $3, 'MEDIA_UNREADABLE', 'test: the transcode failed')`,
        [id, preset, now],
      );
    return id;
  }

  async setFiller(slug: string, assetId: string): Promise<void> {
    await this.http().put(`/api/v1/channels/${slug}/filler`).set(this.producer).send({ assetId }).expect(200);
  }

  async programme(title: string): Promise<string> {
    const existing = this.programmes.get(title);
    if (existing) return existing;
    const res = await this.http()
      .post('/api/v1/programmes')
      .set(this.producer)
      .send({ stationId: this.stationId, title, host: 'Tim Siaran', category: 'Umum' })
      .expect(201);
    this.programmes.set(title, res.body.id);
    return res.body.id;
  }

  /** One airing of `title` with `assetId` as its source, at an absolute instant. */
  scheduleOnce(
    slug: string,
    title: string,
    assetId: string,
    startMs: number,
    durationSeconds: number,
  ): Promise<string> {
    return this.scheduleAiring(slug, title, { kind: 'asset', assetId }, startMs, durationSeconds);
  }

  /** One live slot of `title` fed by the live input `liveInputId`, at an absolute instant. */
  scheduleLive(
    slug: string,
    title: string,
    liveInputId: string,
    startMs: number,
    durationSeconds: number,
  ): Promise<string> {
    return this.scheduleAiring(slug, title, { kind: 'live', liveInputId }, startMs, durationSeconds);
  }

  /** The public now-playing answer of a channel. */
  async nowPlaying(slug: string): Promise<NowPlaying> {
    return (await this.http().get(`/api/v1/channels/${slug}/now-playing`).expect(200)).body as NowPlaying;
  }

  /** The channel's as-run log of the last hour, as engineers read it. */
  async asRun(slug: string): Promise<AsRunItem[]> {
    const res = await this.http()
      .get(`/api/v1/channels/${slug}/as-run`)
      .query({ from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() })
      .set(this.engineer)
      .expect(200);
    return res.body as AsRunItem[];
  }

  private async scheduleAiring(
    slug: string,
    title: string,
    source: { kind: 'asset'; assetId: string } | { kind: 'live'; liveInputId: string },
    startMs: number,
    durationSeconds: number,
  ): Promise<string> {
    const channel = this.channels.get(slug) as ChannelRef;
    const res = await this.http()
      .post('/api/v1/schedule-entries')
      .set(this.producer)
      .send({
        channelId: channel.id,
        programmeId: await this.programme(title),
        start: DateTime.fromMillis(startMs, { zone: channel.timezone }).toFormat("yyyy-MM-dd'T'HH:mm:ss"),
        durationSeconds,
        source,
      });
    if (res.status !== 201) throw new Error(`scheduling ${title} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  }
}

export async function openBroadcast(t: TestApp): Promise<Broadcast> {
  const adminToken = await login(t);
  const http = request(t.app.getHttpServer());
  const station = await http
    .post('/api/v1/stations')
    .set(bearer(adminToken))
    .send({ slug: 'lppl-kota-pekalongan', name: 'LPPL Kota Pekalongan' })
    .expect(201);
  const channels = new Map<string, ChannelRef>();
  for (const spec of [
    { slug: 'batik-tv', name: 'Batik TV', kind: 'tv' },
    { slug: 'rkb', name: 'Radio Kota Batik', kind: 'radio' },
  ]) {
    const res = await http
      .post('/api/v1/channels')
      .set(bearer(adminToken))
      .send({ stationId: station.body.id, ...spec })
      .expect(201);
    channels.set(spec.slug, { id: res.body.id, slug: spec.slug, timezone: res.body.timezone });
  }
  const producer = await createUser(t, adminToken, 'producer', [station.body.id]);
  const engineer = await createUser(t, adminToken, 'engineer');
  return new Broadcast(
    t,
    station.body.id,
    channels,
    bearer(adminToken),
    bearer(producer.token),
    bearer(engineer.token),
  );
}
