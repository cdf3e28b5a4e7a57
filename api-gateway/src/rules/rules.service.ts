import { Injectable, NotFoundException } from '@nestjs/common';
import { servicePatterns, type AlertRule, type AlertRuleDeleteRequest, type AlertRuleSettings, type AlertRuleUpdateRequest } from '@energy/contracts';
import { AlertRulesStore } from '@energy/db';
import { maskPhone } from '@energy/service-kit';
import { AlertServiceClient } from '../bus/alert-service.client';

/** Rules are read from the database and written by asking the alert service, their only writer. */
@Injectable()
export class RulesService {
  constructor(
    private readonly rules: AlertRulesStore,
    private readonly alertService: AlertServiceClient,
  ) {}

  /** Phone numbers are personal data: only callers who may change rules see them in full. */
  async list(showRecipients: boolean): Promise<AlertRule[]> {
    return (await this.rules.listLive()).map((rule) => this.present(rule, showRecipients));
  }

  async get(id: number, showRecipients: boolean): Promise<AlertRule> {
    const rule = await this.rules.find(id);
    if (!rule) throw new NotFoundException(`rule ${id} does not exist`);
    return this.present(rule, showRecipients);
  }

  create(settings: AlertRuleSettings): Promise<AlertRule> {
    return this.alertService.request<AlertRule>(servicePatterns.alertRulesCreate, settings);
  }

  update(id: number, settings: AlertRuleSettings): Promise<AlertRule> {
    return this.alertService.request<AlertRule>(servicePatterns.alertRulesUpdate, { id, rule: settings } satisfies AlertRuleUpdateRequest);
  }

  async delete(id: number): Promise<void> {
    await this.alertService.request<{ id: number }>(servicePatterns.alertRulesDelete, { id } satisfies AlertRuleDeleteRequest);
  }

  private present(rule: AlertRule, showRecipients: boolean): AlertRule {
    return showRecipients ? rule : { ...rule, recipients: rule.recipients.map(maskPhone) };
  }
}
