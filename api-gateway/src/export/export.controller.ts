import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { once } from 'node:events';
import { z } from 'zod';
import { CurrentPrincipal, ReadAccess } from '../auth/access.decorator';
import { principalKey, type Principal } from '../auth/principal';
import type { GatewayConfig } from '../config/env';
import { CONFIG } from '@energy/service-kit/nest';
import type { HttpRequest, HttpResponse } from '../http/express-types';
import { ApiZodQuery } from '../http/openapi';
import { DAY_MS, deviceList, msTimestamp, withRange } from '../http/params';
import { zodPipe } from '../http/zod-validation.pipe';
import { ExportService } from './export.service';
import { ExportSlots } from './export-slots';

export const MAX_EXPORT_DAYS = 3660;
/** Raw readings (one a second per meter) at most a year at a time; rollups up to MAX_EXPORT_DAYS. */
export const MAX_RAW_EXPORT_DAYS = 366;
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
).superRefine((q, ctx) => {
  if (q.resolution === 'raw' && q.to - q.from > MAX_RAW_EXPORT_DAYS * DAY_MS) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `a raw export covers at most ${MAX_RAW_EXPORT_DAYS} days; use resolution minute, hour or day for longer ranges` });
  }
});

@ApiTags('export')
@Controller('api/v1')
export class ExportController {
  constructor(
    private readonly exporter: ExportService,
    private readonly slots: ExportSlots,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get('export.csv')
  @ReadAccess()
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: 'CSV of any range at any resolution, streamed page by page with constant memory.',
    description:
      `Raw header: ID,date,day,time,Voltage_V,Current_I,Power_W,device_id (the seed's columns, site-local time). Rollup header adds min, max and Energy_Wh. ` +
      `Rows come device by device (in the order asked), each in time order. Raw: at most ${MAX_RAW_EXPORT_DAYS} days; rollups: ${MAX_EXPORT_DAYS}. ` +
      'A few exports may run at once per user or key (429 beyond that, EXPORT_MAX_PER_PRINCIPAL), and one whose client stops reading is cut after EXPORT_IDLE_TIMEOUT_MS.',
  })
  @ApiZodQuery(exportQuery, { devices: 'comma-separated device ids (1 to 20)', from: 'UTC ms, inclusive', to: 'UTC ms, exclusive' })
  async csv(@Query(zodPipe(exportQuery)) q: z.infer<typeof exportQuery>, @CurrentPrincipal() principal: Principal, @Req() req: HttpRequest, @Res() res: HttpResponse): Promise<void> {
    const release = this.slots.acquire(principalKey(principal, req.ip));
    res.once('close', release);
    try {
      await this.stream(q, res);
    } finally {
      release();
    }
  }

  private async stream(q: z.infer<typeof exportQuery>, res: HttpResponse): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="energy-${q.resolution}-${q.from}-${q.to}.csv"`,
      'cache-control': 'no-store',
    });
    let chunk = '';
    // Leaving the loop early (client gone) returns the generator, which reads no further page.
    for await (const lines of this.exporter.csv(q.devices, q.from, q.to, q.resolution)) {
      chunk += lines;
      if (chunk.length < CHUNK_BYTES) continue;
      if (res.destroyed) return;
      const flushed = res.write(chunk);
      chunk = '';
      if (!flushed && !(await drained(res, this.config.exports.idleTimeoutMs))) return;
    }
    res.end(chunk);
  }
}

/**
 * Waits until the socket takes more data; false when the client went away, or took nothing for
 * `idleTimeoutMs` (then the response is cut, so a reader that stalls cannot keep its slot).
 */
async function drained(res: HttpResponse, idleTimeoutMs: number): Promise<boolean> {
  const ac = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  try {
    const winner = await Promise.race([
      once(res, 'drain', { signal: ac.signal }).then(() => true, () => false),
      once(res, 'close', { signal: ac.signal }).then(() => false, () => false),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => {
          res.destroy();
          resolve(false);
        }, idleTimeoutMs);
      }),
    ]);
    return winner && !res.destroyed;
  } finally {
    clearTimeout(timer);
    ac.abort();
  }
}
