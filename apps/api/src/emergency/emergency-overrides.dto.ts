import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBooleanString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  EMERGENCY_SEVERITIES,
  type EmergencyScope,
  type EmergencySeverity,
  OVERRIDE_MODES,
  type OverrideDetail,
  type OverrideMode,
  type OverrideSource,
  type OverrideStatus,
  type OverrideView,
} from '@siaran/emergency';
import { IsInstant } from '@siaran/http';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class ScopeDto {
  @ApiProperty({
    enum: ['all', 'stations', 'channels'],
    description: 'Every channel of the deployment, or those listed.',
  })
  @IsIn(['all', 'stations', 'channels'], { message: 'kind must be one of all, stations, channels' })
  kind: EmergencyScope['kind'];

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'With kind stations: every channel of these stations.',
  })
  @ValidateIf((scope: ScopeDto) => scope.kind === 'stations')
  @ArrayNotEmpty({ message: 'stationIds must list at least one station (required with kind stations)' })
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true, message: 'stationIds must be UUIDs of stations' })
  stationIds?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'With kind channels: these channels.' })
  @ValidateIf((scope: ScopeDto) => scope.kind === 'channels')
  @ArrayNotEmpty({ message: 'channelIds must list at least one channel (required with kind channels)' })
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true, message: 'channelIds must be UUIDs of channels' })
  channelIds?: string[];
}

export class OverrideSourceDto {
  @ApiProperty({ enum: ['asset', 'live', 'generated'] })
  @IsIn(['asset', 'live', 'generated'], { message: 'kind must be one of asset, live, generated' })
  kind: OverrideSource['kind'];

  @ApiPropertyOptional({ format: 'uuid', description: 'With kind asset: the asset to air.' })
  @ValidateIf((source: OverrideSourceDto) => source.kind === 'asset')
  @IsUUID('all', { message: 'assetId must be the UUID of an asset (required with kind asset)' })
  assetId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'With kind live: the live input to air.' })
  @ValidateIf((source: OverrideSourceDto) => source.kind === 'live')
  @IsUUID('all', { message: 'liveInputId must be the UUID of a live input (required with kind live)' })
  liveInputId?: string;
}

const REASON_DOC = 'Why (kept in the audit log with who did it), 1 to 500 characters.';

export class CreateOverrideRequestDto {
  @ApiProperty({ type: ScopeDto })
  @ValidateNested()
  @Type(() => ScopeDto)
  scope: ScopeDto;

  @ApiProperty({
    enum: OVERRIDE_MODES,
    description: 'takeover: the channels air the source; crawl: players show the message over the programmes.',
  })
  @IsIn(OVERRIDE_MODES, { message: `mode must be one of ${OVERRIDE_MODES.join(', ')}` })
  mode: OverrideMode;

  @ApiPropertyOptional({ type: OverrideSourceDto, description: 'Takeovers only, and required there.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => OverrideSourceDto)
  source?: OverrideSourceDto;

  @ApiProperty({
    example: 'Gempa bumi M6,2. Jauhi bangunan, menuju tempat terbuka.',
    description: 'The message in Bahasa Indonesia, 1 to 500 characters.',
  })
  @IsString()
  @Transform(trimmed)
  @MinLength(1, { message: 'messageId must not be empty' })
  @MaxLength(500)
  messageId: string;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'The message in English, up to 500 characters.' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @Transform(trimmed)
  @MinLength(1, { message: 'messageEn must not be empty' })
  @MaxLength(500)
  messageEn?: string | null;

  @ApiProperty({ enum: EMERGENCY_SEVERITIES })
  @IsIn(EMERGENCY_SEVERITIES, { message: `severity must be one of ${EMERGENCY_SEVERITIES.join(', ')}` })
  severity: EmergencySeverity;

  @ApiPropertyOptional({ format: 'date-time', description: 'Default (or a time past): now.' })
  @IsOptional()
  @IsInstant()
  startsAt?: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-05T14:00:00+07:00' })
  @IsInstant()
  expiresAt: string;

  @ApiProperty({ description: REASON_DOC })
  @IsString()
  @Transform(trimmed)
  @MinLength(1, { message: 'reason must not be empty' })
  @MaxLength(500)
  reason: string;
}

export class UpdateOverrideRequestDto {
  @ApiPropertyOptional({ description: 'A new message in Bahasa Indonesia (a new bulletin is made).' })
  @IsOptional()
  @IsString()
  @Transform(trimmed)
  @MinLength(1, { message: 'messageId must not be empty' })
  @MaxLength(500)
  messageId?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @Transform(trimmed)
  @MinLength(1, { message: 'messageEn must not be empty' })
  @MaxLength(500)
  messageEn?: string | null;

  @ApiPropertyOptional({ enum: EMERGENCY_SEVERITIES })
  @IsOptional()
  @IsIn(EMERGENCY_SEVERITIES, { message: `severity must be one of ${EMERGENCY_SEVERITIES.join(', ')}` })
  severity?: EmergencySeverity;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsInstant()
  expiresAt?: string;

  @ApiProperty({ description: REASON_DOC })
  @IsString()
  @Transform(trimmed)
  @MinLength(1, { message: 'reason must not be empty' })
  @MaxLength(500)
  reason: string;
}

/** Ending or confirming an override: only why. */
export class ReasonRequestDto {
  @ApiProperty({ description: REASON_DOC })
  @IsString()
  @Transform(trimmed)
  @MinLength(1, { message: 'reason must not be empty' })
  @MaxLength(500)
  reason: string;
}

export class ListOverridesQueryDto {
  @ApiPropertyOptional({
    description: 'true: active, scheduled and awaiting confirmation; false: ended and expired. Absent: all.',
  })
  @IsOptional()
  @IsBooleanString({ message: 'current must be true or false' })
  current?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: 1_000_000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}

export class MessageDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) en: string | null;
}

export class OverrideResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: ScopeDto }) scope: EmergencyScope;
  @ApiProperty({ enum: OVERRIDE_MODES }) mode: OverrideMode;
  @ApiProperty({ type: OverrideSourceDto, nullable: true }) source: OverrideSource | null;
  @ApiProperty({ type: MessageDto }) message: MessageDto;
  @ApiProperty({ enum: EMERGENCY_SEVERITIES }) severity: EmergencySeverity;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) endedAt: string | null;
  @ApiProperty({ enum: ['awaiting-confirmation', 'scheduled', 'active', 'expired', 'ended'] }) status: OverrideStatus;
  @ApiProperty({ description: 'An override of every channel waits for a second operator (EMERGENCY_TWO_PERSON).' })
  needsConfirmation: boolean;
  @ApiProperty({ nullable: true, type: String }) confirmedBy: string | null;
  @ApiProperty() createdBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: [String], description: 'Slugs of the channels it covers.' }) channels: string[];
}

export class BulletinDto {
  @ApiProperty() preset: string;
  @ApiProperty() messageVersion: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) assetId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the bulletin could not be made.' }) failure:
    string | null;
}

export class OverrideDetailResponseDto extends OverrideResponseDto {
  @ApiProperty({ type: [BulletinDto] }) bulletins: BulletinDto[];
}

export class OverrideListResponseDto {
  @ApiProperty({ type: [OverrideResponseDto] }) overrides: OverrideResponseDto[];
}

export const mapOverride = (view: OverrideView): OverrideResponseDto => ({
  id: view.id,
  scope: view.scope,
  mode: view.mode,
  source: view.source,
  message: view.message,
  severity: view.severity,
  startsAt: view.startsAt.toISOString(),
  expiresAt: view.expiresAt.toISOString(),
  endedAt: view.endedAt?.toISOString() ?? null,
  status: view.status,
  needsConfirmation: view.needsConfirmation,
  confirmedBy: view.confirmedBy,
  createdBy: view.createdBy,
  createdAt: view.createdAt.toISOString(),
  updatedAt: view.updatedAt.toISOString(),
  channels: view.channels,
});

export const mapOverrideDetail = (detail: OverrideDetail): OverrideDetailResponseDto => ({
  ...mapOverride(detail),
  bulletins: detail.bulletins,
});

export function scopeOf(dto: ScopeDto): EmergencyScope {
  if (dto.kind === 'stations') return { kind: 'stations', stationIds: [...new Set(dto.stationIds)] };
  if (dto.kind === 'channels') return { kind: 'channels', channelIds: [...new Set(dto.channelIds)] };
  return { kind: 'all' };
}

export function sourceOf(dto: OverrideSourceDto): OverrideSource {
  if (dto.kind === 'asset') return { kind: 'asset', assetId: dto.assetId as string };
  if (dto.kind === 'live') return { kind: 'live', liveInputId: dto.liveInputId as string };
  return { kind: 'generated' };
}

export class CapOutcomeResponseDto {
  @ApiProperty({
    enum: ['created', 'updated', 'ended'],
    description: 'What the CAP message did: Alert, Update, Cancel.',
  })
  action: 'created' | 'updated' | 'ended';
  @ApiProperty({ type: OverrideResponseDto }) override: OverrideResponseDto;
}

export class ServiceAreaDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
    example: [
      [-6.84, 109.63],
      [-6.84, 109.72],
      [-6.93, 109.72],
      [-6.93, 109.63],
      [-6.84, 109.63],
    ],
    description:
      'A closed polygon of [latitude, longitude] points (WGS 84), the last equal to the first, 4 to 1000 points.',
  })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateBy({
    name: 'isPointList',
    validator: {
      validate: (value: unknown) =>
        Array.isArray(value) &&
        value.every(
          (point) =>
            Array.isArray(point) &&
            point.length === 2 &&
            point.every((n) => typeof n === 'number' && Number.isFinite(n)),
        ),
      defaultMessage: () => 'polygon must be a list of [latitude, longitude] number pairs',
    },
  })
  polygon: Array<[number, number]>;
}
