import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HealthController } from './health.controller';
import { ReadinessIndicators } from './readiness';
import { WorkerInstanceEntity } from './worker-instance.entity';
import { WorkersController } from './workers.controller';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), TypeOrmModule.forFeature([WorkerInstanceEntity])],
  providers: [ReadinessIndicators],
  controllers: [HealthController, WorkersController],
})
export class HealthModule {}
