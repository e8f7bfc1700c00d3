import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { StreamHealth, StreamHealthService } from '@siaran/playout';

@ApiTags('health')
@Controller('health')
export class StreamsHealthController {
  constructor(private readonly streams: StreamHealthService) {}

  @Get('streams')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Per channel: on-air / filler / off-air, the item airing, seconds to the next switch, and problems ahead (24 h).',
  })
  async list(): Promise<{ channels: StreamHealth[] }> {
    return { channels: await this.streams.all() };
  }
}
