import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { MediaProbe } from '../probe/media-probe';
import type { SongTags } from '../probe/song-tags';
import { QueueExecutor, queueExecutorOf } from '../queue/transcode-queue';
import type { TranscodeResult } from '../transcode/transcode-pipeline';
import {
  AssetEntity,
  AssetKind,
  StoredAssetKind,
  AssetRenditionEntity,
  AssetSegmentEntity,
  AssetStatus,
  AssetVariantEntity,
  VariantStatus,
} from './asset.entities';
import { assetStatusOf } from './asset-status';
import { normaliseTags } from './asset-tags';

export interface NewAsset {
  id: string;
  stationId: string;
  title: string;
  kind: AssetKind;
  sourceKey: string;
  sourceName: string;
  sourceSize: number;
  createdBy: string | null;
  /** Producers' tags, as `normaliseTags` keeps them. */
  tags?: string[];
  now: Date;
}

/** What playout reads of an asset that airs as a song. */
export interface AssetSongInfo {
  kind: StoredAssetKind;
  song: SongTags | null;
  /** The object key of its picture: the poster of video, the cover art of audio; null without one. */
  pictureKey: string | null;
}

export interface AssetListFilter {
  stationIds?: string[];
  status?: AssetStatus;
  kind?: StoredAssetKind;
  search?: string;
  limit: number;
  offset: number;
}

export interface Failure {
  code: string;
  reason: string;
  detail?: string;
}

export type HeartbeatVerdict = 'continue' | 'cancel' | 'lost';

/** How long a claimed transcode stays its worker's without a heartbeat. */
export const LEASE_MS = 15_000;

/** Every query on the media tables. Services hold the rules; this holds the SQL. */
@Injectable()
export class AssetStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager, queue: QueueExecutor) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(manager, queueExecutorOf(manager)));
  }

  async insertAsset(asset: NewAsset, status: AssetStatus): Promise<void> {
    await this.dataSource.getRepository(AssetEntity).insert({
      id: asset.id,
      stationId: asset.stationId,
      title: asset.title,
      kind: asset.kind,
      status,
      sourceKey: asset.sourceKey,
      sourceName: asset.sourceName,
      sourceSize: asset.sourceSize,
      probe: null,
      song: null,
      tags: asset.tags ?? [],
      durationMs: null,
      posterKey: null,
      createdBy: asset.createdBy,
      createdAt: asset.now,
      updatedAt: asset.now,
    });
  }

  async setAssetStatus(id: string, status: AssetStatus, now: Date): Promise<void> {
    await this.dataSource.getRepository(AssetEntity).update({ id }, { status, updatedAt: now });
  }

  async deleteAsset(id: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.getRepository(AssetEntity).delete({ id });
  }

  /** Records the probe and queues one variant per preset with the job that will make it, in the caller's transaction. */
  async recordProbeAndVariants(
    manager: EntityManager,
    assetId: string,
    probe: MediaProbe,
    variants: Array<{ preset: string; jobId: string; decisions: string[] }>,
    now: Date,
  ): Promise<void> {
    await manager
      .getRepository(AssetEntity)
      .update(
        { id: assetId },
        { probe, song: probe.song ?? null, durationMs: Math.round(probe.durationSeconds * 1000), updatedAt: now },
      );
    for (const v of variants) await this.insertVariant(manager, assetId, v, now);
    await this.refreshAssetStatus(manager, assetId, now);
  }

  async insertVariant(
    manager: EntityManager,
    assetId: string,
    v: { preset: string; jobId: string; decisions: string[] },
    now: Date,
  ): Promise<void> {
    await manager.getRepository(AssetVariantEntity).insert({
      assetId,
      preset: v.preset,
      status: 'queued',
      progress: 0,
      etaSeconds: null,
      jobId: v.jobId,
      attemptId: null,
      leaseExpiresAt: null,
      cancelRequested: false,
      attempts: 0,
      decisions: v.decisions,
      failureCode: null,
      failureReason: null,
      failureDetail: null,
      durationMs: null,
      queuedAt: now,
      startedAt: null,
      finishedAt: null,
    });
  }

  /** A failed variant queued again with a new job. */
  async requeueFailedVariant(
    manager: EntityManager,
    assetId: string,
    preset: string,
    jobId: string,
    now: Date,
  ): Promise<boolean> {
    const [, count] = (await manager.query(
      `UPDATE asset_variants SET status = 'queued', job_id = $3, progress = 0, eta_seconds = NULL, attempt_id = NULL, lease_expires_at = NULL,
         cancel_requested = false, failure_code = NULL, failure_reason = NULL, failure_detail = NULL, queued_at = $4, started_at = NULL, finished_at = NULL
       WHERE asset_id = $1 AND preset = $2 AND status = 'failed'`,
      [assetId, preset, jobId, now],
    )) as [unknown, number];
    if (count > 0) await this.refreshAssetStatus(manager, assetId, now);
    return count > 0;
  }

  async refreshAssetStatus(manager: EntityManager, assetId: string, now: Date): Promise<void> {
    const asset = await manager
      .getRepository(AssetEntity)
      .findOne({ where: { id: assetId }, lock: { mode: 'pessimistic_write' } });
    if (!asset) return;
    const variants = await manager
      .getRepository(AssetVariantEntity)
      .find({ where: { assetId }, select: { status: true } });
    const status = assetStatusOf(
      variants.map((v) => v.status),
      asset.status,
    );
    if (status !== asset.status)
      await manager.getRepository(AssetEntity).update({ id: assetId }, { status, updatedAt: now });
  }

  findAsset(id: string): Promise<AssetEntity | null> {
    return this.dataSource.getRepository(AssetEntity).findOneBy({ id });
  }

  findVariants(assetId: string): Promise<AssetVariantEntity[]> {
    return this.dataSource
      .getRepository(AssetVariantEntity)
      .find({ where: { assetId }, order: { queuedAt: 'ASC', preset: 'ASC' } });
  }

  findVariantsOf(assetIds: string[]): Promise<AssetVariantEntity[]> {
    if (assetIds.length === 0) return Promise.resolve([]);
    return this.dataSource
      .getRepository(AssetVariantEntity)
      .createQueryBuilder('v')
      .where('v.asset_id = ANY(:ids)', { ids: assetIds })
      .orderBy('v.queued_at')
      .addOrderBy('v.preset')
      .getMany();
  }

  async listAssets(filter: AssetListFilter): Promise<{ items: AssetEntity[]; total: number }> {
    const query = this.dataSource.getRepository(AssetEntity).createQueryBuilder('a');
    if (filter.stationIds) query.andWhere('a.station_id = ANY(:stations)', { stations: filter.stationIds });
    if (filter.status) query.andWhere('a.status = :status', { status: filter.status });
    if (filter.kind) query.andWhere('a.kind = :kind', { kind: filter.kind });
    if (filter.search)
      query.andWhere("a.title ILIKE :search ESCAPE '\\'", {
        search: `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      });
    const [items, total] = await query
      .orderBy('a.created_at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .take(filter.limit)
      .skip(filter.offset)
      .getManyAndCount();
    return { items, total };
  }

  /** Takes a queued variant (or one whose worker stopped renewing its lease) for this attempt. */
  async claimVariant(
    assetId: string,
    preset: string,
    attemptId: string,
    jobId: string,
    now: Date,
  ): Promise<AssetVariantEntity | null> {
    return this.dataSource.transaction(async (manager) => {
      const [rows] = (await manager.query(
        `UPDATE asset_variants SET status = 'transcoding', attempt_id = $3, job_id = $4, lease_expires_at = $5, started_at = $6,
           attempts = attempts + 1, progress = 0, eta_seconds = NULL, failure_code = NULL, failure_reason = NULL, failure_detail = NULL
         WHERE asset_id = $1 AND preset = $2 AND NOT cancel_requested
           AND (status = 'queued' OR (status = 'transcoding' AND lease_expires_at < $6))
         RETURNING asset_id`,
        [assetId, preset, attemptId, jobId, new Date(now.getTime() + LEASE_MS), now],
      )) as [unknown[], number];
      if (rows.length === 0) return null;
      await this.refreshAssetStatus(manager, assetId, now);
      return manager.getRepository(AssetVariantEntity).findOneBy({ assetId, preset });
    });
  }

  /** Renews the lease and records progress; tells the worker whether to go on. */
  async heartbeat(
    assetId: string,
    preset: string,
    attemptId: string,
    progress: { percent: number; etaSeconds?: number },
    now: Date,
  ): Promise<HeartbeatVerdict> {
    const rows = (await this.dataSource.query(
      `UPDATE asset_variants SET progress = $4, eta_seconds = $5, lease_expires_at = $6
       WHERE asset_id = $1 AND preset = $2 AND attempt_id = $3 AND status = 'transcoding'
       RETURNING cancel_requested`,
      [
        assetId,
        preset,
        attemptId,
        Math.min(99.9, progress.percent),
        progress.etaSeconds ?? null,
        new Date(now.getTime() + LEASE_MS),
      ],
    )) as [Array<{ cancel_requested: boolean }>, number];
    const [updated] = rows[0];
    if (!updated) return 'lost';
    return updated.cancel_requested ? 'cancel' : 'continue';
  }

  /** Records renditions and segment lists and marks the variant ready, in one transaction; false when the attempt no longer owns it. */
  async completeVariant(
    assetId: string,
    preset: string,
    attemptId: string,
    result: TranscodeResult,
    now: Date,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [rows] = (await manager.query(
        `UPDATE asset_variants SET status = 'ready', progress = 100, eta_seconds = 0, lease_expires_at = NULL, duration_ms = $4, decisions = $5, finished_at = $6
         WHERE asset_id = $1 AND preset = $2 AND attempt_id = $3 AND status = 'transcoding' AND NOT cancel_requested
         RETURNING asset_id`,
        [assetId, preset, attemptId, result.durationMs, JSON.stringify(result.plan.decisions), now],
      )) as [unknown[], number];
      if (rows.length === 0) return false;
      await manager.getRepository(AssetRenditionEntity).delete({ assetId, preset });
      await manager.getRepository(AssetSegmentEntity).delete({ assetId, preset });
      await manager
        .getRepository(AssetRenditionEntity)
        .insert(result.renditions.map((r) => ({ assetId, preset, ...r })));
      const segments = result.segmentDurationsMs.map((durationMs, index) => ({ assetId, preset, index, durationMs }));
      for (let i = 0; i < segments.length; i += 1000)
        await manager.getRepository(AssetSegmentEntity).insert(segments.slice(i, i + 1000));
      if (result.posterKey)
        await manager.getRepository(AssetEntity).update({ id: assetId }, { posterKey: result.posterKey });
      await this.refreshAssetStatus(manager, assetId, now);
      return true;
    });
  }

  /** Ends an attempt (or, without one, a queued variant) as failed. */
  async failVariant(
    assetId: string,
    preset: string,
    attemptId: string | null,
    failure: Failure,
    now: Date,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [rows] = (await manager.query(
        `UPDATE asset_variants SET status = 'failed', lease_expires_at = NULL, eta_seconds = NULL, cancel_requested = false,
           failure_code = $4, failure_reason = $5, failure_detail = $6, finished_at = $7
         WHERE asset_id = $1 AND preset = $2 AND status IN ('queued', 'transcoding') AND ($3::uuid IS NULL OR attempt_id = $3)
         RETURNING asset_id`,
        [assetId, preset, attemptId, failure.code, failure.reason, failure.detail ?? null, now],
      )) as [unknown[], number];
      if (rows.length > 0) await this.refreshAssetStatus(manager, assetId, now);
      return rows.length > 0;
    });
  }

  /** Puts an attempt's variant back in the queue after a transient failure; the job's retry takes it again. */
  async requeueAttempt(
    assetId: string,
    preset: string,
    attemptId: string,
    lastError: string,
    now: Date,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE asset_variants SET status = 'queued', attempt_id = NULL, lease_expires_at = NULL, progress = 0, eta_seconds = NULL, failure_reason = $4
         WHERE asset_id = $1 AND preset = $2 AND attempt_id = $3 AND status = 'transcoding'`,
        [assetId, preset, attemptId, lastError],
      );
      await this.refreshAssetStatus(manager, assetId, now);
    });
  }

  /** Variants whose worker stopped renewing the lease: queued again, with the job to revive. */
  async releaseExpiredLeases(now: Date): Promise<Array<{ assetId: string; preset: string; jobId: string | null }>> {
    return this.dataSource.transaction(async (manager) => {
      const [rows] = (await manager.query(
        `UPDATE asset_variants SET status = 'queued', attempt_id = NULL, lease_expires_at = NULL, progress = 0, eta_seconds = NULL,
           failure_reason = 'the worker transcoding it stopped responding'
         WHERE status = 'transcoding' AND lease_expires_at < $1
         RETURNING asset_id, preset, job_id`,
        [now],
      )) as [Array<{ asset_id: string; preset: string; job_id: string | null }>, number];
      for (const assetId of new Set(rows.map((r) => r.asset_id))) await this.refreshAssetStatus(manager, assetId, now);
      return rows.map((r) => ({ assetId: r.asset_id, preset: r.preset, jobId: r.job_id }));
    });
  }

  /** Asks a running transcode to stop; fails a queued one at once. Returns the jobs to cancel in the queue. */
  async requestCancel(assetId: string, now: Date, reason: Failure): Promise<{ queuedJobs: string[]; running: number }> {
    return this.dataSource.transaction(async (manager) => {
      const [queued] = (await manager.query(
        `UPDATE asset_variants SET status = 'failed', failure_code = $2, failure_reason = $3, finished_at = $4
         WHERE asset_id = $1 AND status = 'queued' RETURNING job_id`,
        [assetId, reason.code, reason.reason, now],
      )) as [Array<{ job_id: string | null }>, number];
      const [running] = (await manager.query(
        `UPDATE asset_variants SET cancel_requested = true WHERE asset_id = $1 AND status = 'transcoding' RETURNING preset`,
        [assetId],
      )) as [unknown[], number];
      await this.refreshAssetStatus(manager, assetId, now);
      return {
        queuedJobs: queued.map((r) => r.job_id).filter((id): id is string => id !== null),
        running: running.length,
      };
    });
  }

  async variantStatus(assetId: string, preset: string): Promise<VariantStatus | null> {
    const variant = await this.dataSource
      .getRepository(AssetVariantEntity)
      .findOne({ where: { assetId, preset }, select: { status: true } });
    return variant?.status ?? null;
  }

  /** Titles of the assets that exist, keyed by id. */
  async titlesOf(assetIds: readonly string[]): Promise<Map<string, string>> {
    if (assetIds.length === 0) return new Map();
    const rows: Array<{ id: string; title: string }> = await this.dataSource.query(
      'SELECT id, title FROM assets WHERE id = ANY($1::uuid[])',
      [assetIds],
    );
    return new Map(rows.map((row) => [row.id, row.title]));
  }

  /** The station of each asset that exists, keyed by id. */
  async stationsOf(manager: EntityManager, assetIds: readonly string[]): Promise<Map<string, string>> {
    if (assetIds.length === 0) return new Map();
    const rows: Array<{ id: string; station_id: string }> = await manager.query(
      'SELECT id, station_id FROM assets WHERE id = ANY($1::uuid[]) FOR KEY SHARE',
      [assetIds],
    );
    return new Map(rows.map((row) => [row.id, row.station_id]));
  }

  /**
   * The station's assets matching a query, oldest first: of one of `kinds` (any kind when
   * empty), lasting within the range, uploaded since `since`. Recordings of live feeds never match.
   */
  async matching(query: {
    stationId: string;
    kinds: readonly string[];
    /** Every one of these tags. */
    tags: readonly string[];
    /** At least one of these tags (none: any). */
    anyTags: readonly string[];
    minDurationMs: number | null;
    maxDurationMs: number | null;
    since: Date | null;
  }): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM assets
        WHERE station_id = $1 AND kind <> 'live' AND (cardinality($2::text[]) = 0 OR kind = ANY($2::text[]))
          AND ($3::integer IS NULL OR duration_ms >= $3) AND ($4::integer IS NULL OR duration_ms <= $4)
          AND ($5::timestamptz IS NULL OR created_at >= $5)
          AND tags @> $6::text[] AND (cardinality($7::text[]) = 0 OR tags && $7::text[])
        ORDER BY created_at, id`,
      [
        query.stationId,
        query.kinds,
        query.minDurationMs,
        query.maxDurationMs,
        query.since,
        normaliseTags(query.tags),
        normaliseTags(query.anyTags),
      ],
    );
    return rows.map((row) => row.id);
  }

  /** Kind, song and picture (poster, or the cover art of audio) of the assets that exist, keyed by id. */
  async songsOf(assetIds: readonly string[]): Promise<Map<string, AssetSongInfo>> {
    if (assetIds.length === 0) return new Map();
    const rows: Array<{ id: string; kind: StoredAssetKind; song: SongTags | null; poster_key: string | null }> =
      await this.dataSource.query('SELECT id, kind, song, poster_key FROM assets WHERE id = ANY($1::uuid[])', [
        assetIds,
      ]);
    return new Map(rows.map((row) => [row.id, { kind: row.kind, song: row.song, pictureKey: row.poster_key }]));
  }

  /** Replaces the tags of an asset; false when there is no such asset. */
  async setTags(assetId: string, tags: readonly string[], now: Date): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(AssetEntity)
      .update({ id: assetId }, { tags: normaliseTags(tags), updatedAt: now });
    return (result.affected ?? 0) > 0;
  }

  /** Sets the song fields of an asset (an edit of what its tags said); false when there is no such asset. */
  async setSong(assetId: string, song: SongTags, now: Date): Promise<boolean> {
    const result = await this.dataSource.getRepository(AssetEntity).update({ id: assetId }, { song, updatedAt: now });
    return (result.affected ?? 0) > 0;
  }

  /** The station an asset belongs to; null when there is no such asset. */
  async stationOf(assetId: string): Promise<string | null> {
    const [row]: Array<{ station_id: string }> = await this.dataSource.query(
      'SELECT station_id FROM assets WHERE id = $1',
      [assetId],
    );
    return row?.station_id ?? null;
  }

  /** `variant_readiness.version`: raised whenever a variant becomes ready or a ready one goes (bigint, as text). */
  async readinessVersion(): Promise<string> {
    const [row]: Array<{ version: string }> = await this.dataSource.query('SELECT version FROM variant_readiness');
    return row.version;
  }
}
