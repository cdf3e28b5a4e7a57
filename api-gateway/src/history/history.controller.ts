import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ReadAccess } from '../auth/access.decorator';
import { ApiZodQuery } from '../http/openapi';
import { deviceList, msTimestamp, withRange } from '../http/params';
import { zodPipe } from '../http/zod-validation.pipe';
import { HistoryService } from './history.service';

export const MAX_HISTORY_DAYS = 400;

const historyQuery = withRange(
  z.strictObject({
    devices: deviceList,
    from: msTimestamp,
    to: msTimestamp,
    resolution: z.enum(['auto', 'raw', 'minute', 'hour', 'day'], { error: 'must be auto, raw, minute, hour or day' }).default('auto'),
  }),
  MAX_HISTORY_DAYS,
);

@ApiTags('history')
@Controller('api/v1/history')
export class HistoryController {
  constructor(private readonly history: HistoryService) {}

  @Get()
  @ReadAccess()
  @ApiOperation({
    summary: 'Readings of up to 20 devices over [from, to) (at most 400 days) with min, max and average per point.',
    description:
      'auto picks raw readings when every series has at most 1,000, else the minute or hour rollup with buckets merged (bucketMs) to stay at or under 1,000 points, else site-local days. Raw points are readings in [from, to); every other point is a whole bucket that overlaps [from, to).',
  })
  @ApiZodQuery(historyQuery, { devices: 'comma-separated device ids (1 to 20)', from: 'UTC ms, inclusive', to: 'UTC ms, exclusive' })
  get(@Query(zodPipe(historyQuery)) q: z.infer<typeof historyQuery>) {
    return this.history.query(q.devices, q.from, q.to, q.resolution);
  }
}
