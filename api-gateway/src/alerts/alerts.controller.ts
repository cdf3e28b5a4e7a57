import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal, ReadAccess, WriteAccess } from '../auth/access.decorator';
import { describePrincipal, type Principal } from '../auth/principal';
import { ApiIdParam, ApiZodQuery } from '../http/openapi';
import { deviceIdSchema, msTimestamp, numericId } from '../http/params';
import { zodPipe } from '../http/zod-validation.pipe';
import { AlertsService } from './alerts.service';

export const MAX_ALERTS = 1000;

const alertsQuery = z
  .strictObject({
    device: deviceIdSchema.optional(),
    state: z.enum(['active', 'acknowledged', 'cleared'], { error: 'must be active, acknowledged or cleared' }).optional(),
    from: msTimestamp.optional(),
    to: msTimestamp.optional(),
    limit: z
      .string()
      .regex(/^\d{1,6}$/, 'must be a whole number')
      .transform(Number)
      .refine((n) => n >= 1 && n <= MAX_ALERTS, `must be between 1 and ${MAX_ALERTS}`)
      .default(100),
  })
  .superRefine((q, ctx) => {
    if (q.from !== undefined && q.to !== undefined && q.from >= q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
  });

@ApiTags('alerts')
@Controller('api/v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @ReadAccess()
  @ApiOperation({ summary: 'Alerts, newest first, with what happened to their notifications (recipients masked).' })
  @ApiZodQuery(alertsQuery, { from: 'raised at or after (UTC ms)', to: 'raised before (UTC ms)', limit: '1 to 1000, default 100' })
  list(@Query(zodPipe(alertsQuery)) q: z.infer<typeof alertsQuery>) {
    return this.alerts.list({ deviceId: q.device, state: q.state, fromMs: q.from, toMs: q.to, limit: q.limit });
  }

  @Get(':id')
  @ReadAccess()
  @ApiIdParam()
  @ApiOperation({ summary: 'One alert.' })
  get(@Param('id', zodPipe(numericId)) id: number) {
    return this.alerts.get(id);
  }

  @Post(':id/acknowledge')
  @WriteAccess()
  @HttpCode(200)
  @ApiIdParam()
  @ApiOperation({ summary: 'Acknowledge an alert: reminders stop; it clears when the condition does.' })
  acknowledge(@Param('id', zodPipe(numericId)) id: number, @CurrentPrincipal() principal: Principal) {
    return this.alerts.acknowledge(id, describePrincipal(principal).slice(0, 64));
  }
}
