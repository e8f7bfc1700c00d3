import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { ASSET_KINDS, MAX_ASSET_TAGS, MAX_TAG_LENGTH, normaliseTags } from '@siaran/media';
import {
  PLAYLIST_ORDERS,
  type PlaylistItemInput,
  type PlaylistOrder,
  type PlaylistView,
  type RotationRules,
  type SmartQuery,
} from '@siaran/playlists';

const WEEK_MINUTES = 10_080;

/** An object of asset kinds to whole numbers from 0 to 1000. */
const IsKindLimits = () =>
  ValidateBy({
    name: 'isKindLimits',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.entries(value).every(
          ([kind, limit]) =>
            (ASSET_KINDS as readonly string[]).includes(kind) && Number.isInteger(limit) && limit >= 0 && limit <= 1000,
        ),
      defaultMessage: () => `kindLimitsPerHour maps asset kinds (${ASSET_KINDS.join(', ')}) to whole numbers 0 to 1000`,
    },
  });

export class PlaylistListQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the playlists of this station.' })
  @IsOptional()
  @IsUUID('all', { message: 'stationId must be a UUID' })
  stationId?: string;
}

export class PlaylistItemDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'An asset of the station; or give playlistId.' })
  @ValidateIf((item: PlaylistItemDto) => item.playlistId === undefined)
  @IsUUID('all', { message: 'assetId must be a UUID (or give playlistId)' })
  assetId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Another playlist of the station, whose items this one plays.' })
  @ValidateIf((item: PlaylistItemDto) => item.assetId === undefined)
  @IsUUID('all', { message: 'playlistId must be a UUID (or give assetId)' })
  playlistId?: string;

  @ApiPropertyOptional({
    default: 1,
    minimum: 1,
    maximum: 1000,
    description: 'Relative chance in a weighted playlist.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  weight?: number;
}

export class RotationRulesDto {
  @ApiPropertyOptional({ nullable: true, description: 'An item does not air again within this many minutes.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(WEEK_MINUTES)
  itemSeparationMinutes?: number | null;

  @ApiPropertyOptional({ nullable: true, description: 'Two items of one artist are at least this many minutes apart.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(WEEK_MINUTES)
  artistSeparationMinutes?: number | null;

  @ApiPropertyOptional({ example: { ident: 4 }, description: 'At most this many items of an asset kind in any hour.' })
  @IsOptional()
  @IsKindLimits()
  kindLimitsPerHour?: Record<string, number>;
}

export class SmartQueryDto {
  @ApiPropertyOptional({ enum: ASSET_KINDS, isArray: true, description: 'Asset kinds to choose from (empty: any).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ASSET_KINDS.length)
  @IsIn(ASSET_KINDS, { each: true, message: `kinds must be among ${ASSET_KINDS.join(', ')}` })
  kinds?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: 'Assets that have every one of these tags (compared in lower case; empty: any).',
    example: ['dangdut'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ASSET_TAGS)
  @IsString({ each: true })
  @Length(1, MAX_TAG_LENGTH, { each: true })
  tags?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: 'Assets that have at least one of these tags (empty: any).',
    example: ['pop', 'campursari'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ASSET_TAGS)
  @IsString({ each: true })
  @Length(1, MAX_TAG_LENGTH, { each: true })
  anyTags?: string[];

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86_400)
  minDurationSeconds?: number | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(86_400)
  maxDurationSeconds?: number | null;

  @ApiPropertyOptional({ nullable: true, description: 'Only assets uploaded within this many days.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(36_500)
  uploadedWithinDays?: number | null;
}

export class UpdatePlaylistRequestDto {
  @ApiPropertyOptional({ example: 'Dangdut pagi', description: '1 to 100 characters, unique in the station.' })
  @IsOptional()
  @IsString()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ enum: PLAYLIST_ORDERS })
  @IsOptional()
  @IsIn(PLAYLIST_ORDERS, { message: `order must be one of ${PLAYLIST_ORDERS.join(', ')}` })
  order?: PlaylistOrder;

  @ApiPropertyOptional({ type: RotationRulesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RotationRulesDto)
  rules?: RotationRulesDto;

  @ApiPropertyOptional({ type: [PlaylistItemDto], description: 'Replaces the items; at most 1000.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => PlaylistItemDto)
  items?: PlaylistItemDto[];

  @ApiPropertyOptional({
    type: SmartQueryDto,
    nullable: true,
    description: 'A smart playlist: its items by this query.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => SmartQueryDto)
  smart?: SmartQueryDto | null;
}

export class CreatePlaylistRequestDto extends UpdatePlaylistRequestDto {
  @ApiProperty({ example: 'Dangdut pagi' })
  @IsString()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(100)
  declare name: string;

  @ApiProperty({ enum: PLAYLIST_ORDERS })
  @IsIn(PLAYLIST_ORDERS, { message: `order must be one of ${PLAYLIST_ORDERS.join(', ')}` })
  declare order: PlaylistOrder;
}

export class PlaylistItemResponseDto {
  @ApiProperty() position: number;
  @ApiProperty({ nullable: true, format: 'uuid', type: String }) assetId: string | null;
  @ApiProperty({ nullable: true, format: 'uuid', type: String }) playlistId: string | null;
  @ApiProperty() weight: number;
}

export class RotationRulesResponseDto {
  @ApiProperty({ nullable: true, type: Number }) itemSeparationMinutes: number | null;
  @ApiProperty({ nullable: true, type: Number }) artistSeparationMinutes: number | null;
  @ApiProperty({ type: Object }) kindLimitsPerHour: Record<string, number>;
}

export class PlaylistResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) stationId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: PLAYLIST_ORDERS }) order: PlaylistOrder;
  @ApiProperty({ type: RotationRulesResponseDto }) rules: RotationRules;
  @ApiProperty({ type: [PlaylistItemResponseDto] }) items: PlaylistItemResponseDto[];
  @ApiProperty({ type: SmartQueryDto, nullable: true }) smart: SmartQuery | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class PlaylistListResponseDto {
  @ApiProperty({ type: [PlaylistResponseDto] }) playlists: PlaylistResponseDto[];
}

export const mapPlaylist = (view: PlaylistView): PlaylistResponseDto => ({
  ...view,
  items: view.items.map((item) => ({ ...item })),
  createdAt: view.createdAt.toISOString(),
  updatedAt: view.updatedAt.toISOString(),
});

/** Items as the service takes them: an asset or a playlist each. */
export const itemsOf = (items: PlaylistItemDto[] | undefined): PlaylistItemInput[] | undefined =>
  items?.map((item) =>
    item.assetId !== undefined
      ? { assetId: item.assetId, weight: item.weight }
      : { playlistId: item.playlistId as string, weight: item.weight },
  );

/** A smart query with every field present. */
export const smartOf = (smart: SmartQueryDto | null | undefined): SmartQuery | null | undefined =>
  smart &&
  ({
    kinds: smart.kinds ?? [],
    tags: normaliseTags(smart.tags ?? []),
    anyTags: normaliseTags(smart.anyTags ?? []),
    minDurationSeconds: smart.minDurationSeconds ?? null,
    maxDurationSeconds: smart.maxDurationSeconds ?? null,
    uploadedWithinDays: smart.uploadedWithinDays ?? null,
  } satisfies SmartQuery);
