import { Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AllowStreamTicket, CurrentPrincipal, ReadAccess } from '../auth/access.decorator';
import { AuthService } from '../auth/auth.service';
import { principalKey, type Principal } from '../auth/principal';
import { STREAM_TICKET_TTL_MS } from '../auth/stream-tickets';
import type { HttpRequest, HttpResponse } from '../http/express-types';
import { ApiZodQuery } from '../http/openapi';
import { deviceList } from '../http/params';
import { zodPipe } from '../http/zod-validation.pipe';
import { LiveService } from './live.service';

const liveQuery = z.strictObject({
  devices: deviceList.optional(),
  ticket: z.string().max(2048).optional(),
});

@ApiTags('live')
@Controller('api/v1/live')
export class LiveController {
  constructor(
    private readonly live: LiveService,
    private readonly auth: AuthService,
  ) {}

  @Post('tickets')
  @ReadAccess()
  @HttpCode(201)
  @ApiOperation({
    summary: `A ticket for one live stream: GET /api/v1/live?ticket=…, within ${STREAM_TICKET_TTL_MS / 1000} s, once.`,
    description: 'EventSource cannot send headers, so the stream takes its credential in the URL; this ticket, not the session token, which proxy logs would keep.',
  })
  ticket(@CurrentPrincipal() principal: Principal): { ticket: string; expiresAt: number } {
    return this.auth.streamTickets.issue(principal);
  }

  @Get()
  @ReadAccess()
  @AllowStreamTicket()
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary: 'Server-Sent Events: reading (Telemetry), alert (AlertEvent), status and relay events for the chosen devices (default: all).',
    description:
      'Authenticate with a header, or with ?ticket= from POST /api/v1/live/tickets (EventSource cannot set headers). A comment heartbeat every 15 s. ' +
      'Clients that fall behind are dropped; a stream ends when its session ends or its key is revoked (checked every LIVE_RECHECK_MS); ' +
      'at most LIVE_MAX_PER_PRINCIPAL streams per user or key (429 beyond).',
  })
  @ApiZodQuery(liveQuery, { devices: 'comma-separated device ids; omit for all', ticket: 'a stream ticket, for EventSource' })
  stream(@Query(zodPipe(liveQuery)) q: z.infer<typeof liveQuery>, @CurrentPrincipal() principal: Principal, @Req() req: HttpRequest, @Res() res: HttpResponse): void {
    // Admitted before anything is written, so a refusal is a plain 429.
    const forget = this.live.streams.admit(principal, principalKey(principal, req.ip), () => res.end());
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
    res.once('close', () => {
      close();
      forget();
    });
  }
}
