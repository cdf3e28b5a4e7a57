import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal, ReadAccess, WriteAccess } from '../auth/access.decorator';
import { describePrincipal, type Principal } from '../auth/principal';
import { ApiZodBody, ApiZodQuery } from '../http/openapi';
import { DAY_MS, deviceList, msTimestamp } from '../http/params';
import { zodPipe } from '../http/zod-validation.pipe';
import { EnergyService, type TariffPreview } from './energy.service';
import { tariffSchema, type Tariff } from './tariff';

export const MAX_ENERGY_DAYS = 400;
export const MAX_HOURLY_DAYS = 31;

const energyQuery = z
  .strictObject({
    devices: deviceList.optional(),
    from: msTimestamp,
    to: msTimestamp,
    period: z.enum(['hour', 'day', 'week', 'month'], { error: 'must be hour, day, week or month' }).default('day'),
  })
  .superRefine((q, ctx) => {
    const maxDays = q.period === 'hour' ? MAX_HOURLY_DAYS : MAX_ENERGY_DAYS;
    if (q.from >= q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    else if (q.to - q.from > maxDays * DAY_MS) ctx.addIssue({ code: 'custom', path: ['to'], message: `the range from..to must be at most ${maxDays} days for period ${q.period}` });
  });
const summaryQuery = z.strictObject({ devices: deviceList.optional() });

const COSTS_SCHEMA = {
  type: 'object',
  required: ['currency', 'monthToDateCost', 'projectedMonthCost'],
  properties: { currency: { type: 'string', example: 'EUR' }, monthToDateCost: { type: 'number' }, projectedMonthCost: { type: 'number' } },
};
const TARIFF_PREVIEW_SCHEMA = {
  type: 'object',
  required: ['monthToDateKwh', 'current', 'proposed'],
  properties: { monthToDateKwh: { type: 'number' }, current: COSTS_SCHEMA, proposed: COSTS_SCHEMA },
};

@ApiTags('energy')
@Controller('api/v1')
export class EnergyController {
  constructor(private readonly energy: EnergyService) {}

  @Get('energy')
  @ReadAccess()
  @ApiOperation({ summary: 'kWh and cost per hour, day, week (Monday first) or month, in the site time zone. Omit devices for the whole site.' })
  @ApiZodQuery(energyQuery, { devices: 'comma-separated device ids; omit for all' })
  report(@Query(zodPipe(energyQuery)) q: z.infer<typeof energyQuery>) {
    return this.energy.report(q.devices ?? null, q.from, q.to, q.period);
  }

  @Get('energy/summary')
  @ReadAccess()
  @ApiOperation({ summary: 'Today, month to date, and the month-end projection (linear), in kWh and money.' })
  @ApiZodQuery(summaryQuery, { devices: 'comma-separated device ids; omit for all' })
  summary(@Query(zodPipe(summaryQuery)) q: z.infer<typeof summaryQuery>) {
    return this.energy.summary(q.devices ?? null);
  }

  @Get('tariff')
  @ReadAccess()
  @ApiOperation({ summary: 'The tariff: flat rate, time-of-use windows (site-local), daily standing charge, currency.' })
  tariff(): Promise<Tariff> {
    return this.energy.tariff();
  }

  @Put('tariff')
  @WriteAccess()
  @ApiOperation({ summary: 'Replace the tariff. Windows may wrap midnight and must not overlap.' })
  @ApiZodBody(tariffSchema)
  setTariff(@Body(zodPipe(tariffSchema)) tariff: Tariff, @CurrentPrincipal() principal: Principal): Promise<Tariff> {
    return this.energy.setTariff(tariff, describePrincipal(principal).slice(0, 64));
  }

  @Post('tariff/preview')
  @ReadAccess()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'What the whole site\u2019s month so far cost under the stored tariff and would have cost under the proposed one (same validation as PUT tariff; nothing is saved). Returns monthToDateKwh and, for current and proposed, currency, monthToDateCost and projectedMonthCost.',
  })
  @ApiZodBody(tariffSchema)
  @ApiOkResponse({ schema: TARIFF_PREVIEW_SCHEMA })
  preview(@Body(zodPipe(tariffSchema)) tariff: Tariff): Promise<TariffPreview> {
    return this.energy.preview(tariff);
  }
}
