import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AllowQueryToken, ReadAccess } from '../auth/access.decorator';
import type { HttpRequest, HttpResponse } from '../http/express-types';
import { ApiZodQuery } from '../http/openapi';
import { deviceList } from '../http/params';
import { zodPipe } from '../http/zod-validation.pipe';
import { LiveService } from './live.service';

const liveQuery = z.strictObject({
  devices: deviceList.optional(),
  token: z.string().max(4096).optional(),
});

@ApiTags('live')
@Controller('api/v1/live')
export class LiveController {
  constructor(private readonly live: LiveService) {}

  @Get()
  @ReadAccess()
  @AllowQueryToken()
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary: 'Server-Sent Events: reading (Telemetry), alert (AlertEvent), status and relay events for the chosen devices (default: all).',
    description: 'EventSource cannot set headers, so the session token may come as ?token=. A comment heartbeat every 15 s. Clients that fall behind are dropped.',
  })
  @ApiZodQuery(liveQuery, { devices: 'comma-separated device ids; omit for all', token: 'session token, for EventSource' })
  stream(@Query(zodPipe(liveQuery)) q: z.infer<typeof liveQuery>, @Req() req: HttpRequest, @Res() res: HttpResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx and similar proxies must not buffer the stream
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    req.socket.setNoDelay(true);
    const close = this.live.open(res, q.devices ?? null);
    res.once('close', close);
  }
}
