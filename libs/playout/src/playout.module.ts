import { Module, Provider } from '@nestjs/common';
import { AuditModule } from '@siaran/audit';
import { LiveFeeds, LiveFeedsModule } from '@siaran/ingest';
import { AssetStore, MediaModule } from '@siaran/media';
import { PlaylistsForAir, PlaylistsModule } from '@siaran/playlists';
import { ChannelProfiles, ScheduleReader, SchedulingModule } from '@siaran/scheduling';
import { EmergencyOverridesModule, EmergencyOverrides } from '@siaran/emergency';
import { AirSwitchLog } from './air-switch-log';
import { EmergencyReplanner } from './emergency-replanner';
import { EmergencySource } from './emergency-source';
import { ListenerCounter } from './listener-counter';
import { LivePlaylists } from './live-playlists';
import { NowPlayingPublisher } from './now-playing-publisher';
import { NowPlayingTracker } from './now-playing-tracker';
import { NowPlayingService } from './now-playing.service';
import { PlayoutChannels } from './playout-channels';
import { PlayoutEngine } from './playout-engine';
import { PlayoutFiller } from './playout-filler';
import { PlayoutLoop } from './playout-loop';
import { PlayoutOperations } from './playout-operations';
import { PlayoutSettings } from './playout-settings';
import { AssetSource, ChannelSource, LiveSource, PlaylistSource, ScheduleSource } from './playout-sources';
import { PlayoutStore } from './playout-store';
import { SlateMaker } from './slate';
import { StreamHealthService } from './stream-health';

const SHARED = [
  AirSwitchLog,
  PlayoutSettings,
  PlayoutStore,
  PlayoutChannels,
  PlayoutEngine,
  LivePlaylists,
  ListenerCounter,
  NowPlayingService,
  NowPlayingTracker,
  PlayoutOperations,
  PlayoutFiller,
  StreamHealthService,
  EmergencyReplanner,
];

/** Binds a port of playout to the class of another context implementing it; the compiler checks that it does. */
function port<T>(provide: abstract new (...args: never[]) => T, implementation: new (...args: never[]) => T): Provider {
  return { provide, useExisting: implementation };
}

/** Playout as every process reads it: timelines, playlists, now-playing, operations. */
@Module({
  imports: [MediaModule, SchedulingModule, LiveFeedsModule, AuditModule, PlaylistsModule, EmergencyOverridesModule],
  providers: [
    ...SHARED,
    port(ScheduleSource, ScheduleReader),
    port(ChannelSource, ChannelProfiles),
    port(AssetSource, AssetStore),
    port(LiveSource, LiveFeeds),
    port(PlaylistSource, PlaylistsForAir),
    port(EmergencySource, EmergencyOverrides),
  ],
  exports: [...SHARED, LiveSource],
})
export class PlayoutModule {}

/** The worker side: keeps every channel's timeline ahead of real time, makes slates, publishes now-playing copies. */
@Module({
  imports: [PlayoutModule, MediaModule],
  providers: [PlayoutLoop, SlateMaker, NowPlayingPublisher],
})
export class PlayoutWorkerModule {}
