import { Module } from '@nestjs/common';
import { AuthModule } from '@siaran/auth';
import { PlaylistsModule } from '@siaran/playlists';
import { SchedulingModule } from '@siaran/scheduling';
import { PlaylistsController } from './playlists.controller';

/** Playlists over HTTP. */
@Module({
  imports: [PlaylistsModule, SchedulingModule, AuthModule],
  controllers: [PlaylistsController],
})
export class PlaylistsApiModule {}
