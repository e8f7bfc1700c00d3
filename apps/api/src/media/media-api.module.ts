import { Module } from '@nestjs/common';
import { AuthModule } from '@siaran/auth';
import { MediaModule, SegmentCache, WrittenSegments } from '@siaran/media';
import { PlaylistsModule } from '@siaran/playlists';
import { SchedulingModule } from '@siaran/scheduling';
import { AssetsController } from './assets.controller';
import { UploadSlots } from './upload-slots';
import { UploadSpool } from './upload-spool';
import { MediaObjectsController, VodController } from './vod.controller';

/** The media library over HTTP: assets, VOD playlists and media objects; the schedule says which stations' ladders and assets are in use. */
@Module({
  imports: [MediaModule, SchedulingModule, AuthModule, PlaylistsModule],
  controllers: [AssetsController, VodController, MediaObjectsController],
  providers: [UploadSpool, UploadSlots, SegmentCache, WrittenSegments],
})
export class MediaApiModule {}
