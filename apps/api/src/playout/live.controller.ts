import { IncomingHttpHeaders } from 'node:http';
import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, FastLane, LaneAnswer, LaneRequest, sendAnswer } from '@siaran/http';
import { ListenerCounter, LivePlaylists, PlayoutChannel, PlayoutChannels, RenderedPlaylist } from '@siaran/playout';
import { Clock } from '@siaran/time';
import { publicChannel } from './public-channel';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const PLAYLIST = /^([a-z0-9][a-z0-9-]{0,62})\.m3u8$/;
const MASTER_CACHE = 'public, max-age=60';
const MEDIA_CACHE = 'public, max-age=1';
const MASTER_HEADERS = playlistHeaders(MASTER_CACHE);
const MEDIA_HEADERS = playlistHeaders(MEDIA_CACHE);

/** Live HLS of every channel: playlists written from the durable timeline, never by ffmpeg. */
@ApiTags('live')
@Controller('live')
export class LiveController {
  constructor(
    private readonly channels: PlayoutChannels,
    private readonly playlists: LivePlaylists,
    private readonly listeners: ListenerCounter,
    private readonly clock: Clock,
  ) {}

  @Get(':slug/master.m3u8')
  @FastLane('live-master', (live: LiveController, request) => live.masterFromMemory(request))
  @ApiOperation({ summary: 'Multivariant playlist of a channel (TV: video ladder; radio: audio-only variants).' })
  @ApiProduces('application/vnd.apple.mpegurl')
  async master(@Param('slug') slug: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendAnswer(reply, this.masterAnswer(await this.channel(slug), request.headers));
  }

  private masterFromMemory({ params, headers }: LaneRequest): LaneAnswer | undefined {
    const channel = this.cachedChannel(params.slug);
    return channel && this.masterAnswer(channel, headers);
  }

  private masterAnswer(channel: PlayoutChannel, headers: IncomingHttpHeaders): LaneAnswer {
    return playlistAnswer(this.playlists.master(channel), headers['accept-encoding'], MASTER_HEADERS);
  }

  @Get(':slug/:playlist')
  @FastLane('live-media', (live: LiveController, request) => live.mediaFromMemory(request))
  @ApiOperation({ summary: 'Live media playlist of one rendition, e.g. /live/batik-tv/720p.m3u8.' })
  @ApiProduces('application/vnd.apple.mpegurl')
  async media(
    @Param('slug') slug: string,
    @Param('playlist') playlist: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const rendition = PLAYLIST.exec(playlist)?.[1];
    if (!rendition) throw new ApiError(404, 'PLAYLIST_NOT_FOUND', `No playlist ${playlist} on channel ${slug}`);
    const channel = await this.channel(slug);
    const now = this.clock.now().getTime();
    sendAnswer(
      reply,
      this.mediaAnswer(channel, await this.playlists.media(channel, rendition, now), request.headers, request.ip, now),
    );
  }

  /** The media playlist while it is rendered for the segment airing (see LivePlaylists.renderedMedia). */
  private mediaFromMemory({ params, headers, ip }: LaneRequest): LaneAnswer | undefined {
    const channel = this.cachedChannel(params.slug);
    const rendition = PLAYLIST.exec(params.playlist)?.[1];
    if (!channel || !rendition) return undefined;
    const now = this.clock.now().getTime();
    const playlist = this.playlists.renderedMedia(channel.id, rendition, now);
    return playlist && this.mediaAnswer(channel, playlist, headers, ip, now);
  }

  /** Every client given a media playlist counts as a listener of the channel. */
  private mediaAnswer(
    channel: PlayoutChannel,
    playlist: RenderedPlaylist,
    headers: IncomingHttpHeaders,
    ip: string,
    now: number,
  ): LaneAnswer {
    this.listeners.record(channel.id, ip, headers['user-agent'] ?? '', now);
    return playlistAnswer(playlist, headers['accept-encoding'], MEDIA_HEADERS);
  }

  private async channel(slug: string): Promise<PlayoutChannel> {
    if (!SLUG.test(slug)) throw new ApiError(404, 'CHANNEL_NOT_FOUND', 'No such channel');
    const channel = publicChannel(await this.channels.bySlugCached(slug, this.clock.now().getTime()));
    if (!channel) throw new ApiError(404, 'CHANNEL_NOT_FOUND', `No channel ${slug}`);
    return channel;
  }

  /** The public channel of a lane request, when the lookup is cached (the slug is only a cache key here). */
  private cachedChannel(slug: string): PlayoutChannel | undefined {
    return publicChannel(this.channels.fromCache(slug, this.clock.now().getTime()));
  }
}

/** The headers of each kind of playlist answer, made once: lanes send them thousands of times a second. */
function playlistHeaders(cacheControl: string): {
  plain: Readonly<Record<string, string>>;
  gzip: Readonly<Record<string, string>>;
} {
  const plain = {
    'content-type': 'application/vnd.apple.mpegurl',
    'cache-control': cacheControl,
    vary: 'accept-encoding',
  };
  return { plain, gzip: { ...plain, 'content-encoding': 'gzip' } };
}

function playlistAnswer(
  playlist: RenderedPlaylist,
  encoding: string | undefined,
  headers: typeof MEDIA_HEADERS,
): LaneAnswer {
  if (encoding && /\bgzip\b/.test(encoding)) return { status: 200, headers: headers.gzip, body: playlist.gzip };
  return { status: 200, headers: headers.plain, body: playlist.plain };
}
