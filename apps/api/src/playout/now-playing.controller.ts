import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { ApiError, apiPath, FastLane, LaneAnswer, LaneRequest, sendAnswer, SseConnections } from '@siaran/http';
import { ALL_CHANNELS, NowPlayingService, NowPlayingTracker, PlayoutChannel, PlayoutChannels } from '@siaran/playout';
import { Clock } from '@siaran/time';
import { NowPlayingDto } from './now-playing.dto';
import { publicChannel } from './public-channel';

const NOW_PLAYING_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=2' };

/** Public: what every channel airs now and next, as JSON and as a push stream. */
@ApiTags('now playing')
@Controller()
export class NowPlayingController {
  constructor(
    private readonly channels: PlayoutChannels,
    private readonly nowPlaying: NowPlayingService,
    private readonly tracker: NowPlayingTracker,
    private readonly sse: SseConnections,
    private readonly clock: Clock,
  ) {}

  @Get(apiPath('channels/:slug/now-playing'))
  @FastLane('now-playing', (controller: NowPlayingController, request) => controller.fromMemory(request))
  @ApiOperation({
    summary: 'What airs now on a channel (programme or filler), what comes next, listeners. Times are whole seconds.',
  })
  @ApiOkResponse({ type: NowPlayingDto })
  async get(@Param('slug') slug: string, @Res() reply: FastifyReply): Promise<void> {
    sendAnswer(
      reply,
      nowPlayingAnswer(await this.nowPlaying.json(await this.channel(slug), this.clock.now().getTime())),
    );
  }

  /** The answer of this second, or of the second before while this one is built (see NowPlayingService.laneAnswer). */
  private fromMemory({ params }: LaneRequest): LaneAnswer | undefined {
    const now = this.clock.now().getTime();
    const channel = publicChannel(this.channels.fromCache(params.slug, now));
    const body = channel && this.nowPlaying.laneAnswer(channel, now);
    return body && nowPlayingAnswer(body);
  }

  @Get(apiPath('channels/:slug/now-playing/events'))
  @ApiOperation({
    summary:
      'Server-Sent Events: `now-playing` with the full object on connect and on every change; comment heartbeats every 15 s.',
  })
  @ApiProduces('text/event-stream')
  async events(@Param('slug') slug: string, @Res() reply: FastifyReply): Promise<void> {
    const channel = await this.channel(slug);
    const first = await this.nowPlaying.at(channel, this.clock.now().getTime());
    const stream = this.sse.open(reply);
    stream.send('now-playing', first);
    stream.onClose(this.tracker.subscribe(channel.id, (value) => stream.send('now-playing', value)));
  }

  @Get(apiPath('now-playing/events'))
  @ApiOperation({
    summary: "Server-Sent Events for every public channel: each `now-playing` event is one channel's object.",
  })
  @ApiProduces('text/event-stream')
  async allEvents(@Res() reply: FastifyReply): Promise<void> {
    const now = this.clock.now().getTime();
    const channels = (await this.channels.all()).filter((c) => c.isPublic);
    const current = await Promise.all(channels.map((channel) => this.nowPlaying.at(channel, now)));
    const publicIds = new Set(channels.map((c) => c.id));
    const stream = this.sse.open(reply);
    for (const value of current) stream.send('now-playing', value);
    stream.onClose(
      this.tracker.subscribe(
        ALL_CHANNELS,
        (value) => publicIds.has(value.channel.id) && stream.send('now-playing', value),
      ),
    );
  }

  private async channel(slug: string): Promise<PlayoutChannel> {
    const channel = publicChannel(await this.channels.bySlugCached(slug, this.clock.now().getTime()));
    if (!channel) throw new ApiError(404, 'CHANNEL_NOT_FOUND', `No channel ${slug}`);
    return channel;
  }
}

const nowPlayingAnswer = (body: Buffer): LaneAnswer => ({ status: 200, headers: NOW_PLAYING_HEADERS, body });
