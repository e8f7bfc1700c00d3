import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { AuthUser, Authenticated, CurrentUser, StationAccess } from '@siaran/auth';
import { DomainError } from '@siaran/core';
import { apiPath } from '@siaran/http';
import { PlayoutChannel, PlayoutChannels, PlayoutFiller, PlayoutOperations } from '@siaran/playout';
import { TimeZone } from '@siaran/scheduling';
import { Clock } from '@siaran/time';
import {
  asRunCsv,
  AsRunItemDto,
  AsRunQueryDto,
  FillerDto,
  mapAsRunItem,
  mapSongPlays,
  SetFillerDto,
  SkipResultDto,
  SongPlaysDto,
  SongReportQueryDto,
  songReportCsv,
} from './channel-operations.dto';

const MAX_AS_RUN_MS = 31 * 24 * 60 * 60 * 1000;

@ApiTags('channel operations')
@Controller(apiPath('channels/:slug'))
export class ChannelOperationsController {
  constructor(
    private readonly channels: PlayoutChannels,
    private readonly operations: PlayoutOperations,
    private readonly filler: PlayoutFiller,
    private readonly access: StationAccess,
    private readonly clock: Clock,
  ) {}

  @Post('skip')
  @HttpCode(200)
  @Authenticated('admin', 'engineer')
  @ApiOperation({
    summary: 'End the item on air now (after the segment airing) and go on with the next item or filler.',
  })
  @ApiOkResponse({ type: SkipResultDto })
  async skip(@Param('slug') slug: string): Promise<SkipResultDto> {
    const channel = await this.channel(slug);
    const { skipped, resumesAt } = await this.operations.skip(channel);
    const zone = TimeZone.of(channel.timezone);
    return { skipped: mapAsRunItem(skipped, zone), resumesAt: zone.formatIsoMillis(resumesAt.getTime()) };
  }

  @Get('as-run')
  @Authenticated()
  @ApiOperation({
    summary: 'As-run log: what actually aired (item, source, start, end), as JSON or CSV (?format=csv).',
  })
  @ApiOkResponse({ type: [AsRunItemDto] })
  async asRun(
    @Param('slug') slug: string,
    @Query() query: AsRunQueryDto,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AsRunItemDto[] | string> {
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (to <= from) throw new DomainError('invalid', 'INVALID_RANGE', 'to must be after from');
    if (to.getTime() - from.getTime() > MAX_AS_RUN_MS)
      throw new DomainError('invalid', 'RANGE_TOO_LONG', 'The range may span at most 31 days');
    const channel = await this.channel(slug);
    this.access.assertCanReadAirRecords(user, channel.stationId);
    const zone = TimeZone.of(channel.timezone);
    const items = (await this.operations.asRun(channel, from, to)).map((item) => mapAsRunItem(item, zone));
    if (query.format !== 'csv') return items;
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="as-run-${slug}.csv"`);
    return asRunCsv(items);
  }

  @Get('song-report')
  @Authenticated()
  @ApiOperation({
    summary:
      "Monthly per-song play report for music-royalty declarations: each song's plays and seconds aired in the month (the channel's zone), as JSON or CSV (?format=csv).",
  })
  @ApiOkResponse({ type: [SongPlaysDto] })
  async songReport(
    @Param('slug') slug: string,
    @Query() query: SongReportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SongPlaysDto[] | string> {
    const channel = await this.channel(slug);
    const zone = TimeZone.of(channel.timezone);
    const [year, month] = query.month.split('-').map(Number);
    const from = zone.toInstant(Date.UTC(year, month - 1, 1));
    const to = zone.toInstant(Date.UTC(year, month, 1));
    const rows = (await this.operations.songPlays(channel, new Date(from), new Date(to))).map((row) =>
      mapSongPlays(row, zone),
    );
    if (query.format !== 'csv') return rows;
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="songs-${slug}-${query.month}.csv"`);
    return songReportCsv(rows);
  }

  @Put('filler')
  @Authenticated('admin', 'producer')
  @ApiOperation({
    summary:
      'Choose what airs when nothing else can: a playlist item after item, an asset looped, or both (the asset while none of the playlist is ready); neither: the generated slate.',
  })
  @ApiOkResponse({ type: FillerDto })
  async setFiller(
    @Param('slug') slug: string,
    @Body() body: SetFillerDto,
    @CurrentUser() user: AuthUser,
  ): Promise<FillerDto> {
    const channel = await this.channel(slug);
    this.access.assertCanManageStation(user, channel.stationId);
    const filler = { assetId: body.assetId ?? null, playlistId: body.playlistId ?? null };
    await this.filler.set(channel, filler);
    return { fillerAssetId: filler.assetId, fillerPlaylistId: filler.playlistId };
  }

  private async channel(slug: string): Promise<PlayoutChannel> {
    const channel = await this.channels.bySlug(slug);
    if (!channel) throw new DomainError('not-found', 'CHANNEL_NOT_FOUND', `No channel ${slug}`);
    return channel;
  }
}
