import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches, ValidateIf } from 'class-validator';
import { IsInstant } from '@siaran/http';
import { AiredItem, ITEM_REASONS, type ItemKind, type SongPlays } from '@siaran/playout';
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
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description:
      "A ready asset of the channel's station, looped between programmes (with a playlist: while none of it is ready); null or left out for the generated slate.",
  })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsUUID('all', { message: 'assetId must be a UUID or null' })
  assetId?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description:
      "A playlist of the channel's station aired as filler, item after item in its order (its rotation rules do not apply to filler).",
  })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsUUID('all', { message: 'playlistId must be a UUID or null' })
  playlistId?: string | null;
}

export class FillerDto {
  @ApiProperty({ nullable: true, type: String }) fillerAssetId: string | null;
  @ApiProperty({ nullable: true, type: String }) fillerPlaylistId: string | null;
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
  @ApiProperty({ description: 'Seconds it aired (to now for the item on air).' }) durationSeconds: number;
  @ApiProperty({ nullable: true, type: String, description: 'For songs of a playlist block: from its tags.' })
  artist: string | null;
  @ApiProperty({ nullable: true, type: String }) songTitle: string | null;
  @ApiProperty({ nullable: true, type: String }) album: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'IDA012400001' }) isrc: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The playlist a block item came from.' })
  playlistId: string | null;
}

export class SongReportQueryDto {
  @ApiProperty({ example: '2026-12', description: "The month, in the channel's time zone." })
  @Matches(/^(19[7-9]\d|2[01]\d\d)-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
  month: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}

export class SongPlaysDto {
  @ApiProperty() assetId: string;
  @ApiProperty({ nullable: true, type: String }) artist: string | null;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty({ nullable: true, type: String }) album: string | null;
  @ApiProperty({ nullable: true, type: String }) isrc: string | null;
  @ApiProperty() plays: number;
  @ApiProperty({ description: 'Seconds aired over the month.' }) seconds: number;
  @ApiProperty({ format: 'date-time' }) firstPlayedAt: string;
  @ApiProperty({ format: 'date-time' }) lastPlayedAt: string;
}

export const mapSongPlays = (plays: SongPlays, zone: TimeZone): SongPlaysDto => ({
  ...plays,
  firstPlayedAt: zone.formatIsoMillis(plays.firstPlayedAt.getTime()),
  lastPlayedAt: zone.formatIsoMillis(plays.lastPlayedAt.getTime()),
});

const SONG_REPORT_COLUMNS: Array<keyof SongPlaysDto> = [
  'artist',
  'title',
  'album',
  'isrc',
  'plays',
  'seconds',
  'firstPlayedAt',
  'lastPlayedAt',
  'assetId',
];

export const songReportCsv = (rows: SongPlaysDto[]): string => csvOf(SONG_REPORT_COLUMNS, rows);

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
  durationSeconds: Math.round((item.endedAt.getTime() - item.startedAt.getTime()) / 1000),
  artist: item.song?.artist ?? null,
  songTitle: item.song?.title ?? null,
  album: item.song?.album ?? null,
  isrc: item.song?.isrc ?? null,
  playlistId: item.playlistId,
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
  'durationSeconds',
  'artist',
  'songTitle',
  'album',
  'isrc',
  'playlistId',
];

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  // Quote always; neutralise spreadsheet formulas in titles.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

function csvOf<T>(columns: ReadonlyArray<keyof T>, rows: readonly T[]): string {
  return (
    [columns.join(','), ...rows.map((row) => columns.map((column) => csvCell(row[column])).join(','))].join('\r\n') +
    '\r\n'
  );
}

export const asRunCsv = (items: AsRunItemDto[]): string => csvOf(CSV_COLUMNS, items);
