import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiIdParam, ApiZodBody } from '../http/openapi';
import { numericId } from '../http/params';
import { zodPipe } from '../http/zod-validation.pipe';
import { AdminAccess, CurrentPrincipal } from './access.decorator';
import { ApiKeysService } from './api-keys.service';
import type { Principal } from './principal';

const createBody = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(64, 'must be at most 64 characters'),
  access: z.enum(['read', 'write'], { error: 'must be read or write' }),
});

@ApiTags('auth')
@Controller('api/v1/api-keys')
@AdminAccess()
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Create an API key for a script: read-only or read-write. The key is shown once.' })
  @ApiZodBody(createBody)
  create(@Body(zodPipe(createBody)) body: z.infer<typeof createBody>, @CurrentPrincipal() principal: Principal) {
    return this.keys.create(body.name, body.access, principal.kind === 'session' ? principal.username : 'unknown');
  }

  @Get()
  @ApiOperation({ summary: 'List active API keys (never the keys themselves).' })
  list() {
    return this.keys.list();
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiIdParam()
  @ApiOperation({ summary: 'Revoke an API key.' })
  async revoke(@Param('id', zodPipe(numericId)) id: number): Promise<void> {
    await this.keys.revoke(id);
  }
}
