import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReadAccess } from '../auth/access.decorator';
import type { GatewayConfig } from '../config/env';
import { CONFIG } from '@energy/service-kit/nest';

export interface SiteView {
  /** IANA zone of site-local days, months and time-of-use windows. */
  timeZone: string;
  /** Where it comes from: an environment variable every service reads at start-up, not a stored setting. */
  timeZoneSource: 'SITE_TIMEZONE';
}

/**
 * The site time zone, read-only: each service (ingest's rollups, alerts, analytics, this gateway)
 * reads SITE_TIMEZONE at start-up, so it changes by setting the variable and restarting them all.
 */
@ApiTags('energy')
@Controller('api/v1/site')
export class SiteController {
  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  @Get()
  @ReadAccess()
  @ApiOperation({ summary: 'The site time zone (SITE_TIMEZONE, read at start-up by every service; read-only here).' })
  @ApiOkResponse({ schema: { type: 'object', required: ['timeZone', 'timeZoneSource'], properties: { timeZone: { type: 'string', example: 'Europe/Berlin' }, timeZoneSource: { type: 'string', enum: ['SITE_TIMEZONE'] } } } })
  site(): SiteView {
    return { timeZone: this.config.siteTimeZone, timeZoneSource: 'SITE_TIMEZONE' };
  }
}
