import { Module } from '@nestjs/common';
import { AuditModule } from '@siaran/audit';
import { AuthModule } from '@siaran/auth';
import { MediaModule } from '@siaran/media';
import { SchedulingModule } from '@siaran/scheduling';
import { AuditController } from './audit/audit.controller';
import { AuthController } from './auth/auth.controller';
import { EmergencyApiModule } from './emergency/emergency-api.module';
import { ApiIndexController } from './index/api-index.controller';
import { IngestApiModule } from './ingest/ingest-api.module';
import { MediaApiModule } from './media/media-api.module';
import { PlaylistsApiModule } from './playlists/playlists-api.module';
import { PlayoutApiModule } from './playout/playout-api.module';
import { ChannelsController, ProgrammesController, StationsController } from './scheduling/catalog.controller';
import {
  ChannelScheduleController,
  FeedsController,
  ScheduleEntriesController,
} from './scheduling/schedule.controller';
import { UsersController } from './users/users.controller';
import { WebModule } from './web/web.module';

/** The HTTP API's feature modules (scheduling, media, playout, …) are listed here. */
@Module({
  imports: [
    AuthModule,
    AuditModule,
    SchedulingModule,
    MediaModule,
    MediaApiModule,
    PlayoutApiModule,
    IngestApiModule,
    PlaylistsApiModule,
    EmergencyApiModule,
    WebModule,
  ],
  controllers: [
    ApiIndexController,
    AuthController,
    UsersController,
    StationsController,
    ChannelsController,
    ChannelScheduleController,
    ProgrammesController,
    ScheduleEntriesController,
    FeedsController,
    AuditController,
  ],
})
export class ApiModule {}
