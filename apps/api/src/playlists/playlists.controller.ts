import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, AuthUser, CurrentUser, StationAccess } from '@siaran/auth';
import { DomainError } from '@siaran/core';
import { apiPath, UuidParam } from '@siaran/http';
import { PlaylistErrorCode, PlaylistsService, type PlaylistView } from '@siaran/playlists';
import { PlayoutChannels } from '@siaran/playout';
import { actorOf, ScheduledAssets, StationsService } from '@siaran/scheduling';
import {
  CreatePlaylistRequestDto,
  itemsOf,
  mapPlaylist,
  PlaylistListQueryDto,
  PlaylistListResponseDto,
  PlaylistResponseDto,
  smartOf,
  UpdatePlaylistRequestDto,
} from './playlists.dto';

const FORBIDDEN = 'FORBIDDEN: only admins and the station\u2019s producers change its playlists.';
const BAD_ITEMS =
  'VALIDATION_FAILED, PLAYLIST_CYCLE (it would contain itself, directly or through others; details.path), PLAYLIST_ITEM_NOT_FOUND, PLAYLIST_ITEM_OF_ANOTHER_STATION, PLAYLIST_SMART_WITH_ITEMS';

@ApiTags('playlists')
@Controller()
export class PlaylistsController {
  constructor(
    private readonly playlists: PlaylistsService,
    private readonly stations: StationsService,
    private readonly scheduled: ScheduledAssets,
    private readonly access: StationAccess,
    private readonly playoutChannels: PlayoutChannels,
  ) {}

  @Get(apiPath('playlists'))
  @Authenticated('admin', 'producer', 'engineer')
  @ApiOperation({ summary: 'Playlists, by name (producers: of their stations).' })
  @ApiOkResponse({ type: PlaylistListResponseDto })
  async list(@CurrentUser() user: AuthUser, @Query() query: PlaylistListQueryDto): Promise<PlaylistListResponseDto> {
    const { stationId } = query;
    const mine = user.role === 'producer' ? user.stationIds : null;
    const wanted = stationId === undefined ? mine : (mine ?? [stationId]).filter((id) => id === stationId);
    return { playlists: (await this.playlists.list(wanted)).map(mapPlaylist) };
  }

  @Post(apiPath('stations/:stationId/playlists'))
  @Authenticated('admin', 'producer')
  @ApiOperation({
    summary: 'Creates a playlist of a station: fixed items (assets or other playlists) or a smart query.',
  })
  @ApiCreatedResponse({ type: PlaylistResponseDto })
  @ApiBadRequestResponse({ description: BAD_ITEMS })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: 'STATION_NOT_FOUND' })
  @ApiConflictResponse({ description: 'PLAYLIST_NAME_TAKEN' })
  async create(
    @CurrentUser() user: AuthUser,
    @UuidParam('stationId') stationId: string,
    @Body() body: CreatePlaylistRequestDto,
  ): Promise<PlaylistResponseDto> {
    if ((await this.stations.ladderPresetsOf(stationId)) === null)
      throw new DomainError('not-found', 'STATION_NOT_FOUND', `No station ${stationId}`);
    this.access.assertCanManageStation(user, stationId);
    const created = await this.playlists.create(actorOf(user), {
      stationId,
      name: body.name,
      order: body.order,
      rules: body.rules,
      items: itemsOf(body.items),
      smart: smartOf(body.smart),
    });
    return mapPlaylist(created);
  }

  @Get(apiPath('playlists/:id'))
  @Authenticated('admin', 'producer', 'engineer')
  @ApiOperation({ summary: 'One playlist with its items.' })
  @ApiOkResponse({ type: PlaylistResponseDto })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: a producer of another station.' })
  @ApiNotFoundResponse({ description: 'PLAYLIST_NOT_FOUND' })
  async get(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<PlaylistResponseDto> {
    return mapPlaylist(await this.readable(user, id));
  }

  @Patch(apiPath('playlists/:id'))
  @Authenticated('admin', 'producer')
  @ApiOperation({ summary: 'Renames a playlist, or changes its order, rules, items (replaced whole) or query.' })
  @ApiOkResponse({ type: PlaylistResponseDto })
  @ApiBadRequestResponse({ description: BAD_ITEMS })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: 'PLAYLIST_NOT_FOUND' })
  @ApiConflictResponse({ description: 'PLAYLIST_NAME_TAKEN' })
  async update(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: UpdatePlaylistRequestDto,
  ): Promise<PlaylistResponseDto> {
    const playlist = await this.playlists.get(id);
    this.access.assertCanManageStation(user, playlist.stationId);
    const updated = await this.playlists.update(actorOf(user), id, {
      name: body.name,
      order: body.order,
      rules: body.rules,
      items: itemsOf(body.items),
      smart: smartOf(body.smart),
    });
    return mapPlaylist(updated);
  }

  @Delete(apiPath('playlists/:id'))
  @HttpCode(204)
  @Authenticated('admin', 'producer')
  @ApiOperation({
    summary:
      'Deletes a playlist; refused while schedule entries air it (409 PLAYLIST_SCHEDULED, details.entries), channels air it as filler (409 PLAYLIST_IS_FILLER, details.channels) or another playlist contains it.',
  })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: 'PLAYLIST_NOT_FOUND' })
  @ApiConflictResponse({ description: 'PLAYLIST_SCHEDULED, PLAYLIST_IS_FILLER, PLAYLIST_IN_PLAYLIST' })
  async remove(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<void> {
    const playlist = await this.playlists.get(id);
    this.access.assertCanManageStation(user, playlist.stationId);
    const entries = await this.scheduled.entriesAiringPlaylist(id);
    if (entries.length > 0)
      throw new DomainError(
        'conflict',
        PlaylistErrorCode.Scheduled,
        'Schedule entries air this playlist: give them another source first.',
        { entries },
      );
    const channels = await this.playoutChannels.fillingWith(id);
    if (channels.length > 0)
      throw new DomainError(
        'conflict',
        PlaylistErrorCode.IsFiller,
        'Channels air this playlist as their filler: choose another filler first.',
        { channels },
      );
    await this.playlists.remove(actorOf(user), id);
  }

  private async readable(user: AuthUser, id: string): Promise<PlaylistView> {
    const playlist = await this.playlists.get(id);
    if (user.role === 'producer') this.access.assertCanManageStation(user, playlist.stationId);
    return playlist;
  }
}
