import { WorkerInstances1764460000000 } from './1764460000000-worker-instances';
import { Accounts1764470000001 } from './1764470000001-accounts';
import { Scheduling1764470000002 } from './1764470000002-scheduling';
import { AuditLog1764470000003 } from './1764470000003-audit-log';
import { MediaLibrary1764480000001 } from './1764480000001-media-library';
import { AssetReferences1764480000002 } from './1764480000002-asset-references';
import { Playout1764490000001 } from './1764490000001-playout';
import { StationLogos1764500000001 } from './1764500000001-station-logos';
import { PlayoutChangeMarks1764510000001 } from './1764510000001-playout-change-marks';
import { ChannelFillerInPlayout1764520000001 } from './1764520000001-channel-filler-in-playout';
import { LiveInputs1764530000001 } from './1764530000001-live-inputs';
import { LiveRecordings1764530000002 } from './1764530000002-live-recordings';
import { LivePlayout1764530000003 } from './1764530000003-live-playout';
import { LiveSessions1764530000004 } from './1764530000004-live-sessions';
import { LoginFailures1764530000200 } from './1764530000200-login-failures';
import { Playlists1764530000400 } from './1764530000400-playlists';
import { StationIdentity1764530000600 } from './1764530000600-station-identity';
import { EmergencyOverrides1764530000700 } from './1764530000700-emergency-overrides';
import { FillerPlaylist1764540000400 } from './1764540000400-filler-playlist';
import { AssetTags1764540000401 } from './1764540000401-asset-tags';

/** Every migration, in order. Listed explicitly so the same list works from source and from dist. */
export const MIGRATIONS = [
  WorkerInstances1764460000000,
  Accounts1764470000001,
  Scheduling1764470000002,
  AuditLog1764470000003,
  MediaLibrary1764480000001,
  AssetReferences1764480000002,
  Playout1764490000001,
  StationLogos1764500000001,
  PlayoutChangeMarks1764510000001,
  ChannelFillerInPlayout1764520000001,
  LiveInputs1764530000001,
  LiveRecordings1764530000002,
  LivePlayout1764530000003,
  LiveSessions1764530000004,
  LoginFailures1764530000200,
  Playlists1764530000400,
  StationIdentity1764530000600,
  EmergencyOverrides1764530000700,
  FillerPlaylist1764540000400,
  AssetTags1764540000401,
];
