import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import {
  CHANNEL_KINDS,
  ChannelKind,
  ChannelView,
  ProgrammeEntity,
  StationDetails,
  StationLogo,
  StationView,
} from '@siaran/scheduling';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SLUG_MESSAGE =
  'slug must be lower-case letters and digits in words joined by single hyphens (batik-tv), at most 63 characters';
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

/** An optional text that may be cleared with null. */
const NullableText = (max: number) => (target: object, key: string) => {
  IsOptional()(target, key);
  ValidateIf((_, value) => value !== null)(target, key);
  IsString()(target, key);
  MaxLength(max)(target, key);
};

const NullableUrl = () => (target: object, key: string) => {
  IsOptional()(target, key);
  ValidateIf((_, value) => value !== null)(target, key);
  IsUrl(URL_OPTIONS)(target, key);
};

export class CreateStationRequestDto {
  @ApiProperty({ example: 'lppl-kota-pekalongan' })
  @Matches(SLUG, { message: SLUG_MESSAGE })
  @MaxLength(63)
  slug: string;

  @ApiProperty({ example: 'LPPL Kota Pekalongan' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @NullableText(2000)
  description?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'uri',
    example: 'https://lppl.pekalongankota.go.id',
    description: "The station's own website, linked on its channel pages.",
  })
  @NullableUrl()
  @MaxLength(2000)
  websiteUrl?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: 'WhatsApp 0812 3456 7890 · redaksi@lppl.example',
    description: 'How listeners reach the station, shown on its channel pages as written.',
  })
  @NullableText(200)
  contact?: string | null;
}

export class UpdateStationRequestDto extends PartialType(CreateStationRequestDto, { skipNullProperties: false }) {}

export class ChannelSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: CHANNEL_KINDS }) kind: ChannelKind;
}

export class StationResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The station logo (PNG); null without one. Its query changes with each new logo.',
  })
  logoUrl: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uri' }) websiteUrl: string | null;
  @ApiProperty({ nullable: true, type: String }) contact: string | null;
  @ApiProperty({ type: [ChannelSummaryDto], description: 'Listed channels.' }) channels?: ChannelSummaryDto[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class StationListResponseDto {
  @ApiProperty({ type: [StationResponseDto] }) stations: StationResponseDto[];
}

export function mapStation(station: StationDetails | StationView): StationResponseDto {
  return {
    id: station.id,
    slug: station.slug,
    name: station.name,
    description: station.description,
    logoUrl: station.logoUrl,
    websiteUrl: station.websiteUrl,
    contact: station.contact,
    ...('channels' in station ? { channels: station.channels } : {}),
    createdAt: station.createdAt.toISOString(),
    updatedAt: station.updatedAt.toISOString(),
  };
}

export class StationLogoResponseDto {
  @ApiProperty({ description: 'Where the public reads the logo.' }) url: string;
  @ApiProperty({ description: 'Of the stored PNG, scaled down to fit 1280x720.' }) width: number;
  @ApiProperty() height: number;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export function mapStationLogo(logo: StationLogo): StationLogoResponseDto {
  return {
    url: logo.url,
    width: logo.width,
    height: logo.height,
    sizeBytes: logo.sizeBytes,
    updatedAt: logo.updatedAt.toISOString(),
  };
}

export class CreateChannelRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  stationId: string;

  @ApiProperty({ enum: CHANNEL_KINDS })
  @IsIn(CHANNEL_KINDS)
  kind: ChannelKind;

  @ApiProperty({ example: 'batik-tv' })
  @Matches(SLUG, { message: SLUG_MESSAGE })
  @MaxLength(63)
  slug: string;

  @ApiProperty({ example: 'Batik TV' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'uri' })
  @NullableUrl()
  logoUrl?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @NullableText(2000)
  description?: string | null;

  @ApiPropertyOptional({
    default: 'Asia/Jakarta',
    description: 'IANA time zone; schedule times are wall-clock times in it.',
  })
  @IsOptional()
  @IsString()
  timezone?: string;

  @ApiPropertyOptional({ default: 'id', description: 'BCP 47 language of the channel.' })
  @IsOptional()
  @Matches(LANGUAGE, { message: 'language must be a BCP 47 tag such as id or jv' })
  language?: string;

  @ApiPropertyOptional({ description: 'Transcoding ladder; tv-default or radio-default by kind.' })
  @IsOptional()
  @Matches(SLUG, { message: 'ladderPreset must be a preset name such as tv-default' })
  ladderPreset?: string;

  @ApiPropertyOptional({ default: true, description: 'Listed in /channels, the XMLTV guide and the M3U playlist.' })
  @IsOptional()
  @IsBoolean()
  isPublic?: boolean;
}

/** A channel stays with its station: stationId is not among the fields. */
export class UpdateChannelRequestDto extends PartialType(OmitType(CreateChannelRequestDto, ['stationId'] as const), {
  skipNullProperties: false,
}) {}

export class StationRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String, description: 'The station logo (PNG); null without one.' })
  logoUrl: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uri' }) websiteUrl: string | null;
  @ApiProperty({ nullable: true, type: String }) contact: string | null;
}

export class ChannelResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: StationRefDto }) station: StationRefDto;
  @ApiProperty({ enum: CHANNEL_KINDS }) kind: ChannelKind;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) logoUrl: string | null;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty() timezone: string;
  @ApiProperty() language: string;
  @ApiProperty() ladderPreset: string;
  @ApiProperty() isPublic: boolean;
  @ApiProperty({ description: 'Channel id in the XMLTV guide, and tvg-id in the M3U playlist.' }) xmltvId: string;
  @ApiProperty({ description: 'Live HLS stream.' }) streamUrl: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ChannelListResponseDto {
  @ApiProperty({ type: [ChannelResponseDto] }) channels: ChannelResponseDto[];
}

export function mapChannel(channel: ChannelView): ChannelResponseDto {
  return {
    id: channel.id,
    station: channel.station,
    kind: channel.kind,
    slug: channel.slug,
    name: channel.name,
    logoUrl: channel.logoUrl,
    description: channel.description,
    timezone: channel.timezone,
    language: channel.language,
    ladderPreset: channel.ladderPreset,
    isPublic: channel.isPublic,
    xmltvId: channel.xmltvId,
    streamUrl: channel.streamUrl,
    createdAt: channel.createdAt.toISOString(),
    updatedAt: channel.updatedAt.toISOString(),
  };
}

export class CreateProgrammeRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  stationId: string;

  @ApiProperty({ example: 'Dialog Bersama Wali Kota' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @NullableText(5000)
  description?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Presenter or host.' })
  @NullableText(300)
  host?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'Berita' })
  @NullableText(100)
  category?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'uri' })
  @NullableUrl()
  artworkUrl?: string | null;

  @ApiPropertyOptional({ default: 'id' })
  @IsOptional()
  @Matches(LANGUAGE, { message: 'language must be a BCP 47 tag such as id or jv' })
  language?: string;
}

/** A programme stays with its station: stationId is not among the fields. */
export class UpdateProgrammeRequestDto extends PartialType(
  OmitType(CreateProgrammeRequestDto, ['stationId'] as const),
  { skipNullProperties: false },
) {}

export class ProgrammeResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) stationId: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ nullable: true, type: String }) host: string | null;
  @ApiProperty({ nullable: true, type: String }) category: string | null;
  @ApiProperty({ nullable: true, type: String }) artworkUrl: string | null;
  @ApiProperty() language: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ProgrammeListResponseDto {
  @ApiProperty({ type: [ProgrammeResponseDto] }) programmes: ProgrammeResponseDto[];
}

export class ProgrammeListQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  stationId?: string;
}

export function mapProgramme(programme: ProgrammeEntity): ProgrammeResponseDto {
  return { ...programme, createdAt: programme.createdAt.toISOString(), updatedAt: programme.updatedAt.toISOString() };
}
