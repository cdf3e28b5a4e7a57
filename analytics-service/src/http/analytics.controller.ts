import { BadRequestException, Body, Controller, Get, NotFoundException, Param, ParseIntPipe, Put, Query, DefaultValuePipe } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FindingMessage, ForecastMessage } from '@energy/contracts';
import { FindingsService } from '../findings/findings.service';
import { ForecastsService } from '../forecasts/forecasts.service';
import { SignaturesService, type ConsumersReport } from '../signatures/signatures.service';
import type { Signature } from '../appliances/signatures';
import { ConsumersDto, FindingDto, ForecastDto, RenameSignatureDto, SignatureDto } from './analytics.dto';

/**
 * The analytics HTTP API. It has no authentication of its own: it listens inside the deployment
 * and the gateway proxies it under its own auth (see docs/analytics.md).
 */
@ApiTags('analytics')
@Controller('api/v1/analytics')
export class AnalyticsController {
  constructor(
    private readonly forecasts: ForecastsService,
    private readonly findings: FindingsService,
    private readonly signaturesService: SignaturesService,
  ) {}

  @Get('forecasts/:deviceId')
  @ApiOperation({ summary: 'The latest hourly forecast of a device (or `_site`): next 48 h and the rest of the month, with the 10–90 % band and the month projection.' })
  @ApiOkResponse({ type: ForecastDto })
  forecast(@Param('deviceId') deviceId: string): ForecastMessage {
    const forecast = this.forecasts.latestFor(deviceId);
    if (!forecast) throw new NotFoundException(`no forecast for ${deviceId} yet (it needs about 3 weeks of history)`);
    return forecast;
  }

  @Get('findings')
  @ApiOperation({ summary: 'Recent unusual-consumption findings (last 7 days by default), newest first, each with its sentence.' })
  @ApiQuery({ name: 'deviceId', required: false })
  @ApiOkResponse({ type: [FindingDto] })
  list(@Query('deviceId') deviceId?: string): FindingMessage[] {
    return this.findings.list(deviceId);
  }

  @Get('devices/:deviceId/signatures')
  @ApiOperation({ summary: 'Appliance signatures seen on the device’s live stream (power, duration, cycling period, label, name).' })
  @ApiOkResponse({ type: [SignatureDto] })
  signatures(@Param('deviceId') deviceId: string): Signature[] {
    return this.signaturesService.signatures(deviceId);
  }

  @Put('devices/:deviceId/signatures/:signatureId')
  @ApiOperation({ summary: 'Names a signature ("Garage fridge"); later runs carry the name. null removes it.' })
  @ApiOkResponse({ type: SignatureDto })
  rename(@Param('deviceId') deviceId: string, @Param('signatureId') signatureId: string, @Body() body: RenameSignatureDto): Promise<Signature> {
    const name = body?.name ?? null;
    if (name !== null && (typeof name !== 'string' || name.trim() === '' || name.length > 64)) throw new BadRequestException('name must be 1 to 64 characters, or null');
    return this.signaturesService.rename(deviceId, signatureId, name === null ? null : name.trim());
  }

  @Get('devices/:deviceId/consumers')
  @ApiOperation({ summary: 'Base load and top consumers by signature over the last hours.' })
  @ApiQuery({ name: 'hours', required: false, description: 'default 24, at most 720' })
  @ApiOkResponse({ type: ConsumersDto })
  consumers(@Param('deviceId') deviceId: string, @Query('hours', new DefaultValuePipe(24), ParseIntPipe) hours: number): Promise<ConsumersReport> {
    if (hours < 1 || hours > 720) throw new BadRequestException('hours must be 1 to 720');
    return this.signaturesService.consumers(deviceId, hours);
  }
}
