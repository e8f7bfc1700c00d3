import { Controller, Get, Headers, OnModuleInit, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, FastLane, FastLanes, LaneAnswer, sendAnswer } from '@siaran/http';
import { ListenerCounter, LivePlaylists, PlayoutChannel, PlayoutChannels, RenderedPlaylist } from '@siaran/playout';
import { Clock } from '@siaran/time';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const PLAYLIST = /^([a-z0-9][a-z0-9-]{0,62})\.m3u8$/;
const MASTER_CACHE = 'public, max-age=60';
const MEDIA_CACHE = 'public, max-age=1';
const MASTER_HEADERS = playlistHeaders(MASTER_CACHE);
const MEDIA_HEADERS = playlistHeaders(MEDIA_CACHE);

/** Live HLS of every channel: playlists written from the durable timeline, never by ffmpeg. */
@ApiTags('live')
@Controller('live')
export class LiveController implements OnModuleInit {
  constructor(
    private readonly channels: PlayoutChannels,
    private readonly playlists: LivePlaylists,
    private readonly listeners: ListenerCounter,
    private readonly lanes: FastLanes,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.lanes.open('live-master', ({ params, headers }) => {
      const channel = this.cachedChannel(params.slug);
      return channel && playlistAnswer(this.playlists.master(channel), headers['accept-encoding'], MASTER_HEADERS);
    });
    this.lanes.open('live-media', ({ params, headers, ip }) => {
      const channel = this.cachedChannel(params.slug);
      const rendition = PLAYLIST.exec(params.playlist)?.[1];
      if (!channel || !rendition) return undefined;
      const now = this.clock.now().getTime();
      const playlist = this.playlists.renderedMedia(channel.id, rendition, now);
      if (!playlist) return undefined;
      this.listeners.record(channel.id, ip, headers['user-agent'] ?? '', now);
      return playlistAnswer(playlist, headers['accept-encoding'], MEDIA_HEADERS);
    });
  }

  @Get(':slug/master.m3u8')
  @FastLane('live-master')
  @ApiOperation({ summary: 'Multivariant playlist of a channel (TV: video ladder; radio: audio-only variants).' })
  @ApiProduces('application/vnd.apple.mpegurl')
  async master(@Param('slug') slug: string, @Headers('accept-encoding') encoding: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const channel = await this.channel(slug);
    sendAnswer(reply, playlistAnswer(this.playlists.master(channel), encoding, MASTER_HEADERS));
  }

  @Get(':slug/:playlist')
  @FastLane('live-media')
  @ApiOperation({ summary: 'Live media playlist of one rendition, e.g. /live/batik-tv/720p.m3u8.' })
  @ApiProduces('application/vnd.apple.mpegurl')
  async media(
    @Param('slug') slug: string,
    @Param('playlist') playlist: string,
    @Headers('accept-encoding') encoding: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const rendition = PLAYLIST.exec(playlist)?.[1];
    if (!rendition) throw new ApiError(404, 'PLAYLIST_NOT_FOUND', `No playlist ${playlist} on channel ${slug}`);
    const channel = await this.channel(slug);
    const now = this.clock.now().getTime();
    const rendered = await this.playlists.media(channel, rendition, now);
    this.listeners.record(channel.id, request.ip, request.headers['user-agent'] ?? '', now);
    sendAnswer(reply, playlistAnswer(rendered, encoding, MEDIA_HEADERS));
  }

  private async channel(slug: string): Promise<PlayoutChannel> {
    if (!SLUG.test(slug)) throw new ApiError(404, 'CHANNEL_NOT_FOUND', 'No such channel');
    const channel = await this.channels.bySlugCached(slug, this.clock.now().getTime());
    if (!channel || !channel.isPublic) throw new ApiError(404, 'CHANNEL_NOT_FOUND', `No channel ${slug}`);
    return channel;
  }

  /** The public channel of a lane request, when the lookup is cached (the slug is only a cache key here). */
  private cachedChannel(slug: string): PlayoutChannel | undefined {
    const channel = this.channels.fromCache(slug, this.clock.now().getTime());
    return channel?.isPublic ? channel : undefined;
  }
}

/** The headers of each kind of playlist answer, made once: lanes send them thousands of times a second. */
function playlistHeaders(cacheControl: string): { plain: Readonly<Record<string, string>>; gzip: Readonly<Record<string, string>> } {
  const plain = { 'content-type': 'application/vnd.apple.mpegurl', 'cache-control': cacheControl, vary: 'accept-encoding' };
  return { plain, gzip: { ...plain, 'content-encoding': 'gzip' } };
}

function playlistAnswer(playlist: RenderedPlaylist, encoding: string | undefined, headers: typeof MEDIA_HEADERS): LaneAnswer {
  if (encoding && /\bgzip\b/.test(encoding)) return { status: 200, headers: headers.gzip, body: playlist.gzip };
  return { status: 200, headers: headers.plain, body: playlist.plain };
}
