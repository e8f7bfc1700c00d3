import { Module } from '@nestjs/common';
import { WorkerHeartbeatModule } from '@siaran/health';
import { MediaWorkerModule } from '@siaran/media';

/** Background work: media jobs and channel playout register here. */
@Module({ imports: [WorkerHeartbeatModule, MediaWorkerModule] })
export class WorkerModule {}
