import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { once } from 'node:events';
import { z } from 'zod';
import { ReadAccess } from '../auth/access.decorator';
import type { HttpResponse } from '../http/express-types';
import { ApiZodQuery } from '../http/openapi';
import { deviceList, msTimestamp, withRange } from '../http/params';
import { zodPipe } from '../http/zod-validation.pipe';
import { ExportService } from './export.service';

export const MAX_EXPORT_DAYS = 3660;
/** Lines are gathered into chunks of about this size before a write; writes wait for drain. */
const CHUNK_BYTES = 64 * 1024;

const exportQuery = withRange(
  z.strictObject({
    devices: deviceList,
    from: msTimestamp,
    to: msTimestamp,
    resolution: z.enum(['raw', 'minute', 'hour', 'day'], { error: 'must be raw, minute, hour or day' }).default('raw'),
  }),
  MAX_EXPORT_DAYS,
);

@ApiTags('export')
@Controller('api/v1')
export class ExportController {
  constructor(private readonly exporter: ExportService) {}

  @Get('export.csv')
  @ReadAccess()
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: 'CSV of any range at any resolution, streamed row by row with constant memory.',
    description: `Raw header: ID,date,day,time,Voltage_V,Current_I,Power_W,device_id (the seed's columns, site-local time). Rollup header adds min, max and Energy_Wh. Rows come device by device (in the order asked), each in time order.`,
  })
  @ApiZodQuery(exportQuery, { devices: 'comma-separated device ids (1 to 20)', from: 'UTC ms, inclusive', to: 'UTC ms, exclusive' })
  async csv(@Query(zodPipe(exportQuery)) q: z.infer<typeof exportQuery>, @Res() res: HttpResponse): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="energy-${q.resolution}-${q.from}-${q.to}.csv"`,
      'cache-control': 'no-store',
    });
    let chunk = '';
    // Leaving the loop early (client gone) returns the generator, which ends the database stream.
    for await (const line of this.exporter.csv(q.devices, q.from, q.to, q.resolution)) {
      chunk += line;
      if (chunk.length < CHUNK_BYTES) continue;
      if (res.destroyed) return;
      const flushed = res.write(chunk);
      chunk = '';
      if (!flushed && !(await drained(res))) return;
    }
    res.end(chunk);
  }
}

/** Waits until the socket takes more data; false when the client went away instead. */
async function drained(res: HttpResponse): Promise<boolean> {
  const ac = new AbortController();
  try {
    const winner = await Promise.race([
      once(res, 'drain', { signal: ac.signal }).then(() => true, () => false),
      once(res, 'close', { signal: ac.signal }).then(() => false, () => false),
    ]);
    return winner && !res.destroyed;
  } finally {
    ac.abort();
  }
}
