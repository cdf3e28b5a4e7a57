import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { alertRuleInputSchema, type AlertRuleSettings } from '@energy/contracts';
import { CurrentPrincipal, ReadAccess, WriteAccess } from '../auth/access.decorator';
import type { Principal } from '../auth/principal';
import { ApiIdParam, ApiZodBody } from '../http/openapi';
import { numericId } from '../http/params';
import { zodPipe } from '../http/zod-validation.pipe';
import { RulesService } from './rules.service';

const canWrite = (p: Principal) => p.kind === 'session' || (p.kind === 'apiKey' && p.access === 'write');
const idPipe = zodPipe(numericId);

@ApiTags('rules')
@Controller('api/v1/rules')
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  @Get()
  @ReadAccess()
  @ApiOperation({ summary: 'The alert rules. Recipients are masked unless the caller may change rules.' })
  list(@CurrentPrincipal() principal: Principal) {
    return this.rules.list(canWrite(principal));
  }

  @Get(':id')
  @ReadAccess()
  @ApiIdParam()
  @ApiOperation({ summary: 'One rule.' })
  get(@Param('id', idPipe) id: number, @CurrentPrincipal() principal: Principal) {
    return this.rules.get(id, canWrite(principal));
  }

  @Post()
  @WriteAccess()
  @ApiOperation({ summary: 'Create a rule (validated here, then written by the alert service).' })
  @ApiZodBody(alertRuleInputSchema)
  create(@Body(zodPipe(alertRuleInputSchema)) body: AlertRuleSettings) {
    return this.rules.create(body);
  }

  @Put(':id')
  @WriteAccess()
  @ApiIdParam()
  @ApiOperation({ summary: 'Replace a rule: omitted optional fields take their defaults.' })
  @ApiZodBody(alertRuleInputSchema)
  update(@Param('id', idPipe) id: number, @Body(zodPipe(alertRuleInputSchema)) body: AlertRuleSettings) {
    return this.rules.update(id, body);
  }

  @Delete(':id')
  @WriteAccess()
  @HttpCode(204)
  @ApiIdParam()
  @ApiOperation({ summary: 'Delete a rule.' })
  async remove(@Param('id', idPipe) id: number): Promise<void> {
    await this.rules.delete(id);
  }
}
