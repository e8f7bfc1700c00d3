import { Module } from '@nestjs/common';
import { MediaModule } from '@siaran/media';
import { MediaObjectsController, VodController } from './vod.controller';

/** The media library over HTTP: VOD playlists and media objects. */
@Module({ imports: [MediaModule], controllers: [VodController, MediaObjectsController] })
export class MediaApiModule {}
