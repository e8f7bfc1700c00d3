import { Module } from '@nestjs/common';
import { AuditModule } from '@siaran/audit';
import { MediaModule } from '@siaran/media';
import { SchedulingModule } from '@siaran/scheduling';
import { PlaylistsForAir } from './playlists-for-air';
import { PlaylistsForSchedule } from './playlists-for-schedule';
import { PlaylistsService } from './playlists.service';

/** Playlists as data: the service behind the API, the schedule's view of them, and what the playout airs of them. */
@Module({
  imports: [AuditModule, MediaModule, SchedulingModule],
  providers: [PlaylistsService, PlaylistsForAir, PlaylistsForSchedule],
  exports: [PlaylistsService, PlaylistsForAir],
})
export class PlaylistsModule {}
