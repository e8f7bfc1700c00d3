import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, AuthUser, CurrentUser } from '@siaran/auth';
import { apiPath, PublicCache, UuidParam } from '@siaran/http';
import { ChannelsService, ProgrammesService, StationsService } from '@siaran/scheduling';
import {
  ChannelListResponseDto,
  ChannelResponseDto,
  CreateChannelRequestDto,
  CreateProgrammeRequestDto,
  CreateStationRequestDto,
  mapChannel,
  mapProgramme,
  mapStation,
  ProgrammeListQueryDto,
  ProgrammeListResponseDto,
  ProgrammeResponseDto,
  StationListResponseDto,
  StationResponseDto,
  UpdateChannelRequestDto,
  UpdateProgrammeRequestDto,
  UpdateStationRequestDto,
} from './catalog.dto';

@ApiTags('stations')
@Controller(apiPath('stations'))
export class StationsController {
  constructor(private readonly stations: StationsService) {}

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
  async update(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: UpdateStationRequestDto): Promise<StationResponseDto> {
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
  @ApiOperation({ summary: 'Changes a channel. Its time zone cannot change while it has a schedule.' })
  @ApiOkResponse({ type: ChannelResponseDto })
  @ApiNotFoundResponse({ description: 'CHANNEL_NOT_FOUND' })
  @ApiConflictResponse({ description: 'SLUG_TAKEN, CHANNEL_HAS_SCHEDULE' })
  async update(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: UpdateChannelRequestDto): Promise<ChannelResponseDto> {
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
  async update(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: UpdateProgrammeRequestDto): Promise<ProgrammeResponseDto> {
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
