import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { IsInstant } from '@siaran/http';
import { AiredItem, ITEM_REASONS, type ItemKind } from '@siaran/playout';
import { type TimeZone } from '@siaran/scheduling';

export class AsRunQueryDto {
  @ApiProperty({ example: '2026-12-01T00:00:00+07:00', description: 'Start of the range (ISO 8601 with offset).' })
  @IsInstant()
  from: string;

  @ApiProperty({ example: '2026-12-02T00:00:00+07:00', description: 'End of the range (at most 31 days after from).' })
  @IsInstant()
  to: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}

export class SetFillerDto {
  @ApiProperty({
    nullable: true,
    type: String,
    description: "A ready asset of the channel's station, looped between programmes; null for the generated slate.",
  })
  @ValidateIf((_, value) => value !== null)
  @IsUUID('all', { message: 'assetId must be a UUID or null' })
  assetId: string | null;
}

export class AsRunItemDto {
  @ApiProperty() itemId: string;
  @ApiProperty({ enum: ['programme', 'filler', 'live', 'emergency'] }) kind: ItemKind;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) entryId: string | null;
  @ApiProperty({ nullable: true, type: String }) programmeId: string | null;
  @ApiProperty({ description: 'The asset that aired (for live items: the recording of the feed).' }) assetId: string;
  @ApiProperty({ nullable: true, type: String, description: 'For live items: the live input that aired.' })
  liveInputId: string | null;
  @ApiProperty({
    enum: ITEM_REASONS,
    description:
      'Why the item aired. live-absent: filler stands in for a live input whose feed is not in; live-dropped: filler took over from a live feed that dropped.',
  })
  reason: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T19:00:00.000+07:00' }) startedAt: string;
  @ApiProperty({ format: 'date-time' }) endedAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) skippedAt: string | null;
}

export class SkipResultDto {
  @ApiProperty({ type: AsRunItemDto }) skipped: AsRunItemDto;
  @ApiProperty({ format: 'date-time', description: 'When the next item starts (after the segment airing now).' })
  resumesAt: string;
}

/** Times in the channel's zone, as the schedule gives them. */
export const mapAsRunItem = (item: AiredItem, zone: TimeZone): AsRunItemDto => ({
  itemId: item.id,
  kind: item.kind,
  title: item.title,
  entryId: item.entryId,
  programmeId: item.programme?.id ?? null,
  assetId: item.assetId,
  liveInputId: item.liveInputId,
  reason: item.reason,
  startedAt: zone.formatIsoMillis(item.startedAt.getTime()),
  endedAt: zone.formatIsoMillis(item.endedAt.getTime()),
  skippedAt: item.skippedAt ? zone.formatIsoMillis(item.skippedAt.getTime()) : null,
});

const CSV_COLUMNS: Array<keyof AsRunItemDto> = [
  'startedAt',
  'endedAt',
  'kind',
  'title',
  'entryId',
  'programmeId',
  'assetId',
  'liveInputId',
  'reason',
  'skippedAt',
  'itemId',
];

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  // Quote always; neutralise spreadsheet formulas in titles.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function asRunCsv(items: AsRunItemDto[]): string {
  return (
    [CSV_COLUMNS.join(','), ...items.map((item) => CSV_COLUMNS.map((column) => csvCell(item[column])).join(','))].join(
      '\r\n',
    ) + '\r\n'
  );
}
