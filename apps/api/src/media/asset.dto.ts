import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  ASSET_KINDS,
  ASSET_STATUSES,
  AssetDetails,
  AssetKind,
  STORED_ASSET_KINDS,
  StoredAssetKind,
  AssetStatus,
  assetProgressOf,
  MediaProbe,
  MediaUrls,
  SONG_TAG_MAX_LENGTH,
  MAX_ASSET_TAGS,
  MAX_TAG_LENGTH,
  VodGrants,
  vodPaths,
} from '@siaran/media';

const PRESET_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;

/** The text fields of an upload; they must come before the file part of the multipart body. */
export class UploadAssetFieldsDto {
  @ApiProperty({ example: 'Berita Pekalongan 29 November' }) @IsString() @Length(1, 200) title: string;
  @ApiProperty({ enum: ASSET_KINDS }) @IsIn(ASSET_KINDS) kind: AssetKind;
  @ApiPropertyOptional({
    description: "Comma-separated ladder presets; default: the presets of the station's channels.",
    example: 'tv-default,radio-default',
  })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(PRESET_NAME, { each: true })
  presets?: string[];

  @ApiPropertyOptional({
    description: `Comma-separated tags (genre, mood, language…), at most ${MAX_ASSET_TAGS} of up to ${MAX_TAG_LENGTH} characters; kept in lower case.`,
    example: 'dangdut,lawas',
  })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(MAX_ASSET_TAGS)
  @Length(1, MAX_TAG_LENGTH, { each: true })
  tags?: string[];

  @ApiPropertyOptional({
    description:
      "Which audio track airs, 1 for the file's first (the probe lists them with their language); default: the file's own default. A track the file lacks: 422 AUDIO_TRACK_NOT_FOUND.",
    example: '2',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'audioTrack must be a whole number from 1' })
  @Min(1, { message: 'audioTrack must be a whole number from 1' })
  @Max(64)
  audioTrack?: number;
}

/** At most this many files in one bulk upload. */
export const BULK_MAX_FILES = 50;

/** The fields of a bulk upload, sent before its files; each file is titled after its name. */
export class BulkUploadFieldsDto {
  @ApiProperty({ enum: ASSET_KINDS }) @IsIn(ASSET_KINDS) kind: AssetKind;
  @ApiPropertyOptional({
    description: "Comma-separated ladder presets; default: the presets of the station's channels.",
  })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(PRESET_NAME, { each: true })
  presets?: string[];
  @ApiPropertyOptional({ description: 'Comma-separated tags given to every file.' })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(MAX_ASSET_TAGS)
  @Length(1, MAX_TAG_LENGTH, { each: true })
  tags?: string[];
  @ApiPropertyOptional({ description: 'A playlist of the station the new assets are added to, in upload order.' })
  @IsOptional()
  @IsUUID('all', { message: 'playlistId must be a UUID' })
  playlistId?: string;
}

export class BulkRefusalDto {
  @ApiProperty() fileName: string;
  @ApiProperty({ example: 'MEDIA_UNREADABLE' }) code: string;
  @ApiProperty() message: string;
}

export class BulkUploadDto {
  @ApiProperty({ type: () => [AssetDto], description: 'The assets made, in upload order.' }) assets: AssetDto[];
  @ApiProperty({ type: [BulkRefusalDto], description: 'The files that cannot air, each with its code.' })
  refused: BulkRefusalDto[];
  @ApiProperty({ nullable: true, type: String }) playlistId: string | null;
}

export class ImportAssetDto {
  @ApiProperty({ example: 'https://arsip.pekalongankota.go.id/video/berita.mp4' })
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'url must be an absolute http(s) URL' },
  )
  @MaxLength(2048)
  url: string;
  @ApiProperty() @IsString() @Length(1, 200) title: string;
  @ApiProperty({ enum: ASSET_KINDS }) @IsIn(ASSET_KINDS) kind: AssetKind;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(PRESET_NAME, { each: true })
  presets?: string[];
  @ApiPropertyOptional({ type: [String], description: `Tags, at most ${MAX_ASSET_TAGS}; kept in lower case.` })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ASSET_TAGS)
  @IsString({ each: true })
  @Length(1, MAX_TAG_LENGTH, { each: true })
  tags?: string[];
  @ApiPropertyOptional({ description: "Which audio track airs, 1 for the file's first." })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(64)
  audioTrack?: number;
}

/** The tags of an asset, replaced whole. */
export class TagsRequestDto {
  @ApiProperty({ type: [String], example: ['dangdut', 'lawas'] })
  @IsArray()
  @ArrayMaxSize(MAX_ASSET_TAGS)
  @IsString({ each: true })
  @Length(1, MAX_TAG_LENGTH, { each: true })
  tags: string[];
}

/** Far past any station's assets, and within what PostgreSQL takes as an OFFSET. */
const MAX_LIST_OFFSET = 1_000_000;

export class ListAssetsQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() stationId?: string;
  @ApiPropertyOptional({ enum: ASSET_STATUSES }) @IsOptional() @IsIn(ASSET_STATUSES) status?: AssetStatus;
  @ApiPropertyOptional({ enum: STORED_ASSET_KINDS })
  @IsOptional()
  @IsIn(STORED_ASSET_KINDS)
  kind?: StoredAssetKind;
  @ApiPropertyOptional({ description: 'Words in the title.' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @ApiPropertyOptional({ default: 0, maximum: MAX_LIST_OFFSET })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_LIST_OFFSET)
  offset?: number;
}

export class FailureDto {
  @ApiProperty() code: string;
  @ApiProperty({ description: 'For producers: what went wrong and what to do.' }) reason: string;
  @ApiPropertyOptional({ description: 'The last lines ffmpeg wrote (admins and engineers only).' }) detail?: string;
}

export class VariantDto {
  @ApiProperty() preset: string;
  @ApiProperty({ enum: ['queued', 'transcoding', 'ready', 'failed'] }) status: string;
  @ApiProperty({ description: '0–100' }) progress: number;
  @ApiPropertyOptional() etaSeconds?: number;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: [String], description: 'How the source was adapted to the ladder.' }) decisions: string[];
  @ApiPropertyOptional({ type: FailureDto }) failure?: FailureDto;
  @ApiPropertyOptional({ description: 'This ladder as VOD, once ready: a signed URL, good for 8 h.' })
  playlistUrl?: string;
}

export class SongDto {
  @ApiProperty({ nullable: true, type: String }) artist: string | null;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty({ nullable: true, type: String }) album: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'IDA012400001' }) isrc: string | null;
}

/** The song fields of an asset, as a producer corrects them; each null to clear it. */
export class SongRequestDto {
  @ApiProperty({ nullable: true, type: String, maxLength: SONG_TAG_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(SONG_TAG_MAX_LENGTH)
  artist: string | null;

  @ApiProperty({ nullable: true, type: String, maxLength: SONG_TAG_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(SONG_TAG_MAX_LENGTH)
  title: string | null;

  @ApiProperty({ nullable: true, type: String, maxLength: SONG_TAG_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(SONG_TAG_MAX_LENGTH)
  album: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'IDA012400001',
    description: '12 characters, as ISO 3901 has it.',
  })
  @IsOptional()
  @Matches(/^[A-Z]{2}[A-Z0-9]{3}\d{7}$/, { message: 'isrc must be 12 characters: country, registrant, year, number' })
  isrc: string | null;
}

export class AssetDto {
  @ApiProperty() id: string;
  @ApiProperty() stationId: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: STORED_ASSET_KINDS }) kind: StoredAssetKind;
  @ApiProperty({ enum: ASSET_STATUSES }) status: AssetStatus;
  @ApiProperty({ description: '0–100, over every ladder preset' }) progress: number;
  @ApiPropertyOptional() etaSeconds?: number;
  @ApiProperty() source: { name: string; sizeBytes: number };
  @ApiPropertyOptional() durationMs?: number;
  @ApiPropertyOptional({ description: 'What ffprobe found.' }) probe?: MediaProbe;
  @ApiProperty({
    type: () => SongDto,
    nullable: true,
    description:
      'Artist, title, album and ISRC from the file\u2019s tags (ID3, Vorbis comments, MP4 atoms), or as edited.',
  })
  song: SongDto | null;
  @ApiProperty({ type: [String], description: 'Producers\u2019 tags, in lower case: what smart playlists select by.' })
  tags: string[];
  @ApiProperty({ type: [VariantDto] }) variants: VariantDto[];
  @ApiPropertyOptional({ type: FailureDto }) failure?: FailureDto;
  @ApiPropertyOptional({
    description: 'VOD multivariant playlist once a ladder is ready: a signed URL, good for VOD_GRANT_SECONDS (8 h).',
  })
  vodUrl?: string;
  @ApiPropertyOptional() posterUrl?: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class AssetListDto {
  @ApiProperty({ type: [AssetDto] }) items: AssetDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

/**
 * Response of an asset, to a user of its station: its VOD URLs are signed for a while
 * (VodGrants); `withDetail` adds ffmpeg's stderr to failures (admins and engineers).
 */
export function mapAsset(
  { asset, variants }: AssetDetails,
  urls: MediaUrls,
  grants: VodGrants,
  publicBaseUrl: string,
  withDetail: boolean,
): AssetDto {
  const mapped: VariantDto[] = variants.map((v) => ({
    preset: v.preset,
    status: v.status,
    progress: v.status === 'ready' ? 100 : v.progress,
    ...(v.etaSeconds !== null && v.status === 'transcoding' ? { etaSeconds: v.etaSeconds } : {}),
    attempts: v.attempts,
    decisions: v.decisions ?? [],
    ...(v.status === 'failed' && v.failureCode
      ? { failure: failureOf(v.failureCode, v.failureReason, v.failureDetail, withDetail) }
      : {}),
    ...(v.status === 'ready'
      ? { playlistUrl: `${publicBaseUrl}${grants.sign(vodPaths.presetMaster(asset.id, v.preset), asset.id)}` }
      : {}),
  }));
  const etas = variants
    .filter((v) => v.status === 'transcoding' && v.etaSeconds !== null)
    .map((v) => v.etaSeconds as number);
  return {
    id: asset.id,
    stationId: asset.stationId,
    title: asset.title,
    kind: asset.kind,
    status: asset.status,
    progress: assetProgressOf(variants),
    ...(etas.length ? { etaSeconds: Math.max(...etas) } : {}),
    source: { name: asset.sourceName, sizeBytes: asset.sourceSize },
    ...(asset.durationMs !== null ? { durationMs: asset.durationMs } : {}),
    ...(asset.probe ? { probe: asset.probe } : {}),
    song: asset.song,
    tags: asset.tags,
    variants: mapped,
    ...(mapped.find((v) => v.failure) ? { failure: mapped.find((v) => v.failure)?.failure } : {}),
    ...(variants.some((v) => v.status === 'ready')
      ? { vodUrl: `${publicBaseUrl}${grants.sign(vodPaths.master(asset.id), asset.id)}` }
      : {}),
    ...(asset.posterKey ? { posterUrl: absolute(urls.object(asset.posterKey), publicBaseUrl) } : {}),
    createdAt: asset.createdAt.toISOString(),
    updatedAt: asset.updatedAt.toISOString(),
  };
}

function failureOf(code: string, reason: string | null, detail: string | null, withDetail: boolean): FailureDto {
  return { code, reason: reason ?? code, ...(withDetail && detail ? { detail } : {}) };
}

const absolute = (url: string, base: string) => (url.startsWith('/') ? `${base}${url}` : url);
