import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { BeforeApplicationShutdown, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { APP_VERSION } from '@siaran/config';
import { WorkerInstanceEntity } from './worker-instance.entity';

export const HEARTBEAT_INTERVAL_MS = 10_000;
/** A worker silent for this long is taken for dead and its row removed. */
export const WORKER_EXPIRY_MS = 60_000;

/** Lets engineers see which workers are alive (GET /health/workers). */
@Injectable()
export class WorkerHeartbeat implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerHeartbeat.name);
  readonly id = randomUUID();

  constructor(@InjectRepository(WorkerInstanceEntity) private readonly workers: Repository<WorkerInstanceEntity>) {}

  async onApplicationBootstrap(): Promise<void> {
    const now = new Date();
    await this.workers.insert({
      id: this.id,
      hostname: hostname(),
      pid: process.pid,
      version: APP_VERSION,
      startedAt: now,
      lastSeenAt: now,
    });
    this.logger.log(`worker ${this.id} registered`);
  }

  @Interval(HEARTBEAT_INTERVAL_MS)
  async beat(): Promise<void> {
    try {
      await this.workers.update({ id: this.id }, { lastSeenAt: new Date() });
      await this.workers.delete({ lastSeenAt: LessThan(new Date(Date.now() - WORKER_EXPIRY_MS)) });
    } catch (error) {
      this.logger.warn(`heartbeat failed: ${(error as Error).message}`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.workers.delete({ id: this.id }).catch(() => undefined);
  }
}

@Module({
  imports: [TypeOrmModule.forFeature([WorkerInstanceEntity])],
  providers: [WorkerHeartbeat],
  exports: [WorkerHeartbeat],
})
export class WorkerHeartbeatModule {}
