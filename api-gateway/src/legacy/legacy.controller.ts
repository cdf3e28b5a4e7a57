import { Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Public, ReadAccess } from '../auth/access.decorator';
import type { HttpRequest } from '../http/express-types';
import { ApiZodQuery } from '../http/openapi';
import { deviceIdSchema } from '../http/params';
import { zodPipe } from '../http/zod-validation.pipe';
import { DeviceAuthService } from './device-auth.service';
import { LegacyService, type GraphData } from './legacy.service';

// Not strict: old dashboards add cache-busting parameters such as `_=...`.
const graphQuery = z.object({ device: deviceIdSchema.optional() });
const MAX_BODY_BYTES = 64 * 1024;

/** The seed's two endpoints, with their paths and response shapes unchanged. */
@ApiTags('seed (legacy)')
@Controller('api')
export class LegacyController {
  constructor(
    private readonly legacy: LegacyService,
    private readonly deviceAuth: DeviceAuthService,
  ) {}

  @Post('update-dht-data')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'A reading from an HTTP-only device, e.g. {"Voltage": 220, "Current": 1.5}. Validated like MQTT readings, then published for the ingest.' })
  @ApiHeader({ name: 'Authorization', description: 'Bearer <deviceId>:<deviceSecret> (or send X-Device-Id and X-Device-Secret)', required: false })
  @ApiBody({ schema: { type: 'object', properties: { Voltage: { type: 'number' }, Current: { type: 'number' } }, required: ['Voltage', 'Current'] } })
  async updateDhtData(@Req() req: HttpRequest): Promise<{ message: string }> {
    const deviceId = await this.deviceAuth.authenticate(req);
    await this.legacy.acceptReading(deviceId, req.rawBody ?? (await readBody(req)));
    return { message: 'Data inserted successfully' };
  }

  @Get('get-graph-data')
  @ReadAccess()
  @ApiOperation({ summary: 'The latest 50 readings, oldest first: labels (HH:MM:SS, site time zone), Voltage, Current and Power.' })
  @ApiZodQuery(graphQuery, { device: 'only this device (default: all readings, as the seed had one meter)' })
  getGraphData(@Query(zodPipe(graphQuery)) query: z.infer<typeof graphQuery>): Promise<GraphData> {
    return this.legacy.graphData(query.device);
  }
}

/** A device that sends no JSON content type: the body parser left the body unread. */
async function readBody(req: HttpRequest): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
