import { Module } from '@nestjs/common';
import { WorkerHeartbeatModule } from '@siaran/health';
import { LiveWorkerModule } from '@siaran/ingest';
import { MediaWorkerModule } from '@siaran/media';
import { PlayoutWorkerModule } from '@siaran/playout';

/** Background work: media jobs, channel playout, and live ingest (studios' feeds and relays). */
@Module({ imports: [WorkerHeartbeatModule, MediaWorkerModule, PlayoutWorkerModule, LiveWorkerModule] })
export class WorkerModule {}
