import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssetEntity, AssetRenditionEntity, AssetSegmentEntity, AssetVariantEntity } from './assets/asset.entities';
import { AssetIngest } from './assets/asset-ingest';
import { AssetService } from './assets/asset-service';
import { UrlFetcher } from './assets/url-fetcher';
import { AssetStore } from './assets/asset-store';
import { ChannelAssetUsers } from './assets/channel-asset-users';
import { MediaForSchedule } from './assets/media-for-schedule';
import { ReadyVariants } from './assets/ready-variants';
import { MediaObjectResponder } from './delivery/media-object-responder';
import { LogoImages } from './images/logo-images';
import { MediaUrls } from './delivery/media-urls';
import { VodGrants } from './delivery/vod-grants';
import { VodPlaylists } from './delivery/vod-playlists';
import { LadderPresets } from './presets/ladder-presets';
import { MediaProber } from './probe/media-prober';
import { TranscodeQueue } from './queue/transcode-queue';
import { TranscodePipeline } from './transcode/transcode-pipeline';
import { WorkingDirectories } from './transcode/working-directories';
import { LiveRecordings } from './live/live-recordings';
import { MediaWorker } from './worker/media-worker';
import { TranscodeJobHandler } from './worker/transcode-job-handler';

const SHARED = [
  LadderPresets,
  AssetStore,
  AssetIngest,
  AssetService,
  UrlFetcher,
  ChannelAssetUsers,
  MediaForSchedule,
  ReadyVariants,
  MediaUrls,
  MediaObjectResponder,
  VodPlaylists,
  VodGrants,
  MediaProber,
  TranscodeQueue,
  WorkingDirectories,
  LogoImages,
  LiveRecordings,
];

/** The media library as every process uses it: presets, assets, the queue, delivery helpers. */
@Module({
  imports: [TypeOrmModule.forFeature([AssetEntity, AssetVariantEntity, AssetRenditionEntity, AssetSegmentEntity])],
  providers: SHARED,
  exports: SHARED,
})
export class MediaModule {}

/** The worker side: runs transcode jobs. Imported by WorkerModule (and so by the all-in-one). */
@Module({
  imports: [MediaModule],
  providers: [TranscodePipeline, TranscodeJobHandler, MediaWorker],
})
export class MediaWorkerModule {}
