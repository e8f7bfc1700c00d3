import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { APP_VERSION } from '@siaran/config';
import { API_PREFIX, PublicCache } from '@siaran/http';

export class ApiIndexResponseDto {
  @ApiProperty({ example: 'Siaran' })
  name!: string;

  @ApiProperty({ example: '0.1.0' })
  version!: string;

  @ApiProperty({
    description: 'Paths of the main resources, the API documentation and health.',
    example: { channels: '/api/v1/channels', docs: '/docs', health: '/health/ready' },
  })
  links!: Record<string, string>;
}

const RESOURCES = ['stations', 'channels', 'programmes', 'assets', 'users', 'audit'];

/** The root of the JSON API, where the boot banner points: what it is and where to go from there. */
@ApiTags('api')
@Controller(API_PREFIX)
export class ApiIndexController {
  @Get()
  @PublicCache()
  @ApiOperation({ summary: 'The API version and links to its main resources, the docs and health (public).' })
  @ApiOkResponse({ type: ApiIndexResponseDto })
  index(): ApiIndexResponseDto {
    return {
      name: 'Siaran',
      version: APP_VERSION,
      links: {
        ...Object.fromEntries(RESOURCES.map((resource) => [resource, `/${API_PREFIX}/${resource}`])),
        docs: '/docs',
        openapi: '/docs-json',
        health: '/health/ready',
        streams: '/health/streams',
        metrics: '/metrics',
        guide: '/epg.xml',
      },
    };
  }
}
