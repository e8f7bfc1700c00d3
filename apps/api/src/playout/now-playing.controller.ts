import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { ApiError, apiPath, SseConnections } from '@siaran/http';
import { ALL_CHANNELS, NowPlaying, NowPlayingService, NowPlayingTracker, PlayoutChannel, PlayoutChannels } from '@siaran/playout';
import { Clock } from '@siaran/time';
import { NowPlayingDto } from './now-playing.dto';

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
  @Header('Cache-Control', 'public, max-age=2')
  @ApiOperation({ summary: 'What airs now on a channel (programme or filler), what comes next, listeners.' })
  @ApiOkResponse({ type: NowPlayingDto })
  async get(@Param('slug') slug: string): Promise<NowPlaying> {
    return this.nowPlaying.current(await this.channel(slug), this.clock.now().getTime());
  }

  @Get(apiPath('channels/:slug/now-playing/events'))
  @ApiOperation({ summary: 'Server-Sent Events: `now-playing` with the full object on connect and on every change; comment heartbeats every 15 s.' })
  @ApiProduces('text/event-stream')
  async events(@Param('slug') slug: string, @Res() reply: FastifyReply): Promise<void> {
    const channel = await this.channel(slug);
    const first = await this.nowPlaying.at(channel, this.clock.now().getTime());
    const stream = this.sse.open(reply);
    stream.send('now-playing', first);
    stream.onClose(this.tracker.subscribe(channel.id, (value) => stream.send('now-playing', value)));
  }

  @Get(apiPath('now-playing/events'))
  @ApiOperation({ summary: 'Server-Sent Events for every public channel: each `now-playing` event is one channel\'s object.' })
  @ApiProduces('text/event-stream')
  async allEvents(@Res() reply: FastifyReply): Promise<void> {
    const now = this.clock.now().getTime();
    const channels = (await this.channels.all()).filter((c) => c.isPublic);
    const current = await Promise.all(channels.map((channel) => this.nowPlaying.at(channel, now)));
    const publicIds = new Set(channels.map((c) => c.id));
    const stream = this.sse.open(reply);
    for (const value of current) stream.send('now-playing', value);
    stream.onClose(this.tracker.subscribe(ALL_CHANNELS, (value) => publicIds.has(value.channel.id) && stream.send('now-playing', value)));
  }

  private async channel(slug: string): Promise<PlayoutChannel> {
    const channel = await this.channels.bySlugCached(slug, this.clock.now().getTime());
    if (!channel || !channel.isPublic) throw new ApiError(404, 'CHANNEL_NOT_FOUND', `No channel ${slug}`);
    return channel;
  }
}
