import { Module } from '@nestjs/common';
import { AuthModule } from '@siaran/auth';
import { MediaModule } from '@siaran/media';
import { AssetsController } from './assets.controller';
import { MediaObjectsController, VodController } from './vod.controller';

/** The media library over HTTP: assets, VOD playlists and media objects. */
@Module({ imports: [MediaModule, AuthModule], controllers: [AssetsController, VodController, MediaObjectsController] })
export class MediaApiModule {}
