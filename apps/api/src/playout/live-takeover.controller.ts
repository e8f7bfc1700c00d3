import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, AuthUser, CurrentUser, StationAccess } from '@siaran/auth';
import { DomainError } from '@siaran/core';
import { apiPath } from '@siaran/http';
import { LiveInputsService } from '@siaran/ingest';
import { type LiveTakeover, PlayoutChannel, PlayoutChannels, PlayoutOperations } from '@siaran/playout';
import { actorOf } from '@siaran/scheduling';
import { TakeoverDto, TakeoverRequestDto } from './live-takeover.dto';

const toDto = (takeover: LiveTakeover): TakeoverDto => ({
  inputId: takeover.inputId,
  from: new Date(takeover.from).toISOString(),
  until: takeover.until === null ? null : new Date(takeover.until).toISOString(),
});

@ApiTags('channel operations')
@Controller(apiPath('channels/:slug/live'))
export class LiveTakeoverController {
  constructor(
    private readonly channels: PlayoutChannels,
    private readonly operations: PlayoutOperations,
    private readonly inputs: LiveInputsService,
    private readonly access: StationAccess,
  ) {}

  @Post()
  @HttpCode(200)
  @Authenticated('admin', 'producer', 'engineer')
  @ApiOperation({
    summary:
      'Takeover: puts one of the channel’s live inputs on air over the schedule from the next segment boundary, until `until` or until ended. While its feed is not in, filler stands in.',
  })
  @ApiOkResponse({ type: TakeoverDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, TAKEOVER_UNTIL_PAST, INPUT_OF_ANOTHER_CHANNEL' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: only the station’s producers, and admins and engineers' })
  @ApiNotFoundResponse({ description: 'CHANNEL_NOT_FOUND, INPUT_NOT_FOUND' })
  @ApiConflictResponse({ description: 'INPUT_DISABLED' })
  async takeOver(
    @Param('slug') slug: string,
    @Body() body: TakeoverRequestDto,
    @CurrentUser() user: AuthUser,
  ): Promise<TakeoverDto> {
    const channel = await this.channel(slug, user);
    const input = await this.inputs.get(user, body.inputId);
    if (input.channel.id !== channel.id)
      throw new DomainError(
        'invalid',
        'INPUT_OF_ANOTHER_CHANNEL',
        `Input ${input.name} belongs to ${input.channel.slug}, not to ${slug}`,
      );
    if (!input.enabled) throw new DomainError('conflict', 'INPUT_DISABLED', `Input ${input.name} is disabled`);
    const until = body.until ? new Date(body.until) : null;
    return toDto(await this.operations.takeOver(channel, input.id, until, actorOf(user)));
  }

  @Delete()
  @HttpCode(200)
  @Authenticated('admin', 'producer', 'engineer')
  @ApiOperation({ summary: 'Ends the takeover: the schedule airs again from the next segment boundary.' })
  @ApiOkResponse({ type: TakeoverDto, description: 'The takeover that ended.' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: only the station’s producers, and admins and engineers' })
  @ApiNotFoundResponse({ description: 'CHANNEL_NOT_FOUND, NO_TAKEOVER' })
  async endTakeover(@Param('slug') slug: string, @CurrentUser() user: AuthUser): Promise<TakeoverDto> {
    const channel = await this.channel(slug, user);
    return toDto(await this.operations.endTakeover(channel, actorOf(user)));
  }

  private async channel(slug: string, user: AuthUser): Promise<PlayoutChannel> {
    const channel = await this.channels.bySlug(slug);
    if (!channel) throw new DomainError('not-found', 'CHANNEL_NOT_FOUND', `No channel ${slug}`);
    this.access.assertCanManageLiveInputs(user, channel.stationId);
    return channel;
  }
}
