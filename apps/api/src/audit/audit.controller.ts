import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { AuditEntityType, AuditEntry, AuditLog } from '@siaran/audit';
import { Authenticated } from '@siaran/auth';
import { apiPath } from '@siaran/http';

const ENTITY_TYPES: AuditEntityType[] = [
  'user',
  'station',
  'channel',
  'programme',
  'schedule_entry',
  'schedule_exception',
  'live_input',
  'playlist',
];

export class AuditQueryDto {
  @ApiPropertyOptional({ enum: ENTITY_TYPES })
  @IsOptional()
  @IsIn(ENTITY_TYPES)
  entityType?: AuditEntityType;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  stationId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  actorId?: string;

  @ApiPropertyOptional({ description: 'Entries older than this id: pass the last id of a page for the next.' })
  @IsOptional()
  @Matches(/^\d{1,18}$/)
  before?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class AuditEntryDto {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ nullable: true, type: String, description: 'null: the system (demo data), or a deleted user.' })
  actorId: string | null;
  @ApiProperty() actorEmail: string;
  @ApiProperty({ enum: ['create', 'update', 'delete'] }) action: string;
  @ApiProperty({ enum: ENTITY_TYPES }) entityType: string;
  @ApiProperty({ format: 'uuid' }) entityId: string;
  @ApiProperty({ nullable: true, type: String }) stationId: string | null;
  @ApiProperty({ nullable: true, type: Object }) oldValue: unknown;
  @ApiProperty({ nullable: true, type: Object }) newValue: unknown;
}

export class AuditListResponseDto {
  @ApiProperty({ type: [AuditEntryDto] }) entries: AuditEntryDto[];
}

const mapAuditEntry = (entry: AuditEntry): AuditEntryDto => ({ ...entry, at: entry.at.toISOString() });

@ApiTags('audit')
@Authenticated('admin')
@Controller(apiPath('audit'))
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Who created, changed or deleted which user, station, channel, programme or schedule entry, when, from what to what; newest first.',
  })
  @ApiOkResponse({ type: AuditListResponseDto })
  async list(@Query() query: AuditQueryDto): Promise<AuditListResponseDto> {
    return { entries: (await this.audit.list({ ...query, limit: query.limit ?? 50 })).map(mapAuditEntry) };
  }
}
