import { Module } from '@nestjs/common';
import { WorkerHeartbeatModule } from '@siaran/health';

/** Background work: media jobs and channel playout register here. */
@Module({ imports: [WorkerHeartbeatModule] })
export class WorkerModule {}
