import { Module } from '@nestjs/common';
import { WorkerHeartbeatModule } from '@siaran/health';
import { MediaWorkerModule } from '@siaran/media';
import { PlayoutWorkerModule } from '@siaran/playout';

/** Background work: media jobs and channel playout. */
@Module({ imports: [WorkerHeartbeatModule, MediaWorkerModule, PlayoutWorkerModule] })
export class WorkerModule {}
