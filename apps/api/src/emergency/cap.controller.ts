import { Body, Controller, Get, Header, HttpCode, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, AuthUser, CurrentUser } from '@siaran/auth';
import { CapIntake } from '@siaran/emergency';
import { ApiError, apiPath, BodyLimit, UuidParam, XML_CONTENT_TYPES } from '@siaran/http';
import { CapOutcomeResponseDto, mapOverride, ServiceAreaDto } from './emergency-overrides.dto';

/** Bodies past this are refused by the transport (413); the CAP reader refuses more than 64 KiB itself (400). */
const CAP_BODY_LIMIT = 1024 * 1024;

@ApiTags('emergency overrides')
@Controller()
export class CapController {
  constructor(private readonly cap: CapIntake) {}

  @Post(apiPath('emergency-overrides/cap'))
  @BodyLimit(CAP_BODY_LIMIT)
  @HttpCode(200)
  @Authenticated('admin', 'emergency-operator')
  @ApiConsumes(...XML_CONTENT_TYPES)
  @ApiBody({ description: 'A CAP 1.2 alert (XML).', schema: { type: 'string' } })
  @ApiOperation({
    summary:
      'Takes a CAP 1.2 message: an Alert issues an override of the stations whose service area its area meets (Extreme and Immediate: a takeover with a generated bulletin; otherwise a crawl), an Update changes it, a Cancel ends it.',
  })
  @ApiOkResponse({ type: CapOutcomeResponseDto })
  @ApiBadRequestResponse({
    description:
      'CAP_TOO_LARGE, CAP_DOCTYPE_REFUSED, CAP_MALFORMED, CAP_NOT_1_2, CAP_INVALID, CAP_NOT_FOR_AIR, CAP_AREA_UNMATCHED, EXPIRY_IN_PAST, CAP_BODY_REQUIRED',
  })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: admins and emergency operators only' })
  @ApiNotFoundResponse({ description: 'CAP_REFERENCE_UNKNOWN: an Update or Cancel of an alert never taken' })
  @ApiConflictResponse({ description: 'CAP_DUPLICATE, OVERRIDE_ENDED' })
  async receive(@CurrentUser() user: AuthUser, @Body() body: unknown): Promise<CapOutcomeResponseDto> {
    if (!Buffer.isBuffer(body))
      throw new ApiError(400, 'CAP_BODY_REQUIRED', `Send the CAP alert as XML (${XML_CONTENT_TYPES.join(', ')})`);
    const outcome = await this.cap.receive(user, body);
    return { action: outcome.action, override: mapOverride(outcome.override) };
  }

  @Get('alerts.cap')
  @Header('content-type', 'application/atom+xml; charset=utf-8')
  @Header('cache-control', 'public, max-age=10')
  @ApiProduces('application/atom+xml')
  @ApiOperation({ summary: 'The deployment’s active emergency overrides as an Atom feed of CAP 1.2 entries.' })
  async feed(): Promise<string> {
    return this.cap.atomFeed();
  }

  @Put(apiPath('stations/:id/service-area'))
  @Authenticated('admin')
  @ApiOperation({ summary: 'Sets the area a station serves, matched against the areas of CAP alerts.' })
  @ApiOkResponse({ type: ServiceAreaDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, SERVICE_AREA_INVALID' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: admins only' })
  @ApiNotFoundResponse({ description: 'STATION_NOT_FOUND' })
  async setServiceArea(@UuidParam() id: string, @Body() body: ServiceAreaDto): Promise<ServiceAreaDto> {
    return { polygon: (await this.cap.setServiceArea(id, body.polygon)) as Array<[number, number]> };
  }

  @Get(apiPath('stations/:id/service-area'))
  @Authenticated()
  @ApiOperation({ summary: 'The area a station serves.' })
  @ApiOkResponse({ type: ServiceAreaDto })
  @ApiNotFoundResponse({ description: 'SERVICE_AREA_NOT_FOUND' })
  async serviceArea(@UuidParam() id: string): Promise<ServiceAreaDto> {
    return { polygon: (await this.cap.serviceArea(id)) as Array<[number, number]> };
  }
}
