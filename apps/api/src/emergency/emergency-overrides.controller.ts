import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, AuthUser, CurrentUser } from '@siaran/auth';
import { EmergencyOperations } from '@siaran/emergency';
import { apiPath, UuidParam } from '@siaran/http';
import {
  CreateOverrideRequestDto,
  ListOverridesQueryDto,
  mapOverride,
  mapOverrideDetail,
  OverrideDetailResponseDto,
  OverrideListResponseDto,
  OverrideResponseDto,
  ReasonRequestDto,
  scopeOf,
  sourceOf,
  UpdateOverrideRequestDto,
} from './emergency-overrides.dto';

const WHO = ['admin', 'emergency-operator', 'producer'] as const;
const FORBIDDEN =
  'FORBIDDEN: admins and emergency operators issue any override; producers only crawls on their own stations.';
const ENDED = 'OVERRIDE_ENDED: it has ended or expired';

@ApiTags('emergency overrides')
@Controller(apiPath('emergency-overrides'))
export class EmergencyOverridesController {
  constructor(private readonly operations: EmergencyOperations) {}

  @Post()
  @Authenticated(...WHO)
  @ApiOperation({
    summary:
      'Issues an emergency override: above everything else on the timeline, from the next segment boundary after its start until its expiry.',
  })
  @ApiCreatedResponse({ type: OverrideResponseDto })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED, EXPIRY_IN_PAST, EXPIRY_BEFORE_START, SOURCE_REQUIRED, SOURCE_NOT_FOR_CRAWL, UNKNOWN_CHANNEL, UNKNOWN_STATION, UNKNOWN_ASSET, UNKNOWN_LIVE_INPUT',
  })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  async create(@CurrentUser() user: AuthUser, @Body() body: CreateOverrideRequestDto): Promise<OverrideResponseDto> {
    return mapOverride(
      await this.operations.create(user, {
        scope: scopeOf(body.scope),
        mode: body.mode,
        source: body.source && sourceOf(body.source),
        messageId: body.messageId,
        messageEn: body.messageEn,
        severity: body.severity,
        startsAt: body.startsAt ? new Date(body.startsAt) : undefined,
        expiresAt: new Date(body.expiresAt),
        reason: body.reason,
      }),
    );
  }

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'Overrides, newest first: current ones (active, scheduled, awaiting confirmation) and past ones.',
  })
  @ApiOkResponse({ type: OverrideListResponseDto })
  async list(@Query() query: ListOverridesQueryDto): Promise<OverrideListResponseDto> {
    const views = await this.operations.list({
      current: query.current === undefined ? undefined : query.current === 'true',
      limit: query.limit ?? 50,
      offset: query.offset ?? 0,
    });
    return { overrides: views.map(mapOverride) };
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'One override with its generated bulletins.' })
  @ApiOkResponse({ type: OverrideDetailResponseDto })
  @ApiNotFoundResponse({ description: 'OVERRIDE_NOT_FOUND' })
  async get(@UuidParam() id: string): Promise<OverrideDetailResponseDto> {
    return mapOverrideDetail(await this.operations.get(id));
  }

  @Patch(':id')
  @Authenticated(...WHO)
  @ApiOperation({ summary: 'Changes the message (a new bulletin is made), the severity or the expiry.' })
  @ApiOkResponse({ type: OverrideResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, EXPIRY_IN_PAST, EXPIRY_BEFORE_START' })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: 'OVERRIDE_NOT_FOUND' })
  @ApiConflictResponse({ description: ENDED })
  async update(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: UpdateOverrideRequestDto,
  ): Promise<OverrideResponseDto> {
    return mapOverride(
      await this.operations.update(user, id, {
        messageId: body.messageId,
        messageEn: body.messageEn,
        severity: body.severity,
        expiresAt: body.expiresAt ? new Date(body.expiresAt) : undefined,
        reason: body.reason,
      }),
    );
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Authenticated(...WHO)
  @ApiOperation({
    summary: 'Ends the override now: the channels go back to their schedule at the next segment boundary.',
  })
  @ApiOkResponse({ type: OverrideResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (reason)' })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: 'OVERRIDE_NOT_FOUND' })
  @ApiConflictResponse({ description: ENDED })
  async cancel(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: ReasonRequestDto,
  ): Promise<OverrideResponseDto> {
    return mapOverride(await this.operations.end(user, id, body.reason));
  }

  @Delete(':id')
  @Authenticated(...WHO)
  @ApiOperation({ summary: 'The same as POST …/cancel, with the reason in the query (`?reason=`).' })
  @ApiOkResponse({ type: OverrideResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (reason)' })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: 'OVERRIDE_NOT_FOUND' })
  @ApiConflictResponse({ description: ENDED })
  async remove(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Query() query: ReasonRequestDto,
  ): Promise<OverrideResponseDto> {
    return mapOverride(await this.operations.end(user, id, query.reason));
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @Authenticated('admin', 'emergency-operator')
  @ApiOperation({
    summary: 'A second operator confirms an override of every channel (EMERGENCY_TWO_PERSON): it airs from then.',
  })
  @ApiOkResponse({ type: OverrideResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (reason)' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: admins and emergency operators only' })
  @ApiNotFoundResponse({ description: 'OVERRIDE_NOT_FOUND' })
  @ApiConflictResponse({ description: 'NOT_AWAITING_CONFIRMATION, SAME_OPERATOR (the issuer cannot confirm)' })
  async confirm(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: ReasonRequestDto,
  ): Promise<OverrideResponseDto> {
    return mapOverride(await this.operations.confirm(user, id, body.reason));
  }
}
