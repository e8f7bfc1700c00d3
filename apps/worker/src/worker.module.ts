import { Module } from '@nestjs/common';
import { EmergencyWorkerModule } from '@siaran/emergency';
import { WorkerHeartbeatModule } from '@siaran/health';
import { LiveWorkerModule } from '@siaran/ingest';
import { MediaWorkerModule } from '@siaran/media';
import { PlayoutWorkerModule } from '@siaran/playout';

/** Background work: media jobs, channel playout, live ingest (studios' feeds and relays), and emergency bulletins. */
@Module({
  imports: [WorkerHeartbeatModule, MediaWorkerModule, PlayoutWorkerModule, LiveWorkerModule, EmergencyWorkerModule],
})
export class WorkerModule {}
