import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal, ReadAccess, WriteAccess } from '../auth/access.decorator';
import { describePrincipal, type Principal } from '../auth/principal';
import { ApiIdParam, ApiZodBody } from '../http/openapi';
import { deviceIdSchema, numericId } from '../http/params';
import { zodPipe } from '../http/zod-validation.pipe';
import { DeviceRelayService } from './device-relay.service';

const relayBody = z.strictObject({ state: z.enum(['on', 'off'], { error: 'must be "on" or "off"' }) });
const idParam = zodPipe(deviceIdSchema);
const ApiDeviceId = () => ApiParam({ name: 'id', description: 'device id, e.g. kitchen-1', schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' } });

@ApiTags('devices')
@Controller('api/v1')
export class DeviceRelayController {
  constructor(private readonly relays: DeviceRelayService) {}

  @Get('devices/:id/relay')
  @ReadAccess()
  @ApiDeviceId()
  @ApiOperation({ summary: "The relay's confirmed state (what the device last reported) and its latest 20 commands: who asked, when, until when they could act, and how they ended." })
  view(@Param('id', idParam) id: string) {
    return this.relays.view(id);
  }

  @Post('devices/:id/relay')
  @WriteAccess()
  @HttpCode(202)
  @ApiDeviceId()
  @ApiZodBody(relayBody, 'the state to switch the relay to')
  @ApiOperation({
    summary:
      'Switch a relay on or off. 202: the alert service sent the command (status "requested"); it is confirmed when the device reports the state, re-sent until it expires (RELAY_COMMAND_TTL_MS, 30 s), and otherwise ends "failed" or "expired" with the state the device reported. Recorded with who asked. GET …/relay shows the outcome.',
  })
  set(@Param('id', idParam) id: string, @Body(zodPipe(relayBody)) body: z.infer<typeof relayBody>, @CurrentPrincipal() principal: Principal) {
    return this.relays.set(id, body.state, describePrincipal(principal).slice(0, 64));
  }

  @Post('alerts/:id/restore-load')
  @WriteAccess()
  @HttpCode(202)
  @ApiIdParam()
  @ApiTags('alerts')
  @ApiOperation({ summary: "Undo an alert's load shedding: switch the relay it cut back on, through the same confirmed, expiring command. 409 if the alert shed no load or it is already back on." })
  restoreLoad(@Param('id', zodPipe(numericId)) id: number, @CurrentPrincipal() principal: Principal) {
    return this.relays.restoreLoad(id, describePrincipal(principal).slice(0, 64));
  }
}
