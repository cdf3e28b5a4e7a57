import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  analyticsPatterns,
  MAX_FINDINGS_PER_REPLY,
  renameSignatureBodySchema,
  SITE_ID,
  type ConsumersView,
  type FindingsReply,
  type ForecastMessage,
  type ForecastVsActual,
  type SignatureView,
} from '@energy/contracts';
import { z } from 'zod';
import { ReadAccess, WriteAccess } from '../auth/access.decorator';
import { ApiZodBody, ApiZodQuery } from '../http/openapi';
import { deviceIdSchema } from '../http/params';
import { zodPipe } from '../http/zod-validation.pipe';
import { ANALYTICS_REPLAY_TIMEOUT_MS, AnalyticsServiceClient } from './analytics-service.client';
import { CONSUMERS_SCHEMA, FINDINGS_SCHEMA, FORECAST_SCHEMA, FORECAST_VS_ACTUAL_SCHEMA, SIGNATURE_SCHEMA } from './analytics.openapi';

const deviceOrSite = z.union([z.literal(SITE_ID), deviceIdSchema], { error: `must be a device id or ${SITE_ID}` });
const signatureIdSchema = z.string().regex(/^sig-[0-9]+w-[0-9]+m$/, 'must be a signature id like sig-120w-15m');
const findingsQuery = z.strictObject({
  deviceId: deviceIdSchema.optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_FINDINGS_PER_REPLY, `must be at most ${MAX_FINDINGS_PER_REPLY}`))
    .optional(),
});
const consumersQuery = z.strictObject({
  hours: z
    .string()
    .regex(/^\d{1,3}$/, 'must be a whole number of hours')
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be at least 1').max(720, 'must be at most 720'))
    .optional(),
});

/**
 * Forecasts, unusual consumption and appliance signatures (docs/analytics.md), asked of the analytics
 * service over the bus. Reads for any reader; naming a signature needs write access.
 */
@ApiTags('analytics')
@Controller('api/v1/analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsServiceClient) {}

  @Get('forecasts/:deviceId')
  @ReadAccess()
  @ApiParam({ name: 'deviceId', description: `a device id, or ${SITE_ID} for the whole site` })
  @ApiOperation({ summary: 'The latest hourly forecast: the next 48 h and the rest of the month with the 10–90 % band, and the month projection with its range. 404 until there are about 3 weeks of history.' })
  @ApiOkResponse({ schema: FORECAST_SCHEMA })
  forecast(@Param('deviceId', zodPipe(deviceOrSite)) deviceId: string): Promise<ForecastMessage> {
    return this.analytics.request(analyticsPatterns.forecast, { deviceId });
  }

  @Get('forecasts/:deviceId/past-week')
  @ReadAccess()
  @ApiParam({ name: 'deviceId', description: `a device id, or ${SITE_ID} for the whole site` })
  @ApiOperation({ summary: 'Forecast vs actual for the past week, hour by hour: each hour as forecast a day before it, the energy it used, the error and the band coverage.' })
  @ApiOkResponse({ schema: FORECAST_VS_ACTUAL_SCHEMA })
  pastWeek(@Param('deviceId', zodPipe(deviceOrSite)) deviceId: string): Promise<ForecastVsActual> {
    return this.analytics.request(analyticsPatterns.forecastVsActual, { deviceId }, ANALYTICS_REPLAY_TIMEOUT_MS);
  }

  @Get('findings')
  @ReadAccess()
  @ApiZodQuery(findingsQuery, { deviceId: 'one device; all when absent', limit: `newest first, at most this many (default 20, at most ${MAX_FINDINGS_PER_REPLY})` })
  @ApiOperation({ summary: 'Recent unusual consumption (the last 7 days), newest first, each with the sentence that says why.' })
  @ApiOkResponse({ schema: FINDINGS_SCHEMA })
  findings(@Query(zodPipe(findingsQuery)) query: z.output<typeof findingsQuery>): Promise<FindingsReply> {
    return this.analytics.request(analyticsPatterns.findings, { ...(query.deviceId ? { deviceId: query.deviceId } : {}), ...(query.limit ? { limit: query.limit } : {}) });
  }

  @Get('devices/:deviceId/signatures')
  @ReadAccess()
  @ApiParam({ name: 'deviceId' })
  @ApiOperation({ summary: 'Appliance signatures seen on the device’s live stream: power, duration, cycling period, label, the user’s name (most energy first).' })
  @ApiOkResponse({ schema: { type: 'array', items: SIGNATURE_SCHEMA } })
  signatures(@Param('deviceId', zodPipe(deviceIdSchema)) deviceId: string): Promise<SignatureView[]> {
    return this.analytics.request(analyticsPatterns.signatures, { deviceId });
  }

  @Put('devices/:deviceId/signatures/:signatureId')
  @WriteAccess()
  @ApiParam({ name: 'deviceId' })
  @ApiParam({ name: 'signatureId', example: 'sig-120w-15m' })
  @ApiZodBody(renameSignatureBodySchema, 'the name later runs carry ("Garage fridge"); null removes it')
  @ApiOperation({ summary: 'Names a signature; the name is stored and later runs carry it.' })
  @ApiOkResponse({ schema: SIGNATURE_SCHEMA })
  rename(
    @Param('deviceId', zodPipe(deviceIdSchema)) deviceId: string,
    @Param('signatureId', zodPipe(signatureIdSchema)) signatureId: string,
    @Body(zodPipe(renameSignatureBodySchema)) body: z.output<typeof renameSignatureBodySchema>,
  ): Promise<SignatureView> {
    return this.analytics.request(analyticsPatterns.renameSignature, { deviceId, signatureId, name: body.name });
  }

  @Get('devices/:deviceId/consumers')
  @ReadAccess()
  @ApiParam({ name: 'deviceId' })
  @ApiZodQuery(consumersQuery, { hours: 'the last hours to split (default 24, at most 720)' })
  @ApiOperation({ summary: 'Base load (always-on W) and where the energy of the last hours went, by signature.' })
  @ApiOkResponse({ schema: CONSUMERS_SCHEMA })
  consumers(@Param('deviceId', zodPipe(deviceIdSchema)) deviceId: string, @Query(zodPipe(consumersQuery)) query: z.output<typeof consumersQuery>): Promise<ConsumersView> {
    return this.analytics.request(analyticsPatterns.consumers, { deviceId, hours: query.hours ?? 24 });
  }
}
