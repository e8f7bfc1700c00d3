import { Controller, Get, Header, Headers, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorResult } from '@nestjs/terminus';
import { APP_CONFIG, AppConfig, grantsMonitoring } from '@siaran/config';
import { DomainError } from '@siaran/core';
import { ReadinessIndicators } from './readiness';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessIndicators,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
  async ready(@Headers('authorization') authorization: string | undefined): Promise<HealthCheckResult> {
    // Messages name internal addresses, paths and versions: with METRICS_TOKEN set, only monitoring reads them.
    const shown = grantsMonitoring(this.config, authorization) ? (result: HealthCheckResult) => result : statusesOnly;
    try {
      return shown(
        await this.health.check([
          () => this.readiness.database(),
          () => this.readiness.storage(),
          () => this.readiness.ffmpeg(),
        ]),
      );
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      const failing = Object.keys(result.error ?? {});
      throw new DomainError(
        'unavailable',
        'NOT_READY',
        `Not ready: ${failing.join(', ')} ${failing.length === 1 ? 'is' : 'are'} down`,
        shown(result),
      );
    }
  }
}

function statusesOnly(result: HealthCheckResult): HealthCheckResult {
  const strip = (part: HealthCheckResult['info']): HealthCheckResult['info'] =>
    part &&
    (Object.fromEntries(
      Object.entries(part).map(([name, value]) => [name, { status: value?.status }]),
    ) as HealthIndicatorResult);
  return {
    status: result.status,
    info: strip(result.info),
    error: strip(result.error),
    details: strip(result.details) as HealthCheckResult['details'],
  };
}
