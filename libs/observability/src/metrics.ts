import {
  Controller,
  Get,
  Global,
  Header,
  Headers,
  Inject,
  Injectable,
  Module,
  Optional,
  UnauthorizedException,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig, grantsMonitoring } from '@siaran/config';
import { ApiExcludeController } from '@nestjs/swagger';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { HttpRequestMetrics } from './http-metrics';

/** One Prometheus registry per application instance, so two apps in one process never clash. */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();
  private readonly http: HttpRequestMetrics;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.http = new HttpRequestMetrics(this.registry);
  }

  /** `route` is the matched pattern (`/live/:slug/...`), never the raw URL, to bound label cardinality. */
  observeHttp(method: string, route: string, statusCode: number, seconds: number): void {
    this.http.observe(method, route, statusCode, seconds);
  }
}

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsRegistry,
    /** Absent where the module is used on its own (the HTTP edge's tests): the scrape is open, as with no METRICS_TOKEN. */
    @Optional() @Inject(APP_CONFIG) private readonly config?: AppConfig,
  ) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  scrape(@Headers('authorization') authorization: string | undefined): Promise<string> {
    if (this.config && !grantsMonitoring(this.config, authorization))
      throw new UnauthorizedException('The metrics need the header Authorization: Bearer <METRICS_TOKEN>.');
    return this.metrics.registry.metrics();
  }
}

@Global()
@Module({ providers: [MetricsRegistry], controllers: [MetricsController], exports: [MetricsRegistry] })
export class MetricsModule {}
