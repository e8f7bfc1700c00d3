import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, AuthUser, CurrentUser } from '@siaran/auth';
import { apiPath, openFilePart, PublicCache, UuidParam } from '@siaran/http';
import { MediaObjectResponder } from '@siaran/media';
import {
  ChannelsService,
  LOGO_CONTENT_TYPE,
  LogoUpload,
  logoTooLarge,
  ProgrammesService,
  StationLogos,
  StationsService,
} from '@siaran/scheduling';
import {
  ChannelListResponseDto,
  ChannelResponseDto,
  CreateChannelRequestDto,
  CreateProgrammeRequestDto,
  CreateStationRequestDto,
  mapChannel,
  mapProgramme,
  mapStation,
  mapStationLogo,
  ProgrammeListQueryDto,
  ProgrammeListResponseDto,
  ProgrammeResponseDto,
  StationListResponseDto,
  StationLogoResponseDto,
  StationResponseDto,
  UpdateChannelRequestDto,
  UpdateProgrammeRequestDto,
  UpdateStationRequestDto,
} from './catalog.dto';

/** Logos change rarely and their URL carries a version: a minute of caching costs nothing. */
const LOGO_CACHE = 'public, max-age=60';

@ApiTags('stations')
@Controller(apiPath('stations'))
export class StationsController {
  constructor(
    private readonly stations: StationsService,
    private readonly logos: StationLogos,
    private readonly responder: MediaObjectResponder,
  ) {}

  @Get()
  @PublicCache()
  @ApiOperation({ summary: 'Every station with its listed channels (public).' })
  @ApiOkResponse({ type: StationListResponseDto })
  async list(): Promise<StationListResponseDto> {
    return { stations: (await this.stations.list()).map(mapStation) };
  }

  @Post()
  @Authenticated('admin')
  @ApiOperation({ summary: 'Creates a station.' })
  @ApiCreatedResponse({ type: StationResponseDto })
  @ApiConflictResponse({ description: 'SLUG_TAKEN' })
  async create(@CurrentUser() user: AuthUser, @Body() body: CreateStationRequestDto): Promise<StationResponseDto> {
    return mapStation(await this.stations.create(user, body));
  }

  @Patch(':id')
  @Authenticated('admin')
  @ApiOperation({ summary: 'Changes a station.' })
  @ApiOkResponse({ type: StationResponseDto })
  @ApiNotFoundResponse({ description: 'STATION_NOT_FOUND' })
  @ApiConflictResponse({ description: 'SLUG_TAKEN' })
  async update(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: UpdateStationRequestDto,
  ): Promise<StationResponseDto> {
    return mapStation(await this.stations.update(user, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated('admin')
  @ApiOperation({ summary: 'Deletes a station without channels or programmes.' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'STATION_NOT_FOUND' })
  @ApiConflictResponse({ description: 'STATION_HAS_CHANNELS, STATION_HAS_PROGRAMMES' })
  async remove(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<void> {
    await this.stations.remove(user, id);
  }

  @Put(':id/logo')
  @Authenticated('admin', 'producer')
  @ApiOperation({
    summary:
      "Sets the station logo (admins and the station's producers): multipart with one file part, a PNG or JPEG of at most 2 MiB and 16 to 4096 pixels a side, stored as a PNG fitting 1280x720. Audio-only assets without cover art air over it on TV ladders.",
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary', description: 'image/png or image/jpeg' } },
    },
  })
  @ApiOkResponse({ type: StationLogoResponseDto })
  @ApiBadRequestResponse({
    description:
      'FILE_REQUIRED, LOGO_UNSUPPORTED_TYPE, LOGO_NOT_AN_IMAGE, LOGO_TRUNCATED, LOGO_UNREADABLE, LOGO_BAD_DIMENSIONS, INVALID_ID',
  })
  @ApiNotFoundResponse({ description: 'STATION_NOT_FOUND' })
  @ApiPayloadTooLargeResponse({ description: 'LOGO_TOO_LARGE' })
  @ApiUnsupportedMediaTypeResponse({ description: 'UNSUPPORTED_MEDIA_TYPE: the body is not multipart/form-data' })
  async setLogo(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Req() request: FastifyRequest,
  ): Promise<StationLogoResponseDto> {
    return mapStationLogo(await this.logos.set(user, id, (limitBytes) => logoPart(request, limitBytes)));
  }

  @Get(':id/logo')
  @ApiOperation({ summary: 'The station logo as PNG (public), streamed from object storage.' })
  @ApiProduces(LOGO_CONTENT_TYPE)
  @ApiHeader({
    name: 'If-None-Match',
    required: false,
    description: 'An ETag from an earlier answer: 304 Not Modified when it still holds.',
  })
  @ApiOkResponse({ description: 'The PNG, with ETag and Cache-Control.' })
  @ApiNotFoundResponse({ description: 'STATION_NOT_FOUND, LOGO_NOT_FOUND' })
  async logo(@UuidParam() id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.responder.send(request, reply, await this.logos.objectKey(id), {
      contentType: LOGO_CONTENT_TYPE,
      cacheControl: LOGO_CACHE,
    });
  }

  @Delete(':id/logo')
  @HttpCode(204)
  @Authenticated('admin', 'producer')
  @ApiOperation({ summary: "Removes the station logo (admins and the station's producers)." })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'STATION_NOT_FOUND, LOGO_NOT_FOUND' })
  async removeLogo(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<void> {
    await this.logos.remove(user, id);
  }
}

/** The one file part of a logo upload, not yet read. */
async function logoPart(request: FastifyRequest, limitBytes: number): Promise<LogoUpload> {
  const file = await openFilePart(request, {
    limitBytes,
    tooLarge: () => logoTooLarge(limitBytes),
    notMultipart: 'Send the logo as multipart/form-data with one file part.',
  });
  return { stream: file.file, contentType: file.mimetype };
}

@ApiTags('channels')
@Controller(apiPath('channels'))
export class ChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Get()
  @PublicCache()
  @ApiOperation({ summary: 'Listed channels (public).' })
  @ApiOkResponse({ type: ChannelListResponseDto })
  async list(): Promise<ChannelListResponseDto> {
    return { channels: (await this.channels.listPublic()).map(mapChannel) };
  }

  @Get(':slug')
  @PublicCache()
  @ApiOperation({ summary: 'One channel by slug (public).' })
  @ApiOkResponse({ type: ChannelResponseDto })
  @ApiNotFoundResponse({ description: 'CHANNEL_NOT_FOUND' })
  async get(@Param('slug') slug: string): Promise<ChannelResponseDto> {
    return mapChannel(await this.channels.getBySlug(slug));
  }

  @Post()
  @Authenticated('admin')
  @ApiOperation({ summary: 'Creates a TV or radio channel of a station.' })
  @ApiCreatedResponse({ type: ChannelResponseDto })
  @ApiNotFoundResponse({ description: 'STATION_NOT_FOUND' })
  @ApiConflictResponse({ description: 'SLUG_TAKEN' })
  async create(@CurrentUser() user: AuthUser, @Body() body: CreateChannelRequestDto): Promise<ChannelResponseDto> {
    return mapChannel(await this.channels.create(user, body));
  }

  @Patch(':id')
  @Authenticated('admin')
  @ApiOperation({
    summary:
      'Changes a channel. Its time zone cannot change while it has a schedule. A new ladder preset queues that transcode for every asset the channel may still air (entries not over, their changed occurrences, its filler and slate).',
  })
  @ApiOkResponse({ type: ChannelResponseDto })
  @ApiBadRequestResponse({ description: 'UNKNOWN_PRESET' })
  @ApiNotFoundResponse({ description: 'CHANNEL_NOT_FOUND' })
  @ApiConflictResponse({ description: 'SLUG_TAKEN, CHANNEL_HAS_SCHEDULE' })
  @ApiUnprocessableEntityResponse({
    description: 'MEDIA_NO_STREAMS: an asset the channel airs cannot be transcoded to the new ladder',
  })
  async update(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: UpdateChannelRequestDto,
  ): Promise<ChannelResponseDto> {
    return mapChannel(await this.channels.update(user, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated('admin')
  @ApiOperation({ summary: 'Deletes a channel without schedule entries.' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'CHANNEL_NOT_FOUND' })
  @ApiConflictResponse({ description: 'CHANNEL_HAS_SCHEDULE' })
  async remove(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<void> {
    await this.channels.remove(user, id);
  }
}

@ApiTags('programmes')
@Controller(apiPath('programmes'))
export class ProgrammesController {
  constructor(private readonly programmes: ProgrammesService) {}

  @Get()
  @PublicCache()
  @ApiOperation({ summary: 'Programmes, of one station or all (public).' })
  @ApiOkResponse({ type: ProgrammeListResponseDto })
  async list(@Query() query: ProgrammeListQueryDto): Promise<ProgrammeListResponseDto> {
    return { programmes: (await this.programmes.list(query.stationId)).map(mapProgramme) };
  }

  @Get(':id')
  @PublicCache()
  @ApiOperation({ summary: 'One programme (public).' })
  @ApiOkResponse({ type: ProgrammeResponseDto })
  @ApiNotFoundResponse({ description: 'PROGRAMME_NOT_FOUND' })
  async get(@UuidParam() id: string): Promise<ProgrammeResponseDto> {
    return mapProgramme(await this.programmes.get(id));
  }

  @Post()
  @Authenticated('admin', 'producer')
  @ApiOperation({ summary: 'Creates a programme of a station (its producers and admins).' })
  @ApiCreatedResponse({ type: ProgrammeResponseDto })
  @ApiNotFoundResponse({ description: 'STATION_NOT_FOUND' })
  async create(@CurrentUser() user: AuthUser, @Body() body: CreateProgrammeRequestDto): Promise<ProgrammeResponseDto> {
    return mapProgramme(await this.programmes.create(user, body));
  }

  @Patch(':id')
  @Authenticated('admin', 'producer')
  @ApiOperation({ summary: 'Changes a programme; the guide of every channel airing it follows.' })
  @ApiOkResponse({ type: ProgrammeResponseDto })
  @ApiNotFoundResponse({ description: 'PROGRAMME_NOT_FOUND' })
  async update(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: UpdateProgrammeRequestDto,
  ): Promise<ProgrammeResponseDto> {
    return mapProgramme(await this.programmes.update(user, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated('admin', 'producer')
  @ApiOperation({ summary: 'Deletes a programme that is no longer scheduled.' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'PROGRAMME_NOT_FOUND' })
  @ApiConflictResponse({ description: 'PROGRAMME_STILL_SCHEDULED' })
  async remove(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<void> {
    await this.programmes.remove(user, id);
  }
}
