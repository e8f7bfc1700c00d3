import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@siaran/audit';
import { AuthModule } from '@siaran/auth';
import { MediaModule } from '@siaran/media';
import { ChannelProfiles } from './catalog/channel-profiles';
import { ChannelsService } from './catalog/channels.service';
import { ChannelEntity, ProgrammeEntity, StationEntity } from './catalog/entities';
import { ProgrammesService } from './catalog/programmes.service';
import { StationLogos } from './catalog/station-logos.service';
import { StationsService } from './catalog/stations.service';
import { DemoData } from './demo/demo-data';
import { GuideService } from './guide/guide.service';
import { ScheduleChanges } from './schedule-changes';
import { LiveInputRegistry } from './schedule/live-input-registry';
import { PlaylistRegistry } from './schedule/playlist-registry';
import { ScheduleReader } from './schedule/schedule-reader';
import { ScheduleStore } from './schedule/schedule-store';
import { ScheduledAssets } from './schedule/scheduled-assets';
import { ScheduleService } from './schedule/schedule.service';

/** Stations, channels, programmes, the schedule and its public reads. */
@Module({
  imports: [
    TypeOrmModule.forFeature([StationEntity, ChannelEntity, ProgrammeEntity]),
    AuthModule,
    AuditModule,
    MediaModule,
  ],
  providers: [
    ScheduleChanges,
    StationsService,
    StationLogos,
    ChannelsService,
    ChannelProfiles,
    ProgrammesService,
    ScheduleStore,
    ScheduleService,
    ScheduleReader,
    ScheduledAssets,
    LiveInputRegistry,
    PlaylistRegistry,
    GuideService,
    DemoData,
  ],
  exports: [
    StationsService,
    StationLogos,
    ChannelsService,
    ChannelProfiles,
    ProgrammesService,
    ScheduleService,
    ScheduleReader,
    ScheduledAssets,
    LiveInputRegistry,
    PlaylistRegistry,
    GuideService,
    DemoData,
  ],
})
export class SchedulingModule {}
