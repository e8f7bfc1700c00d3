import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, AuthUser, CurrentUser } from '@siaran/auth';
import {
  ApiError,
  apiPath,
  FastLane,
  LaneAnswer,
  LaneRequest,
  PreparedJson,
  PublicCache,
  publicJsonAnswer,
  SecondlyAnswers,
  UuidParam,
} from '@siaran/http';
import { Clock } from '@siaran/time';
import { MediaForSchedule } from '@siaran/media';
import { BoundedCache } from '@siaran/core';
import { ChannelsService, EntryView, GuideService, NowNext, ScheduleService, TimeZone } from '@siaran/scheduling';
import {
  ChangeOccurrenceRequestDto,
  CONFLICT_RESPONSE,
  ConflictDto,
  CreateEntryRequestDto,
  EntryListQueryDto,
  EntryListResponseDto,
  EntryResponseDto,
  assetIdsOf,
  mapEntry,
  mapOccurrence,
  NowNextResponseDto,
  NowQueryDto,
  ScheduleQueryDto,
  ScheduleResponseDto,
  withSource,
  UpdateEntryRequestDto,
} from './schedule.dto';

const NOW_MAX_AGE_S = 5;
const DEFAULT_NEXT = 3;

/** The plain now/next answer of a channel, with the schedule generation it was built from. */
interface LatestNow {
  answer: PreparedJson;
  generation: number;
}

const BAD_TIMING =
  'INVALID_LOCAL_TIME, NONEXISTENT_LOCAL_TIME, END_BEFORE_START, INVALID_DURATION, DURATION_TOO_LONG, DURATION_AND_END, INVALID_RRULE, UNSUPPORTED_RRULE, START_NOT_IN_RECURRENCE, UNTIL_BEFORE_START, PROGRAMME_OF_ANOTHER_STATION, VALIDATION_FAILED';

@ApiTags('schedule')
@ApiExtraModels(ConflictDto)
@Controller(apiPath('schedule-entries'))
export class ScheduleEntriesController {
  constructor(
    private readonly schedule: ScheduleService,
    private readonly channels: ChannelsService,
    private readonly media: MediaForSchedule,
  ) {}

  /** Entries with the readiness of the assets they air on their channel's ladder (one query for the ladders, one per channel). */
  private async withReadiness(entries: EntryView[]): Promise<EntryResponseDto[]> {
    const byChannel = new Map<string, EntryView[]>();
    for (const entry of entries) byChannel.set(entry.channelId, [...(byChannel.get(entry.channelId) ?? []), entry]);
    const presets = await this.channels.ladderPresetsOf([...byChannel.keys()]);
    const readiness = new Map(
      (
        await Promise.all(
          [...byChannel].flatMap(([channelId, list]) => {
            const preset = presets.get(channelId);
            return preset ? [this.media.readinessOnLadder(preset, list.flatMap(assetIdsOf))] : [];
          }),
        )
      ).flatMap((map) => [...map]),
    );
    return entries.map((entry) => mapEntry(entry, readiness));
  }

  private async one(entry: EntryView): Promise<EntryResponseDto> {
    return (await this.withReadiness([entry]))[0];
  }

  @Post()
  @Authenticated('admin', 'producer')
  @ApiOperation({
    summary:
      'Schedules a programme on a channel, once or recurring (RRULE). Refused with 409 when an occurrence would overlap another.',
  })
  @ApiCreatedResponse({ type: EntryResponseDto })
  @ApiBadRequestResponse({ description: BAD_TIMING })
  @ApiNotFoundResponse({ description: 'CHANNEL_NOT_FOUND, PROGRAMME_NOT_FOUND' })
  @ApiResponse(CONFLICT_RESPONSE)
  async create(@CurrentUser() user: AuthUser, @Body() body: CreateEntryRequestDto): Promise<EntryResponseDto> {
    return this.one(await this.schedule.create(user, withSource(body)));
  }

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'The entries (series and single airings, with their exceptions) of a channel.' })
  @ApiOkResponse({ type: EntryListResponseDto })
  @ApiNotFoundResponse({ description: 'CHANNEL_NOT_FOUND' })
  async list(@Query() query: EntryListQueryDto): Promise<EntryListResponseDto> {
    return { entries: await this.withReadiness(await this.schedule.listOfChannel(query.channelId)) };
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'One schedule entry.' })
  @ApiOkResponse({ type: EntryResponseDto })
  @ApiNotFoundResponse({ description: 'SCHEDULE_ENTRY_NOT_FOUND' })
  async get(@UuidParam() id: string): Promise<EntryResponseDto> {
    return this.one(await this.schedule.get(id));
  }

  @Patch(':id')
  @Authenticated('admin', 'producer')
  @ApiOperation({
    summary: 'Changes an entry (the whole series). Exceptions of occurrences the series no longer has are dropped.',
  })
  @ApiOkResponse({ type: EntryResponseDto })
  @ApiBadRequestResponse({ description: BAD_TIMING })
  @ApiNotFoundResponse({ description: 'SCHEDULE_ENTRY_NOT_FOUND, PROGRAMME_NOT_FOUND' })
  @ApiResponse(CONFLICT_RESPONSE)
  async update(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() body: UpdateEntryRequestDto,
  ): Promise<EntryResponseDto> {
    return this.one(await this.schedule.update(user, id, withSource(body)));
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated('admin', 'producer')
  @ApiOperation({ summary: 'Deletes an entry with all its occurrences.' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'SCHEDULE_ENTRY_NOT_FOUND' })
  async remove(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<void> {
    await this.schedule.remove(user, id);
  }

  @Put(':id/occurrences/:originalStart')
  @Authenticated('admin', 'producer')
  @ApiOperation({
    summary:
      'Cancels ({ cancelled: true }) or changes (start, duration or end, programme, source) one occurrence of a series, named by its original wall-clock start.',
  })
  @ApiOkResponse({ type: EntryResponseDto })
  @ApiBadRequestResponse({ description: `${BAD_TIMING}, ENTRY_NOT_RECURRING, INVALID_OCCURRENCE_CHANGE` })
  @ApiNotFoundResponse({ description: 'SCHEDULE_ENTRY_NOT_FOUND, OCCURRENCE_NOT_FOUND, PROGRAMME_NOT_FOUND' })
  @ApiResponse(CONFLICT_RESPONSE)
  async changeOccurrence(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Param('originalStart') originalStart: string,
    @Body() body: ChangeOccurrenceRequestDto,
  ): Promise<EntryResponseDto> {
    return this.one(await this.schedule.changeOccurrence(user, id, originalStart, withSource(body)));
  }

  @Delete(':id/occurrences/:originalStart')
  @Authenticated('admin', 'producer')
  @ApiOperation({ summary: 'Restores one occurrence as the series has it.' })
  @ApiOkResponse({ type: EntryResponseDto })
  @ApiNotFoundResponse({ description: 'SCHEDULE_ENTRY_NOT_FOUND, OCCURRENCE_NOT_FOUND' })
  @ApiResponse(CONFLICT_RESPONSE)
  async restoreOccurrence(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Param('originalStart') originalStart: string,
  ): Promise<EntryResponseDto> {
    return this.one(await this.schedule.restoreOccurrence(user, id, originalStart));
  }
}

@ApiTags('guide')
@Controller(apiPath('channels'))
export class ChannelScheduleController {
  constructor(
    private readonly guide: GuideService,
    private readonly clock: Clock,
  ) {}

  /** Builds the plain answer (now, 3 next) of a channel. */
  private async latest(slug: string): Promise<LatestNow> {
    const generation = this.guide.generation;
    return {
      answer: this.nowAnswer(await this.guide.nowNext(slug, undefined, DEFAULT_NEXT), DEFAULT_NEXT),
      generation,
    };
  }

  @Get(':slug/schedule')
  @PublicCache()
  @ApiOperation({
    summary: 'Occurrences in a range of at most 31 days (public), expanded, with times in the channel\u2019s offset.',
  })
  @ApiOkResponse({ type: ScheduleResponseDto })
  @ApiBadRequestResponse({ description: 'INVALID_RANGE, INVALID_INSTANT, RANGE_TOO_LONG' })
  @ApiNotFoundResponse({ description: 'CHANNEL_NOT_FOUND' })
  async schedule(@Param('slug') slug: string, @Query() query: ScheduleQueryDto): Promise<ScheduleResponseDto> {
    const result = await this.guide.schedule(slug, query.from, query.to);
    const zone = TimeZone.of(result.channel.timezone);
    const format = (instant: number) => zone.formatIso(instant);
    return {
      channel: { slug: result.channel.slug, name: result.channel.name, timezone: result.channel.timezone },
      from: format(result.from.getTime()),
      to: format(result.to.getTime()),
      occurrences: result.occurrences.map((o) => mapOccurrence(o, format)),
    };
  }

  /** Players poll this every few seconds: one answer per channel, schedule version, second and count is built, then reused. */
  private readonly nowAnswers = new BoundedCache<string, PreparedJson>(1000);
  /** The plain answer of each channel slug, while no schedule write happened in this process since. */
  private readonly latestNow = new SecondlyAnswers<LatestNow>(
    (latest) => latest.generation === this.guide.generation,
    1000,
  );

  @Get(':slug/schedule/now')
  @FastLane('schedule-now', (controller: ChannelScheduleController, request) => controller.nowFromMemory(request))
  @PublicCache(NOW_MAX_AGE_S)
  @ApiOperation({ summary: 'What is on at an instant (default now), and what comes next (public).' })
  @ApiOkResponse({ type: NowNextResponseDto })
  @ApiBadRequestResponse({ description: 'INVALID_INSTANT, VALIDATION_FAILED' })
  @ApiNotFoundResponse({ description: 'CHANNEL_NOT_FOUND' })
  async now(@Param('slug') slug: string, @Query() query: NowQueryDto): Promise<PreparedJson> {
    if (query.at === undefined && query.next === undefined)
      return (await this.latestNow.get(slug, this.clock.now().getTime(), () => this.latest(slug))).answer;
    const count = query.next ?? DEFAULT_NEXT;
    return this.nowAnswer(await this.guide.nowNext(slug, query.at, count), count);
  }

  /** Lanes see only requests without a query: the plain one (now, 3 next) that players poll. */
  private nowFromMemory({ params, headers }: LaneRequest): LaneAnswer | undefined {
    const known = this.latestNow.peek(params.slug, this.clock.now().getTime(), () => this.latest(params.slug));
    return known && publicJsonAnswer(headers['if-none-match'], known.answer, NOW_MAX_AGE_S);
  }

  private nowAnswer(result: NowNext, count: number): PreparedJson {
    const key = `${result.channel.id}|${result.channel.scheduleVersion}|${result.at.getTime()}|${result.next.length}|${count}`;
    const known = this.nowAnswers.get(key);
    if (known) return known;
    const zone = TimeZone.of(result.channel.timezone);
    const format = (instant: number) => zone.formatIso(instant);
    const answer = new PreparedJson({
      channel: { slug: result.channel.slug, name: result.channel.name, timezone: result.channel.timezone },
      at: format(result.at.getTime()),
      current: result.current && mapOccurrence(result.current, format),
      next: result.next.map((o) => mapOccurrence(o, format)),
    } satisfies NowNextResponseDto);
    this.nowAnswers.set(key, answer);
    return answer;
  }
}

const MAX_GUIDE_DAYS = 14;

@ApiTags('guide')
@Controller()
export class FeedsController {
  constructor(private readonly guide: GuideService) {}

  @Get('epg.xml')
  @PublicCache(60)
  @Header('Content-Type', 'application/xml; charset=utf-8')
  @ApiOperation({ summary: 'XMLTV guide of every listed channel, from this hour on (public).' })
  @ApiProduces('application/xml')
  @ApiQuery({ name: 'days', required: false, description: `Days of guide, 1 to ${MAX_GUIDE_DAYS} (default 7).` })
  @ApiOkResponse({ description: 'XMLTV (xmltv.dtd).' })
  @ApiBadRequestResponse({ description: 'INVALID_DAYS' })
  async epg(@Query('days') days?: string): Promise<string> {
    const count = days === undefined ? 7 : Number(days);
    if (!Number.isInteger(count) || count < 1 || count > MAX_GUIDE_DAYS || !/^\d+$/.test(days ?? '7')) {
      throw new ApiError(400, 'INVALID_DAYS', `days must be a whole number from 1 to ${MAX_GUIDE_DAYS}`);
    }
    return this.guide.xmltv(count);
  }

  @Get('channels.m3u')
  @PublicCache(60)
  @Header('Content-Type', 'audio/x-mpegurl; charset=utf-8')
  @ApiOperation({
    summary: 'M3U playlist of every listed channel for IPTV players, pointing at the XMLTV guide (public).',
  })
  @ApiProduces('audio/x-mpegurl')
  @ApiOkResponse({ description: '#EXTM3U playlist.' })
  m3u(): Promise<string> {
    return this.guide.m3u();
  }
}
