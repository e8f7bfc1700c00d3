import { applyDecorators, Controller, Get, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, FastLane, LaneAnswer, LaneRequest, sendAnswer } from '@siaran/http';
import {
  CONTENT_TYPES,
  IMMUTABLE_CACHE,
  isSuspiciousPath,
  MediaObjectResponder,
  SegmentCache,
  segmentAnswer,
  sendPlaylist,
  VodGrants,
  VodPlaylists,
} from '@siaran/media';
import { isPublicMediaKey, parseSegmentKey } from '@siaran/storage';
import { VodGrantQueryDto } from './vod.dto';

/** A signed URL is one user's: shared caches keep no copy of it. */
const PLAYLIST_CACHE = 'private, max-age=10';
const uuid = new ParseUUIDPipe({ exceptionFactory: () => new ApiError(404, 'VOD_NOT_FOUND', 'No such asset.') });

function refuseSuspicious(request: FastifyRequest): void {
  if (isSuspiciousPath(request.url))
    throw new ApiError(400, 'BAD_MEDIA_PATH', 'The path has dot segments or encoded separators.');
}

/** The refusals of every VOD route. */
const SignedVod = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiBadRequestResponse({ description: 'BAD_MEDIA_PATH, VOD_SIGNATURE_MALFORMED' }),
    ApiUnauthorizedResponse({ description: 'VOD_SIGNATURE_REQUIRED: no expires and signature.' }),
    ApiForbiddenResponse({ description: 'VOD_SIGNATURE_INVALID, VOD_URL_EXPIRED' }),
    ApiNotFoundResponse({ description: 'VOD_NOT_FOUND' }),
  );

/**
 * Ready assets as VOD: `/vod/<assetId>/master.m3u8?expires=…&signature=…`, playable by hls.js,
 * Safari, ffmpeg and IPTV apps, from the signed URL an asset's station users get with it.
 */
@ApiTags('vod')
@Controller('vod')
@SignedVod()
export class VodController {
  constructor(
    private readonly playlists: VodPlaylists,
    private readonly grants: VodGrants,
  ) {}

  @Get(':assetId/master.m3u8')
  @ApiOperation({ summary: 'Multivariant playlist of a ready asset (its first ready ladder).' })
  async master(
    @Param('assetId', uuid) assetId: string,
    @Query() query: VodGrantQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    refuseSuspicious(request);
    const grant = this.grants.check(assetId, query);
    sendPlaylist(request, reply, await this.playlists.master(assetId, grant), PLAYLIST_CACHE);
  }

  @Get(':assetId/:preset/master.m3u8')
  @ApiOperation({ summary: 'Multivariant playlist of one ladder of a ready asset.' })
  async presetMaster(
    @Param('assetId', uuid) assetId: string,
    @Param('preset') preset: string,
    @Query() query: VodGrantQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    refuseSuspicious(request);
    const grant = this.grants.check(assetId, query);
    sendPlaylist(request, reply, await this.playlists.master(assetId, grant, preset), PLAYLIST_CACHE);
  }

  @Get(':assetId/:preset/:rendition/index.m3u8')
  @ApiOperation({ summary: 'VOD media playlist of one rendition.' })
  async media(
    @Param('assetId', uuid) assetId: string,
    @Param('preset') preset: string,
    @Param('rendition') rendition: string,
    @Query() query: VodGrantQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    refuseSuspicious(request);
    this.grants.check(assetId, query);
    sendPlaylist(request, reply, await this.playlists.media(assetId, preset, rendition), PLAYLIST_CACHE);
  }
}

/**
 * Media objects from object storage (`/media/<key>`): segments and posters only, with Range
 * support; never a redirect. Not used when PUBLIC_MEDIA_BASE_URL is set. Segments come from
 * the segment cache, a held one straight from the fast lane; posters are streamed.
 */
@ApiTags('vod')
@Controller('media')
export class MediaObjectsController {
  constructor(
    private readonly responder: MediaObjectResponder,
    private readonly segments: SegmentCache,
  ) {}

  @Get('*')
  @FastLane('media-segment', (media: MediaObjectsController, request) => media.segmentFromMemory(request))
  @ApiOperation({ summary: 'A segment or poster from object storage.' })
  async object(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    refuseSuspicious(request);
    const key = decodeURIComponent(request.url.split('?')[0].replace(/^\/media\//, ''));
    if (!isPublicMediaKey(key)) throw new ApiError(404, 'MEDIA_NOT_FOUND', 'No such media object.');
    if (parseSegmentKey(key)) {
      const segment = await this.segments.get(key);
      const answer = segmentAnswer(segment, request.headers);
      if (answer === 'unsatisfiable') {
        void reply.header('content-range', `bytes */${segment.body.length}`);
        throw new ApiError(416, 'RANGE_NOT_SATISFIABLE', `The segment has ${segment.body.length} bytes.`);
      }
      sendAnswer(reply, answer);
      return;
    }
    await this.responder.send(request, reply, key, { contentType: CONTENT_TYPES.jpeg, cacheControl: IMMUTABLE_CACHE });
  }

  /** A held segment's answer; anything else (a miss, a poster, a Range past the end) goes to the controller. */
  private segmentFromMemory({ params, headers }: LaneRequest): LaneAnswer | undefined {
    return this.segments.answerHeld(params['*'], headers);
  }
}
