import { ApiProperty, ApiPropertyOptional, getSchemaPath, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import {
  InputConnection,
  LIVE_INPUT_KINDS,
  LiveInputKind,
  LiveInputView,
  OUTSIDE_SLOT_POLICIES,
  OutsideSlotPolicy,
} from '@siaran/ingest';

const MOUNT_FORMAT = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export class CreateLiveInputRequestDto {
  @ApiProperty({ example: 'Studio 1 (OBS)', description: '1 to 100 characters.' })
  @IsString()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(100)
  name: string;

  @ApiProperty({
    enum: LIVE_INPUT_KINDS,
    description: 'rtmp, srt or icecast: a studio pushes to Siaran. relay: Siaran pulls another station.',
  })
  @IsIn(LIVE_INPUT_KINDS, { message: `kind must be one of ${LIVE_INPUT_KINDS.join(', ')}` })
  kind: LiveInputKind;

  @ApiPropertyOptional({ default: true, description: 'A disabled input refuses studios and does not relay.' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({
    default: false,
    description: 'Takes the channel on air as soon as a studio connects, as a presenter going live by connecting.',
  })
  @IsOptional()
  @IsBoolean()
  airWhenConnected?: boolean;

  @ApiPropertyOptional({
    enum: OUTSIDE_SLOT_POLICIES,
    default: 'standby',
    description:
      'A studio publishing outside the input\u2019s scheduled slots: refused, or accepted on standby (not aired).',
  })
  @IsOptional()
  @IsIn(OUTSIDE_SLOT_POLICIES, { message: `outsideSlots must be one of ${OUTSIDE_SLOT_POLICIES.join(', ')}` })
  outsideSlots?: OutsideSlotPolicy;

  @ApiPropertyOptional({
    example: 'rkb',
    description:
      'Icecast only: the mount, lower-case letters, digits and hyphens (a leading slash is dropped), unique on the deployment. Default: the channel\u2019s slug (then slug-2, …).',
  })
  @IsOptional()
  @IsString()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/^\//, '') : value))
  @MaxLength(63)
  @Matches(MOUNT_FORMAT, { message: 'mount must be lower-case letters, digits and single hyphens, e.g. rkb or rkb-2' })
  mount?: string;

  @ApiPropertyOptional({
    example: 'https://tv.kuduskab.example/live/master.m3u8',
    description:
      'Relay only, and required there: an http(s) HLS or Icecast/HTTP (MP3, AAC, Ogg) URL, rtmp(s):// or srt:// (caller). Loopback and private addresses are refused unless RELAY_ALLOW_PRIVATE_NETWORKS is set.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  url?: string;
}

/** Fields left out stay; the kind stays. */
export class UpdateLiveInputRequestDto extends PartialType(OmitType(CreateLiveInputRequestDto, ['kind'] as const)) {}

export class RtmpConnectionDto {
  @ApiProperty({ enum: ['rtmp'] }) kind: 'rtmp';
  @ApiProperty({ example: 'rtmp://live.batiktv.example:1935/live', description: 'OBS: Server.' }) serverUrl: string;
  @ApiProperty({ description: 'OBS: Stream Key, `<input id>.<secret>`; masked outside create and rotate-secret.' })
  streamKey: string;
}

export class SrtConnectionDto {
  @ApiProperty({ enum: ['srt'] }) kind: 'srt';
  @ApiProperty({ description: 'The whole srt:// URL (latency in microseconds, as OBS and ffmpeg read it).' })
  url: string;
  @ApiProperty() host: string;
  @ApiProperty({ description: 'The UDP port of this input.' }) port: number;
  @ApiProperty() streamId: string;
  @ApiProperty({ description: 'Masked outside create and rotate-secret.' }) passphrase: string;
  @ApiProperty({ example: 2000 }) latencyMs: number;
}

export class IcecastConnectionDto {
  @ApiProperty({ enum: ['icecast'] }) kind: 'icecast';
  @ApiProperty() host: string;
  @ApiProperty() port: number;
  @ApiProperty({ example: '/rkb' }) mount: string;
  @ApiProperty({ example: 'source' }) user: string;
  @ApiProperty({ description: 'Masked outside create and rotate-secret.' }) password: string;
}

export class RelayConnectionDto {
  @ApiProperty({ enum: ['relay'] }) kind: 'relay';
  @ApiProperty() url: string;
}

export class LiveInputChannelDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty({ format: 'uuid' }) stationId: string;
}

export class LiveInputResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: LiveInputChannelDto }) channel: LiveInputChannelDto;
  @ApiProperty() name: string;
  @ApiProperty({ enum: LIVE_INPUT_KINDS }) kind: LiveInputKind;
  @ApiProperty() enabled: boolean;
  @ApiProperty() airWhenConnected: boolean;
  @ApiProperty({ enum: OUTSIDE_SLOT_POLICIES }) outsideSlots: OutsideSlotPolicy;
  @ApiProperty({ nullable: true, type: Number, description: 'SRT: the UDP port given to this input.' })
  srtPort: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'Icecast: the mount, without the slash.' })
  mount: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Relay: what it pulls.' }) url: string | null;
  @ApiProperty({
    description: 'What the studio\u2019s software asks for.',
    oneOf: [RtmpConnectionDto, SrtConnectionDto, IcecastConnectionDto, RelayConnectionDto].map((dto) => ({
      $ref: getSchemaPath(dto),
    })),
  })
  connection: InputConnection;
  @ApiProperty({
    description:
      'true only in the answers of create and rotate-secret: connection holds the secret itself. Note it then.',
  })
  secretShown: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class LiveInputListResponseDto {
  @ApiProperty({ type: [LiveInputResponseDto] }) inputs: LiveInputResponseDto[];
}

export const CONNECTION_MODELS = [RtmpConnectionDto, SrtConnectionDto, IcecastConnectionDto, RelayConnectionDto];

export function mapLiveInput(input: LiveInputView): LiveInputResponseDto {
  return {
    id: input.id,
    channel: { ...input.channel },
    name: input.name,
    kind: input.kind,
    enabled: input.enabled,
    airWhenConnected: input.airWhenConnected,
    outsideSlots: input.outsideSlots,
    srtPort: input.srtPort,
    mount: input.mount,
    url: input.url,
    connection: { ...input.connection },
    secretShown: input.secretShown,
    createdAt: input.createdAt.toISOString(),
    updatedAt: input.updatedAt.toISOString(),
  };
}
