import { Module } from '@nestjs/common';
import { AuthModule } from '@siaran/auth';
import { PlaylistsModule } from '@siaran/playlists';
import { PlayoutModule } from '@siaran/playout';
import { SchedulingModule } from '@siaran/scheduling';
import { PlaylistsController } from './playlists.controller';

/** Playlists over HTTP. */
@Module({
  imports: [PlaylistsModule, SchedulingModule, AuthModule, PlayoutModule],
  controllers: [PlaylistsController],
})
export class PlaylistsApiModule {}
