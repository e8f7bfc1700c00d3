import { Controller, Get, Header, Headers, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig, grantsMonitoring } from '@siaran/config';
import { PlayoutChannels, StreamHealth, StreamHealthService } from '@siaran/playout';

@ApiTags('health')
@Controller('health')
export class StreamsHealthController {
  constructor(
    private readonly streams: StreamHealthService,
    private readonly channels: PlayoutChannels,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('streams')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Per channel: on-air / filler / off-air, the item airing, seconds to the next switch, and problems ahead (24 h). Public channels only, unless the request carries METRICS_TOKEN when one is set.',
  })
  async list(@Headers('authorization') authorization: string | undefined): Promise<{ channels: StreamHealth[] }> {
    const all = await this.streams.all();
    if (this.config.http.metricsToken !== undefined && grantsMonitoring(this.config, authorization))
      return { channels: all };
    const publicIds = new Set((await this.channels.all()).filter((c) => c.isPublic).map((c) => c.id));
    return { channels: all.filter((health) => publicIds.has(health.channel.id)) };
  }
}
