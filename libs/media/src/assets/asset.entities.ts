import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MediaProbe } from '../probe/media-probe';
import type { SongTags } from '../probe/song-tags';

/** The kinds an upload or import may choose. */
export const ASSET_KINDS = ['programme', 'filler', 'ident', 'announcement', 'music'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];
/** Every kind an asset may have: also `live`, the recording of a live feed (made by the live encoder, never uploaded). */
export const STORED_ASSET_KINDS = [...ASSET_KINDS, 'live'] as const;
export type StoredAssetKind = (typeof STORED_ASSET_KINDS)[number];

/** uploaded → probing → queued → transcoding → ready | failed. */
export const ASSET_STATUSES = ['uploaded', 'probing', 'queued', 'transcoding', 'ready', 'failed'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

export const VARIANT_STATUSES = ['queued', 'transcoding', 'ready', 'failed'] as const;
export type VariantStatus = (typeof VARIANT_STATUSES)[number];

const bigintAsNumber = {
  to: (value: number) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

@Entity({ name: 'assets' })
export class AssetEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'station_id', type: 'uuid' }) stationId: string;
  @Column('text') title: string;
  @Column('text') kind: StoredAssetKind;
  @Column('text') status: AssetStatus;
  @Column({ name: 'source_key', type: 'text' }) sourceKey: string;
  @Column({ name: 'source_name', type: 'text' }) sourceName: string;
  @Column({ name: 'source_size', type: 'bigint', transformer: bigintAsNumber }) sourceSize: number;
  @Column({ type: 'jsonb', nullable: true }) probe: MediaProbe | null;
  /** Artist, title, album and ISRC from the file's tags, or as edited since; null before the probe. */
  @Column({ type: 'jsonb', nullable: true }) song: SongTags | null;
  /** Producers' tags (genre, mood, language…), trimmed and in lower case: what smart playlists select by. */
  @Column({ type: 'text', array: true }) tags: string[];
  @Column({ name: 'duration_ms', type: 'integer', nullable: true }) durationMs: number | null;
  @Column({ name: 'poster_key', type: 'text', nullable: true }) posterKey: string | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity({ name: 'asset_variants' })
export class AssetVariantEntity {
  @PrimaryColumn({ name: 'asset_id', type: 'uuid' }) assetId: string;
  @PrimaryColumn('text') preset: string;
  @Column('text') status: VariantStatus;
  @Column('real') progress: number;
  @Column({ name: 'eta_seconds', type: 'integer', nullable: true }) etaSeconds: number | null;
  @Column({ name: 'job_id', type: 'uuid', nullable: true }) jobId: string | null;
  @Column({ name: 'attempt_id', type: 'uuid', nullable: true }) attemptId: string | null;
  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true }) leaseExpiresAt: Date | null;
  @Column({ name: 'cancel_requested', type: 'boolean' }) cancelRequested: boolean;
  @Column('integer') attempts: number;
  @Column({ type: 'jsonb', nullable: true }) decisions: string[] | null;
  @Column({ name: 'failure_code', type: 'text', nullable: true }) failureCode: string | null;
  @Column({ name: 'failure_reason', type: 'text', nullable: true }) failureReason: string | null;
  @Column({ name: 'failure_detail', type: 'text', nullable: true }) failureDetail: string | null;
  @Column({ name: 'duration_ms', type: 'integer', nullable: true }) durationMs: number | null;
  @Column({ name: 'queued_at', type: 'timestamptz' }) queuedAt: Date;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt: Date | null;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt: Date | null;
}

@Entity({ name: 'asset_renditions' })
export class AssetRenditionEntity {
  @PrimaryColumn({ name: 'asset_id', type: 'uuid' }) assetId: string;
  @PrimaryColumn('text') preset: string;
  @PrimaryColumn('text') name: string;
  @Column('smallint') position: number;
  @Column('integer') bandwidth: number;
  @Column({ name: 'average_bandwidth', type: 'integer' }) averageBandwidth: number;
  @Column('text') codecs: string;
  @Column({ type: 'integer', nullable: true }) width: number | null;
  @Column({ type: 'integer', nullable: true }) height: number | null;
  @Column({ name: 'frame_rate', type: 'real', nullable: true }) frameRate: number | null;
}

@Entity({ name: 'asset_segments' })
export class AssetSegmentEntity {
  @PrimaryColumn({ name: 'asset_id', type: 'uuid' }) assetId: string;
  @PrimaryColumn('text') preset: string;
  @PrimaryColumn({ name: 'segment_index', type: 'integer' }) index: number;
  @Column({ name: 'duration_ms', type: 'integer' }) durationMs: number;
  /** When a live recording's segment was stored; null for transcoded assets. */
  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true }) recordedAt: Date | null;
  /** A live recording lost segments before this one. */
  @Column({ type: 'boolean', default: false }) discontinuity: boolean;
}
