import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, Repository } from 'typeorm';
import { WORKER_EXPIRY_MS } from './worker-heartbeat';
import { WorkerInstanceEntity } from './worker-instance.entity';

export class WorkerInstanceDto {
  id: string;
  hostname: string;
  pid: number;
  version: string;
  startedAt: string;
  lastSeenAt: string;
}

@ApiTags('health')
@Controller('health')
export class WorkersController {
  constructor(@InjectRepository(WorkerInstanceEntity) private readonly workers: Repository<WorkerInstanceEntity>) {}

  @Get('workers')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Workers that reported in the last minute.' })
  async list(): Promise<{ workers: WorkerInstanceDto[] }> {
    const rows = await this.workers.find({
      where: { lastSeenAt: MoreThan(new Date(Date.now() - WORKER_EXPIRY_MS)) },
      order: { startedAt: 'ASC' },
    });
    return {
      workers: rows.map((w) => ({
        id: w.id,
        hostname: w.hostname,
        pid: w.pid,
        version: w.version,
        startedAt: w.startedAt.toISOString(),
        lastSeenAt: w.lastSeenAt.toISOString(),
      })),
    };
  }
}
