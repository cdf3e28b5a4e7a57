import { Body, Controller, Get, HttpCode, NotFoundException, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ReadAccess, WriteAccess } from '../auth/access.decorator';
import { ApiZodBody } from '../http/openapi';
import { deviceIdSchema } from '../http/params';
import { zodPipe } from '../http/zod-validation.pipe';
import { DevicesService } from './devices.service';

const deviceName = z.string().trim().min(1, 'must not be empty').max(128, 'must be at most 128 characters');
const provisionBody = z.strictObject({ id: deviceIdSchema, name: deviceName.optional() });
const renameBody = z.strictObject({ name: deviceName });
const idParam = zodPipe(deviceIdSchema);
const ApiDeviceId = () => ApiParam({ name: 'id', description: 'device id, e.g. kitchen-1', schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' } });

@ApiTags('devices')
@Controller('api/v1/devices')
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @Get()
  @ReadAccess()
  @ApiOperation({ summary: 'Every device with its online state, last reading, relay state and energy today.' })
  list() {
    return this.devices.list();
  }

  @Get(':id')
  @ReadAccess()
  @ApiDeviceId()
  @ApiOperation({ summary: 'One device.' })
  async get(@Param('id', idParam) id: string) {
    const device = await this.devices.get(id);
    if (!device) throw new NotFoundException(`device ${id} does not exist`);
    return device;
  }

  @Post()
  @WriteAccess()
  @ApiOperation({ summary: 'Provision a device. The response holds its secret and MQTT settings: the only time the secret is shown.' })
  @ApiZodBody(provisionBody)
  provision(@Body(zodPipe(provisionBody)) body: z.infer<typeof provisionBody>) {
    return this.devices.provision(body.id, body.name);
  }

  @Patch(':id')
  @WriteAccess()
  @ApiDeviceId()
  @ApiOperation({ summary: 'Rename a device.' })
  @ApiZodBody(renameBody)
  rename(@Param('id', idParam) id: string, @Body(zodPipe(renameBody)) body: z.infer<typeof renameBody>) {
    return this.devices.rename(id, body.name);
  }

  @Post(':id/revoke')
  @WriteAccess()
  @HttpCode(200)
  @ApiDeviceId()
  @ApiOperation({ summary: 'Revoke a device: its secret stops working on MQTT and HTTP.' })
  revoke(@Param('id', idParam) id: string) {
    return this.devices.revoke(id);
  }

  @Post(':id/rotate')
  @WriteAccess()
  @HttpCode(200)
  @ApiDeviceId()
  @ApiOperation({ summary: 'Give a device a new secret (also lifts a revocation). The secret is shown once.' })
  rotate(@Param('id', idParam) id: string) {
    return this.devices.rotate(id);
  }
}
