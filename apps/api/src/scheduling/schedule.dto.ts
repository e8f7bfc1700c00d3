import { ApiProperty, ApiPropertyOptional, getSchemaPath, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Equals,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { SourceReadiness } from '@siaran/media';
import {
  EntryView,
  ExceptionView,
  type InsertRule,
  Occurrence,
  OccurrenceSource,
  type PlaylistInserts,
} from '@siaran/scheduling';
import { ProgrammeResponseDto } from './catalog.dto';

const INSERT_EVERY = ['minutes', 'items', 'hour'] as const;

/** When an insert airs: every N minutes of the block, after every N items, or at minute M of every hour. */
export class InsertRuleDto {
  @ApiProperty({ enum: INSERT_EVERY })
  @IsIn(INSERT_EVERY, { message: `every must be one of ${INSERT_EVERY.join(', ')}` })
  every: (typeof INSERT_EVERY)[number];

  @ApiPropertyOptional({ minimum: 1, maximum: 1440, description: 'With every minutes.' })
  @ValidateIf((rule: InsertRuleDto) => rule.every === 'minutes')
  @IsInt()
  @Min(1)
  @Max(1440)
  minutes?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, description: 'With every items.' })
  @ValidateIf((rule: InsertRuleDto) => rule.every === 'items')
  @IsInt()
  @Min(1)
  @Max(1000)
  items?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 59, description: 'With every hour: the minute of the hour.' })
  @ValidateIf((rule: InsertRuleDto) => rule.every === 'hour')
  @IsInt()
  @Min(0)
  @Max(59)
  minute?: number;
}

/** One item of another playlist of the station (station IDs, jingles) inserted between the block's items. */
export class InsertsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'playlistId must be the UUID of a playlist' })
  playlistId: string;

  @ApiProperty({ type: InsertRuleDto })
  @ValidateNested()
  @Type(() => InsertRuleDto)
  rule: InsertRuleDto;
}

/** What an entry airs: nothing chosen yet, a media asset of the station, a live input of the channel, or a playlist block. */
export class SourceDto {
  @ApiProperty({ enum: ['none', 'asset', 'live', 'playlist'] })
  @IsIn(['none', 'asset', 'live', 'playlist'], { message: 'kind must be one of none, asset, live, playlist' })
  kind: 'none' | 'asset' | 'live' | 'playlist';

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'With kind asset: the asset to air. Scheduling it on a channel whose ladder it lacks queues that transcode.',
  })
  @ValidateIf((source: SourceDto) => source.kind === 'asset')
  @IsUUID('all', { message: 'assetId must be the UUID of an asset (required with kind asset)' })
  assetId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'With kind live: the live input to air, one of the channel\u2019s (GET /api/v1/channels/:slug/inputs).',
  })
  @ValidateIf((source: SourceDto) => source.kind === 'live')
  @IsUUID('all', { message: 'liveInputId must be the UUID of a live input (required with kind live)' })
  liveInputId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'With kind playlist: a playlist of the station. The slot is filled back to back from it; the last item is cut at the segment boundary nearest the slot end.',
  })
  @ValidateIf((source: SourceDto) => source.kind === 'playlist')
  @IsUUID('all', { message: 'playlistId must be the UUID of a playlist (required with kind playlist)' })
  playlistId?: string;

  @ApiPropertyOptional({ type: InsertsDto, nullable: true, description: 'With kind playlist: inserts on a rule.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => InsertsDto)
  inserts?: InsertsDto | null;
}

/** A validated request with its source as the schedule stores it; an absent source stays absent (unchanged), null stays null (as the series). */
export function withSource<T extends { source?: SourceDto | null }>(body: T): WithSource<T> {
  const { source, ...rest } = body;
  if (source === undefined) return rest as WithSource<T>;
  return { ...rest, source: source === null ? null : occurrenceSourceOf(source) } as WithSource<T>;
}

function occurrenceSourceOf(source: SourceDto): OccurrenceSource {
  if (source.kind === 'asset') return { kind: 'asset', assetId: source.assetId as string };
  if (source.kind === 'live') return { kind: 'live', liveInputId: source.liveInputId as string };
  if (source.kind === 'playlist')
    return { kind: 'playlist', playlistId: source.playlistId as string, inserts: insertsOf(source.inserts) };
  return { kind: 'none' };
}

function insertsOf(inserts: InsertsDto | null | undefined): PlaylistInserts | null {
  if (!inserts) return null;
  const { rule } = inserts;
  const parsed: InsertRule =
    rule.every === 'minutes'
      ? { every: 'minutes', minutes: rule.minutes as number }
      : rule.every === 'items'
        ? { every: 'items', items: rule.items as number }
        : { every: 'hour', minute: rule.minute as number };
  return { playlistId: inserts.playlistId, rule: parsed };
}

type WithSource<T extends { source?: SourceDto | null }> = Omit<T, 'source'> &
  (null extends T['source'] ? { source?: OccurrenceSource | null } : { source?: OccurrenceSource });

/** How ready an entry's asset is on the channel's ladder: only `ready` can air. */
export class SourceReadinessDto {
  @ApiProperty({ format: 'uuid' }) assetId: string;
  @ApiProperty({ enum: ['ready', 'queued', 'transcoding', 'failed', 'missing'] }) status: SourceReadiness;
  @ApiProperty({ description: 'false flags an entry that cannot air its asset yet.' }) ready: boolean;
}

const LOCAL_TIME_DOC = 'Wall-clock date-time in the channel\u2019s time zone, without offset: 2026-12-01T19:00:00.';

export class CreateEntryRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  channelId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  programmeId: string;

  @ApiProperty({ example: '2026-12-01T19:00:00', description: LOCAL_TIME_DOC })
  @IsString()
  @MaxLength(40)
  start: string;

  @ApiPropertyOptional({ example: 3600, description: 'Real duration in seconds, 1 to 86400. Give this or end.' })
  @IsOptional()
  @IsInt()
  durationSeconds?: number;

  @ApiPropertyOptional({
    example: '2026-12-01T20:00:00',
    description: `End of the first occurrence (may be the next day). ${LOCAL_TIME_DOC}`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  end?: string;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: 'FREQ=WEEKLY;BYDAY=MO,WE,FR',
    description:
      'RFC 5545 RRULE: FREQ=DAILY, WEEKLY or MONTHLY; INTERVAL; BYDAY (MO, 2FR, -1SU); BYMONTHDAY; BYMONTH; BYSETPOS; WKST; UNTIL or COUNT. The start must be its first occurrence. Absent or null: airs once.',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(500)
  recurrence?: string | null;

  @ApiPropertyOptional({ type: SourceDto, default: { kind: 'none' } })
  @IsOptional()
  @ValidateNested()
  @Type(() => SourceDto)
  source?: SourceDto;
}

/** Fields left out stay; the channel stays. recurrence null makes a single airing (its exceptions go). */
export class UpdateEntryRequestDto extends PartialType(OmitType(CreateEntryRequestDto, ['channelId'] as const), {
  skipNullProperties: false,
}) {}

export class ChangeOccurrenceRequestDto {
  @ApiPropertyOptional({ description: 'true cancels this one occurrence (then nothing else may be given).' })
  @IsOptional()
  @IsBoolean()
  @Equals(true, { message: 'cancelled can only be true; DELETE the occurrence change to restore it' })
  cancelled?: boolean;

  @ApiPropertyOptional({ description: `Moved start. ${LOCAL_TIME_DOC}` })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  start?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  durationSeconds?: number;

  @ApiPropertyOptional({ description: LOCAL_TIME_DOC })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  end?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Another programme for this occurrence only.',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUUID('all')
  programmeId?: string | null;

  @ApiPropertyOptional({ type: SourceDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SourceDto)
  source?: SourceDto | null;
}

export class EntryListQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  channelId: string;
}

export class ExceptionResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'The occurrence\u2019s own start, which names it.' }) originalStart: string;
  @ApiProperty() cancelled: boolean;
  @ApiProperty({ nullable: true, type: String }) start: string | null;
  @ApiProperty({ nullable: true, type: Number }) durationSeconds: number | null;
  @ApiProperty({ nullable: true, type: String }) programmeId: string | null;
  @ApiProperty({ nullable: true, type: SourceDto }) source: OccurrenceSource | null;
  @ApiPropertyOptional({ type: SourceReadinessDto, description: 'With an asset source.' })
  sourceReadiness?: SourceReadinessDto;
}

export class EntryResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) channelId: string;
  @ApiProperty({ format: 'uuid' }) programmeId: string;
  @ApiProperty({ description: LOCAL_TIME_DOC }) start: string;
  @ApiProperty() durationSeconds: number;
  @ApiProperty({ nullable: true, type: String }) recurrence: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Start of the last occurrence; null while the series has no end.',
  })
  lastStart: string | null;
  @ApiProperty({ type: SourceDto }) source: OccurrenceSource;
  @ApiPropertyOptional({
    type: SourceReadinessDto,
    description: 'With an asset source: flags an entry whose asset is not ready on the channel\u2019s ladder.',
  })
  sourceReadiness?: SourceReadinessDto;
  @ApiProperty({ type: [ExceptionResponseDto] }) exceptions: ExceptionResponseDto[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class EntryListResponseDto {
  @ApiProperty({ type: [EntryResponseDto] }) entries: EntryResponseDto[];
}

/** Asset ids an entry airs (its own source and those of changed occurrences), to look up their readiness. */
export function assetIdsOf(entry: EntryView): string[] {
  return [entry.source, ...entry.exceptions.map((x) => x.source)].flatMap((source) =>
    source?.kind === 'asset' ? [source.assetId] : [],
  );
}

export function mapEntry(
  entry: EntryView,
  readiness: ReadonlyMap<string, SourceReadiness> = new Map(),
): EntryResponseDto {
  const readinessOf = (source: OccurrenceSource | null) => {
    if (source?.kind !== 'asset') return {};
    const status = readiness.get(source.assetId) ?? 'missing';
    return { sourceReadiness: { assetId: source.assetId, status, ready: status === 'ready' } };
  };
  return {
    ...entry,
    ...readinessOf(entry.source),
    exceptions: entry.exceptions.map((x: ExceptionView) => ({ ...x, ...readinessOf(x.source) })),
    createdAt: entry.createdAt.toISOString(),
    updatedAt: entry.updatedAt.toISOString(),
  };
}

export class ConflictDto {
  @ApiProperty({ format: 'uuid' }) entryId: string;
  @ApiProperty({ example: '2026-12-01T19:00:00+07:00' }) start: string;
  @ApiProperty({ example: '2026-12-01T20:00:00+07:00' }) end: string;
}

export const CONFLICT_RESPONSE = {
  status: 409,
  description: 'SCHEDULE_CONFLICT: details lists the occurrences it would overlap.',
  schema: {
    properties: {
      code: { example: 'SCHEDULE_CONFLICT' },
      details: { type: 'array', items: { $ref: getSchemaPath(ConflictDto) } },
    },
  },
};

export class ProgrammeSummaryDto extends OmitType(ProgrammeResponseDto, [
  'stationId',
  'createdAt',
  'updatedAt',
] as const) {}

/**
 * What kind of source an occurrence airs, as the public sees it: never which asset or live
 * input, since an asset id would let anyone watch a programme before it airs.
 */
export class PublicSourceDto {
  @ApiProperty({ enum: ['none', 'asset', 'live'] }) kind: OccurrenceSource['kind'];
}

export class OccurrenceResponseDto {
  @ApiProperty({ format: 'uuid' }) entryId: string;
  @ApiProperty({ example: '6f1c…@2026-12-01T19:00:00' }) occurrenceKey: string;
  @ApiProperty({
    description:
      'Start before any change, in the channel\u2019s wall-clock time: names the occurrence in PUT …/occurrences/:originalStart.',
  })
  originalStart: string;
  @ApiProperty({ example: '2026-12-01T19:00:00+07:00' }) start: string;
  @ApiProperty({ example: '2026-12-01T20:00:00+07:00' }) end: string;
  @ApiProperty() durationSeconds: number;
  @ApiProperty({ type: ProgrammeSummaryDto }) programme: ProgrammeSummaryDto;
  @ApiProperty({ type: PublicSourceDto }) source: PublicSourceDto;
}

export class ChannelRefDto {
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty() timezone: string;
}

export class ScheduleResponseDto {
  @ApiProperty({ type: ChannelRefDto }) channel: ChannelRefDto;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: [OccurrenceResponseDto] }) occurrences: OccurrenceResponseDto[];
}

export class NowNextResponseDto {
  @ApiProperty({ type: ChannelRefDto }) channel: ChannelRefDto;
  @ApiProperty() at: string;
  @ApiProperty({ type: OccurrenceResponseDto, nullable: true }) current: OccurrenceResponseDto | null;
  @ApiProperty({ type: [OccurrenceResponseDto] }) next: OccurrenceResponseDto[];
}

export class ScheduleQueryDto {
  @ApiProperty({
    example: '2026-12-01T00:00:00+07:00',
    description: 'ISO 8601 with offset, or a date (midnight in the channel\u2019s zone).',
  })
  @IsOptional()
  @IsString()
  from?: string;

  @ApiProperty({ example: '2026-12-08', description: 'At most 31 days after from.' })
  @IsOptional()
  @IsString()
  to?: string;
}

export class NowQueryDto {
  @ApiPropertyOptional({ description: 'The instant asked about (ISO 8601 with offset); default now.' })
  @IsOptional()
  @IsString()
  at?: string;

  @ApiPropertyOptional({ default: 3, minimum: 1, maximum: 20, description: 'How many next occurrences.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  next?: number;
}

export function mapOccurrence(occurrence: Occurrence, format: (instant: number) => string): OccurrenceResponseDto {
  return {
    entryId: occurrence.entryId,
    occurrenceKey: occurrence.occurrenceKey,
    originalStart: occurrence.originalStart,
    start: format(occurrence.start.getTime()),
    end: format(occurrence.end.getTime()),
    durationSeconds: (occurrence.end.getTime() - occurrence.start.getTime()) / 1000,
    programme: occurrence.programme,
    source: { kind: occurrence.source.kind },
  };
}
