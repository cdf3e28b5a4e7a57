import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { alertRuleDeleteRequestSchema, alertRuleUpdateRequestSchema, servicePatterns, type AlertRule, type AlertServiceReply } from '@energy/contracts';
import type { Logger } from '@energy/service-kit';
import { reply } from '../bus/replies';
import { LOGGER } from '@energy/service-kit/nest';
import { InvalidRuleError } from './rule-errors';
import { RulesService } from './rules.service';

const parse = <T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } }, payload: unknown): T => {
  const result = schema.safeParse(payload);
  if (!result.success) throw new InvalidRuleError(result.error.issues.map((i) => i.message).join('; '));
  return result.data;
};

/** The gateway's rule writes, as requests over the bus (only this service writes alert_rules). */
@Controller()
export class RulesController {
  constructor(
    private readonly rules: RulesService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @MessagePattern(servicePatterns.alertRulesCreate)
  create(@Payload() payload: unknown): Promise<AlertServiceReply<AlertRule>> {
    return reply(this.logger, servicePatterns.alertRulesCreate, () => this.rules.create(payload));
  }

  @MessagePattern(servicePatterns.alertRulesUpdate)
  update(@Payload() payload: unknown): Promise<AlertServiceReply<AlertRule>> {
    return reply(this.logger, servicePatterns.alertRulesUpdate, async () => {
      const request = parse(alertRuleUpdateRequestSchema, payload);
      return this.rules.update(request.id, request.rule);
    });
  }

  @MessagePattern(servicePatterns.alertRulesDelete)
  delete(@Payload() payload: unknown): Promise<AlertServiceReply<{ id: number }>> {
    return reply(this.logger, servicePatterns.alertRulesDelete, async () => {
      const { id } = parse(alertRuleDeleteRequestSchema, payload);
      await this.rules.delete(id);
      return { id };
    });
  }
}
