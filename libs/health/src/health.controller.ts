import { Controller, Get, Header, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { DomainError } from '@siaran/core';
import { ReadinessIndicators } from './readiness';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessIndicators,
  ) {}

  @Get('live')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Liveness: 200 while the process runs.' })
  live(): { status: 'ok'; uptimeSeconds: number } {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  @Get('ready')
  @HealthCheck()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Readiness: 200 when PostgreSQL, object storage and ffmpeg are usable; 503 naming what is not.',
  })
  @ApiOkResponse({ description: 'Every component is up.' })
  @ApiServiceUnavailableResponse({ description: 'code NOT_READY; details.error names each failing component and why.' })
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.readiness.database(),
        () => this.readiness.storage(),
        () => this.readiness.ffmpeg(),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      const failing = Object.keys(result.error ?? {});
      throw new DomainError(
        'unavailable',
        'NOT_READY',
        `Not ready: ${failing.join(', ')} ${failing.length === 1 ? 'is' : 'are'} down`,
        result,
      );
    }
  }
}
