import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiRequestTimeoutResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, AuthUser, CurrentUser, StationAccess } from '@siaran/auth';
import { APP_CONFIG, AppConfig } from '@siaran/config';
import { DomainError } from '@siaran/core';
import {
  ApiError,
  apiPath,
  assertMultipartFits,
  ErrorCode,
  flattenValidationErrors,
  forbiddenTextProblems,
  SseConnections,
  UuidParam,
  validationFailed,
} from '@siaran/http';
import { AssetDetails, AssetService, MediaUrls, UploadedFile, uploadTooLarge, VodGrants } from '@siaran/media';
import { PlaylistErrorCode, PlaylistsService, type PlaylistView } from '@siaran/playlists';
import { actorOf, ScheduledAssets, StationsService } from '@siaran/scheduling';
import {
  AssetDto,
  AssetListDto,
  BULK_MAX_FILES,
  BulkRefusalDto,
  BulkUploadDto,
  BulkUploadFieldsDto,
  ImportAssetDto,
  ListAssetsQueryDto,
  mapAsset,
  SongRequestDto,
  TagsRequestDto,
  UploadAssetFieldsDto,
} from './asset.dto';
import { UploadSlots } from './upload-slots';
import { SpooledFile, UploadSpool } from './upload-spool';

/** Producers see and change the assets of their stations; admins and engineers see all, and engineers see ffmpeg's output. */
const canSeeDetail = (user: AuthUser) => user.role === 'admin' || user.role === 'engineer';

@ApiTags('media')
@Controller()
export class AssetsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly assets: AssetService,
    private readonly access: StationAccess,
    private readonly urls: MediaUrls,
    private readonly stations: StationsService,
    private readonly scheduled: ScheduledAssets,
    private readonly spool: UploadSpool,
    private readonly slots: UploadSlots,
    private readonly sse: SseConnections,
    private readonly playlists: PlaylistsService,
    private readonly grants: VodGrants,
  ) {}

  @Post(apiPath('stations/:stationId/assets'))
  @Authenticated('admin', 'producer')
  @ApiOperation({
    summary:
      'Uploads a programme, filler, ident, announcement or music bed (multipart: title, kind, presets? and file; fields first let the file stream straight on), streamed to object storage, probed and queued for transcoding.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['title', 'kind', 'file'],
      properties: {
        title: { type: 'string' },
        kind: { type: 'string' },
        presets: { type: 'string' },
        tags: { type: 'string', description: 'Comma-separated tags' },
        audioTrack: { type: 'integer', minimum: 1, description: "The audio track to air, 1 for the file's first" },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  @ApiCreatedResponse({ type: AssetDto, description: 'Stored and probed; its transcodes are queued.' })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED (title, kind, presets, tags or audioTrack), FILE_REQUIRED, UNKNOWN_PRESET, INVALID_ID, BODY_TOO_DEEP/BODY_TOO_WIDE',
  })
  @ApiUnauthorizedResponse({ description: 'UNAUTHORIZED: no valid bearer token' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: not an admin, or a producer of another station' })
  @ApiNotFoundResponse({ description: 'STATION_NOT_FOUND' })
  @ApiRequestTimeoutResponse({ description: 'REQUEST_TIMEOUT: the body stopped arriving' })
  @ApiPayloadTooLargeResponse({ description: 'UPLOAD_TOO_LARGE: over UPLOAD_MAX_BYTES' })
  @ApiUnsupportedMediaTypeResponse({ description: 'UNSUPPORTED_MEDIA_TYPE: the body is not multipart/form-data' })
  @ApiUnprocessableEntityResponse({
    description:
      'MEDIA_EMPTY, MEDIA_UNREADABLE, MEDIA_TRUNCATED, MEDIA_NO_STREAMS: the file cannot air; AUDIO_TRACK_NOT_FOUND: it has no such audio track',
  })
  async upload(
    @UuidParam('stationId') stationId: string,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<AssetDto> {
    this.access.assertCanManageStation(user, stationId);
    const stationPresets = await this.stationPresets(stationId);
    const maxBytes = this.config.media.uploadMaxBytes;
    assertMultipartFits(request, {
      limitBytes: maxBytes,
      tooLarge: () => uploadTooLarge(maxBytes),
      notMultipart: 'Send the file as multipart/form-data: title, kind, presets and the file.',
    });
    const release = this.slots.take(user.id);
    const fields: Record<string, unknown> = {};
    let spooled: { file: SpooledFile; fileName: string; contentType: string } | undefined;
    const upload = (file: UploadedFile) => {
      const dto = validated(UploadAssetFieldsDto, fields, 'Send title and kind (and presets) in the multipart body.');
      const presets = dto.presets ?? defaultPresets(stationId, stationPresets);
      return this.assets.upload(
        {
          stationId,
          createdBy: user.id,
          title: dto.title,
          kind: dto.kind,
          presets,
          tags: dto.tags,
          audioTrack: dto.audioTrack,
        },
        file,
      );
    };
    try {
      for await (const part of request.parts({ limits: { fileSize: maxBytes + 1, files: 1 } })) {
        if (part.type === 'field') {
          fields[part.fieldname] = part.value;
          continue;
        }
        const described = { fileName: part.filename || 'upload', contentType: part.mimetype };
        // The fields came first, as they should: the file streams straight on to object storage.
        if ('title' in fields && 'kind' in fields)
          return this.map(await upload({ stream: part.file, ...described }), user);
        spooled = { file: await this.spool.write(part.file), ...described };
        if (part.file.truncated) throw uploadTooLarge(maxBytes);
      }
      if (!spooled) throw new ApiError(400, 'FILE_REQUIRED', 'The multipart body has no file part.');
      return this.map(
        await upload({ stream: spooled.file.read(), fileName: spooled.fileName, contentType: spooled.contentType }),
        user,
      );
    } finally {
      release();
      await spooled?.file.remove();
    }
  }

  @Post(apiPath('stations/:stationId/assets/bulk'))
  @Authenticated('admin', 'producer')
  @ApiOperation({
    summary:
      'Uploads many files at once (multipart: kind, presets?, tags?, playlistId?, then one or more file parts), each probed and transcoded as an asset of its own titled after its file name, and added to the playlist when one is named.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiCreatedResponse({
    type: BulkUploadDto,
    description: 'The assets made; files that cannot air are listed in refused.',
  })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED (kind, presets, tags or playlistId), FIELDS_FIRST (a field after a file), FILE_REQUIRED, PLAYLIST_SMART_WITH_ITEMS',
  })
  @ApiUnauthorizedResponse({ description: 'UNAUTHORIZED: no valid bearer token' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: not an admin, or a producer of another station' })
  @ApiNotFoundResponse({ description: 'STATION_NOT_FOUND, PLAYLIST_NOT_FOUND' })
  @ApiConflictResponse({ description: 'PLAYLIST_OF_OTHER_STATION' })
  @ApiUnprocessableEntityResponse({ description: 'UPLOADS_REFUSED: no file could air (details.refused)' })
  async bulkUpload(
    @UuidParam('stationId') stationId: string,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
  ): Promise<BulkUploadDto> {
    this.access.assertCanManageStation(user, stationId);
    const stationPresets = await this.stationPresets(stationId);
    const maxBytes = this.config.media.uploadMaxBytes;
    assertMultipartFits(request, {
      limitBytes: maxBytes * BULK_MAX_FILES,
      tooLarge: () => uploadTooLarge(maxBytes * BULK_MAX_FILES),
      notMultipart: 'Send the files as multipart/form-data: kind, presets, tags and playlistId, then the files.',
    });
    const release = this.slots.take(user.id);
    const hint = 'Send kind (and presets, tags, playlistId) before the files.';
    const fields: Record<string, unknown> = {};
    let batch: { dto: BulkUploadFieldsDto; presets: string[]; playlist: PlaylistView | null } | undefined;
    const made: AssetDetails[] = [];
    const refused: BulkRefusalDto[] = [];
    try {
      for await (const part of request.parts({ limits: { fileSize: maxBytes + 1, files: BULK_MAX_FILES } })) {
        if (part.type === 'field') {
          if (batch) throw new ApiError(400, 'FIELDS_FIRST', `The field ${part.fieldname} came after a file. ${hint}`);
          fields[part.fieldname] = part.value;
          continue;
        }
        if (!batch) {
          const dto = validated(BulkUploadFieldsDto, fields, hint);
          batch = {
            dto,
            presets: dto.presets ?? defaultPresets(stationId, stationPresets),
            playlist: dto.playlistId ? await this.playlistToFill(stationId, dto.playlistId) : null,
          };
        }
        const fileName = part.filename || 'upload';
        try {
          made.push(
            await this.assets.upload(
              {
                stationId,
                createdBy: user.id,
                title: titleOfFile(fileName),
                kind: batch.dto.kind,
                presets: batch.presets,
                tags: batch.dto.tags,
              },
              { stream: part.file, fileName, contentType: part.mimetype },
            ),
          );
        } catch (error) {
          // One file that cannot air (or is too large) does not stop the others.
          if (!(error instanceof DomainError) || (error.kind !== 'unprocessable' && error.kind !== 'too-large'))
            throw error;
          refused.push({ fileName, code: error.code, message: error.message });
        }
      }
    } finally {
      release();
    }
    if (!batch) throw new ApiError(400, 'FILE_REQUIRED', 'The multipart body has no file part.');
    if (made.length === 0)
      throw new DomainError('unprocessable', 'UPLOADS_REFUSED', 'None of the files can air.', { refused });
    if (batch.playlist)
      await this.playlists.update(actorOf(user), batch.playlist.id, {
        items: [
          ...batch.playlist.items.map((item) =>
            item.assetId !== null
              ? { assetId: item.assetId, weight: item.weight }
              : { playlistId: item.playlistId as string, weight: item.weight },
          ),
          ...made.map(({ asset }) => ({ assetId: asset.id })),
        ],
      });
    return { assets: made.map((details) => this.map(details, user)), refused, playlistId: batch.playlist?.id ?? null };
  }

  @Post(apiPath('stations/:stationId/assets/import'))
  @Authenticated('admin', 'producer')
  @ApiOperation({ summary: 'Imports a file from an http(s) URL, with the limits of an upload.' })
  async importFromUrl(
    @UuidParam('stationId') stationId: string,
    @CurrentUser() user: AuthUser,
    @Body() body: ImportAssetDto,
  ): Promise<AssetDto> {
    this.access.assertCanManageStation(user, stationId);
    const stationPresets = await this.stationPresets(stationId);
    const presets = body.presets ?? defaultPresets(stationId, stationPresets);
    return this.map(
      await this.assets.importFromUrl(
        {
          stationId,
          createdBy: user.id,
          title: body.title,
          kind: body.kind,
          presets,
          tags: body.tags,
          audioTrack: body.audioTrack,
        },
        body.url,
      ),
      user,
    );
  }

  @Get(apiPath('assets'))
  @Authenticated()
  @ApiOperation({ summary: 'Lists assets, newest first; producers see those of their stations.' })
  async list(@CurrentUser() user: AuthUser, @Query() query: ListAssetsQueryDto): Promise<AssetListDto> {
    let stationIds = query.stationId ? [query.stationId] : undefined;
    if (user.role === 'producer') {
      if (query.stationId) this.access.assertCanManageStation(user, query.stationId);
      stationIds ??= user.stationIds;
    }
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const { items, total } = await this.assets.list({
      stationIds,
      status: query.status,
      kind: query.kind,
      search: query.q,
      limit,
      offset,
    });
    return { items: items.map((d) => this.map(d, user)), total, limit, offset };
  }

  @Get(apiPath('assets/:id'))
  @Authenticated()
  @ApiOperation({ summary: 'One asset with the progress of each ladder preset.' })
  async get(@UuidParam() id: string, @CurrentUser() user: AuthUser): Promise<AssetDto> {
    return this.map(await this.readable(id, user), user);
  }

  @Put(apiPath('assets/:id/song'))
  @Authenticated('admin', 'producer')
  @ApiOperation({ summary: 'Sets the artist, title, album and ISRC of an asset (what its tags said, corrected).' })
  async setSong(
    @UuidParam() id: string,
    @CurrentUser() user: AuthUser,
    @Body() body: SongRequestDto,
  ): Promise<AssetDto> {
    const { asset } = await this.assets.get(id);
    this.access.assertCanManageStation(user, asset.stationId);
    const song = {
      artist: body.artist ?? null,
      title: body.title ?? null,
      album: body.album ?? null,
      isrc: body.isrc ?? null,
    };
    return this.map(await this.assets.setSong(id, song), user);
  }

  @Put(apiPath('assets/:id/tags'))
  @Authenticated('admin', 'producer')
  @ApiOperation({ summary: 'Replaces the tags of an asset (smart playlists select by them).' })
  async setTags(
    @UuidParam() id: string,
    @CurrentUser() user: AuthUser,
    @Body() body: TagsRequestDto,
  ): Promise<AssetDto> {
    const { asset } = await this.assets.get(id);
    this.access.assertCanManageStation(user, asset.stationId);
    return this.map(await this.assets.setTags(id, body.tags), user);
  }

  @Get(apiPath('assets/:id/events'))
  @Authenticated()
  @ApiOperation({
    summary:
      'Server-Sent Events: `asset` with the asset each time its status or progress changes, until it is ready or failed; counted with the other event streams (SSE_MAX_PER_ADDRESS, SSE_MAX_STREAMS).',
  })
  @ApiProduces('text/event-stream')
  async events(@UuidParam() id: string, @CurrentUser() user: AuthUser, @Res() reply: FastifyReply): Promise<void> {
    await this.readable(id, user);
    const stream = this.sse.open(reply);
    const changes = this.assets.events(id).subscribe({
      next: (details) => stream.send('asset', this.map(details, user)),
      complete: () => stream.close(),
      error: () => stream.close(),
    });
    stream.onClose(() => changes.unsubscribe());
  }

  @Post(apiPath('assets/:id/retry'))
  @HttpCode(200)
  @Authenticated('admin', 'producer', 'engineer')
  @ApiOperation({ summary: 'Queues the failed transcodes of an asset again.' })
  async retry(@UuidParam() id: string, @CurrentUser() user: AuthUser): Promise<AssetDto> {
    await this.operable(id, user);
    return this.map(await this.assets.retry(id), user);
  }

  @Post(apiPath('assets/:id/cancel'))
  @HttpCode(200)
  @Authenticated('admin', 'producer', 'engineer')
  @ApiOperation({
    summary: 'Cancels the queued and running transcodes of an asset; a running ffmpeg is stopped within seconds.',
  })
  async cancel(@UuidParam() id: string, @CurrentUser() user: AuthUser): Promise<AssetDto> {
    await this.operable(id, user);
    return this.map(await this.assets.cancel(id), user);
  }

  @Delete(apiPath('assets/:id'))
  @HttpCode(204)
  @Authenticated('admin', 'producer')
  @ApiOperation({
    summary: 'Deletes an asset and all its objects; refused (409 ASSET_SCHEDULED) while schedule entries air it.',
  })
  async remove(@UuidParam() id: string, @CurrentUser() user: AuthUser): Promise<void> {
    const { asset } = await this.assets.get(id);
    this.access.assertCanManageStation(user, asset.stationId);
    if (await this.scheduled.isScheduled(id))
      throw new DomainError(
        'conflict',
        'ASSET_SCHEDULED',
        'Schedule entries air this asset: give them another source first.',
      );
    await this.assets.remove(id);
  }

  /** A fixed playlist of the station, checked before any file is read. */
  private async playlistToFill(stationId: string, playlistId: string): Promise<PlaylistView> {
    const playlist = await this.playlists.get(playlistId);
    if (playlist.stationId !== stationId)
      throw new DomainError('conflict', 'PLAYLIST_OF_OTHER_STATION', 'The playlist belongs to another station.');
    if (playlist.smart)
      throw new DomainError(
        'invalid',
        PlaylistErrorCode.SmartWithItems,
        'A smart playlist chooses its items by its query: upload without playlistId, or name a fixed playlist.',
      );
    return playlist;
  }

  private async stationPresets(stationId: string): Promise<string[]> {
    const presets = await this.stations.ladderPresetsOf(stationId);
    if (presets === null) throw new DomainError('not-found', 'STATION_NOT_FOUND', `No station ${stationId}`);
    return presets;
  }

  private async readable(id: string, user: AuthUser): Promise<AssetDetails> {
    const details = await this.assets.get(id);
    if (user.role === 'producer') this.access.assertCanManageStation(user, details.asset.stationId);
    return details;
  }

  private async operable(id: string, user: AuthUser): Promise<void> {
    const { asset } = await this.assets.get(id);
    if (user.role !== 'engineer') this.access.assertCanManageStation(user, asset.stationId);
  }

  private map(details: AssetDetails, user: AuthUser): AssetDto {
    return mapAsset(details, this.urls, this.grants, this.config.publicBaseUrl, canSeeDetail(user));
  }
}

/** A bulk upload's asset is titled after its file: the name without its extension, separators as spaces. */
function titleOfFile(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const title = base
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .replace(/[_]+/g, ' ')
    .trim();
  return (title || 'Tanpa judul').slice(0, 200);
}

/** By default an asset is transcoded for the ladders of its station's channels. */
function defaultPresets(stationId: string, stationPresets: string[]): string[] {
  if (stationPresets.length === 0)
    throw new DomainError(
      'invalid',
      'PRESETS_REQUIRED',
      `Station ${stationId} has no channels yet: name the ladder presets to transcode for (presets).`,
    );
  return stationPresets;
}

/** The fields of a multipart upload, checked as the validation pipe checks JSON bodies. */
function validated<T extends object>(type: new () => T, plain: object, hint: string): T {
  const forbidden = forbiddenTextProblems(plain, '');
  if (forbidden.length > 0) throw validationFailed(forbidden, 'Invalid upload');
  const instance = plainToInstance(type, plain);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length === 0) return instance;
  const problems = flattenValidationErrors(errors);
  throw new ApiError(
    400,
    ErrorCode.ValidationFailed,
    `Invalid upload: ${problems.map((p) => p.messages.join(', ')).join('; ')}. ${hint}`,
    problems,
  );
}
