import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, AuthUser, CurrentUser } from '@siaran/auth';
import { apiPath, UuidParam } from '@siaran/http';
import { LiveInputsService } from '@siaran/ingest';
import {
  CONNECTION_MODELS,
  CreateLiveInputRequestDto,
  LiveInputListResponseDto,
  LiveInputResponseDto,
  mapLiveInput,
  UpdateLiveInputRequestDto,
} from './live-inputs.dto';

const FORBIDDEN = 'FORBIDDEN: only the station\u2019s producers, and admins and engineers, see and manage its inputs.';
const BAD_FIELDS =
  'VALIDATION_FAILED, FIELD_NOT_FOR_KIND (mount on a non-Icecast input, url on a non-relay), RELAY_URL_REQUIRED, RELAY_URL_INVALID, RELAY_URL_UNRESOLVED, RELAY_URL_REFUSED (loopback or private address)';

@ApiTags('live inputs')
@ApiExtraModels(...CONNECTION_MODELS)
@Controller()
export class LiveInputsController {
  constructor(private readonly inputs: LiveInputsService) {}

  @Get(apiPath('channels/:slug/inputs'))
  @Authenticated('admin', 'producer', 'engineer')
  @ApiOperation({ summary: 'The live inputs of a channel, secrets masked.' })
  @ApiOkResponse({ type: LiveInputListResponseDto })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: 'CHANNEL_NOT_FOUND' })
  async list(@CurrentUser() user: AuthUser, @Param('slug') slug: string): Promise<LiveInputListResponseDto> {
    return { inputs: (await this.inputs.listOfChannel(user, slug)).map(mapLiveInput) };
  }

  @Post(apiPath('channels/:slug/inputs'))
  @Authenticated('admin', 'producer', 'engineer')
  @ApiOperation({
    summary:
      'Adds a live input to a channel: RTMP, SRT (given a port of SRT_PORTS) or Icecast push, or a relay. The answer is the only one showing the new secret in full.',
  })
  @ApiCreatedResponse({ type: LiveInputResponseDto })
  @ApiBadRequestResponse({ description: BAD_FIELDS })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: 'CHANNEL_NOT_FOUND' })
  @ApiConflictResponse({
    description:
      'MOUNT_TAKEN, SRT_PORTS_FULL (every port of SRT_PORTS has an input), INGEST_OFF (that ingest is turned off)',
  })
  async create(
    @CurrentUser() user: AuthUser,
    @Param('slug') slug: string,
    @Body() body: CreateLiveInputRequestDto,
  ): Promise<LiveInputResponseDto> {
    return mapLiveInput(await this.inputs.create(user, slug, body));
  }

  @Get(apiPath('inputs/:id'))
  @Authenticated('admin', 'producer', 'engineer')
  @ApiOperation({ summary: 'One live input with its connection details, secrets masked.' })
  @ApiOkResponse({ type: LiveInputResponseDto })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: 'INPUT_NOT_FOUND' })
  async get(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<LiveInputResponseDto> {
    return mapLiveInput(await this.inputs.get(user, id));
  }

  @Patch(apiPath('inputs/:id'))
  @Authenticated('admin', 'producer', 'engineer')
  @ApiOperation({ summary: 'Renames, enables or disables an input, or changes its policies, mount or relay URL.' })
  @ApiOkResponse({ type: LiveInputResponseDto })
  @ApiBadRequestResponse({ description: BAD_FIELDS })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: 'INPUT_NOT_FOUND' })
  @ApiConflictResponse({ description: 'MOUNT_TAKEN' })
  async update(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: UpdateLiveInputRequestDto,
  ): Promise<LiveInputResponseDto> {
    return mapLiveInput(await this.inputs.update(user, id, body));
  }

  @Post(apiPath('inputs/:id/rotate-secret'))
  @HttpCode(200)
  @Authenticated('admin', 'producer', 'engineer')
  @ApiOperation({
    summary:
      'Gives the input a new stream key, passphrase or password, shown in full in this answer only; the old one stops working.',
  })
  @ApiOkResponse({ type: LiveInputResponseDto })
  @ApiBadRequestResponse({ description: 'INPUT_HAS_NO_SECRET (a relay)' })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: 'INPUT_NOT_FOUND' })
  async rotateSecret(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<LiveInputResponseDto> {
    return mapLiveInput(await this.inputs.rotateSecret(user, id));
  }

  @Delete(apiPath('inputs/:id'))
  @HttpCode(204)
  @Authenticated('admin', 'producer', 'engineer')
  @ApiOperation({ summary: 'Deletes an input; refused while schedule entries air it.' })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: 'INPUT_NOT_FOUND' })
  @ApiConflictResponse({ description: 'INPUT_IN_USE: schedule entries or changed occurrences air it.' })
  async remove(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<void> {
    await this.inputs.remove(user, id);
  }
}
