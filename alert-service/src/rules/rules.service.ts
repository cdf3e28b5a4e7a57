import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { alertRuleInputSchema, type AlertRule, type AlertRuleInput, type AlertRuleSettings } from '@energy/contracts';
import { AlertRulesStore } from '@energy/db';
import type { Logger, Clock } from '@energy/service-kit';
import type { z } from 'zod';
import type { AlertConfig } from '../config/env';
import { CLOCK, CONFIG, LOGGER } from '@energy/service-kit/nest';
import { InvalidRuleError, RuleNotFoundError } from './rule-errors';

/** The rule a new site starts with: the seed's 500 W limit on every device. */
export const DEFAULT_RULE: AlertRuleInput = {
  name: 'Power above 500 W',
  deviceId: null,
  kind: 'power_above',
  threshold: 500,
  clearThreshold: 450,
  holdSeconds: 10,
  severity: 'critical',
};

const formatIssues = (error: z.ZodError) => error.issues.map((i) => (i.path.length > 0 && !i.message.startsWith(String(i.path[0])) ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');

export function validateRule(input: unknown): AlertRuleSettings {
  const result = alertRuleInputSchema.safeParse(input);
  if (!result.success) throw new InvalidRuleError(formatIssues(result.error));
  return result.data;
}

/**
 * Rules live in the database; this keeps them in memory for evaluation. Every change made through
 * this service applies at once, and a periodic reload picks up anything written by another instance.
 */
@Injectable()
export class RulesService implements OnModuleInit, OnApplicationShutdown {
  private rules: AlertRule[] = [];
  private readonly changedListeners: Array<(ruleId: number) => void> = [];
  private readonly deletedListeners: Array<(ruleId: number) => void> = [];
  private refreshTimer?: NodeJS.Timeout;

  constructor(
    private readonly repo: AlertRulesStore,
    @Inject(CONFIG) private readonly config: AlertConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    if ((await this.repo.countEver()) === 0) {
      const rule = await this.repo.insert(validateRule(DEFAULT_RULE), this.clock.now());
      this.logger.info({ ruleId: rule.id }, 'no alert rules yet: created the default rule (power above 500 W on every device, hold 10 s)');
    }
    await this.reload();
    this.refreshTimer = setInterval(() => void this.reload().catch((err: Error) => this.logger.warn({ err: err.message }, 'rule reload failed')), this.config.evaluation.rulesRefreshMs);
    this.refreshTimer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.refreshTimer);
  }

  onChanged(listener: (ruleId: number) => void): void {
    this.changedListeners.push(listener);
  }

  onDeleted(listener: (ruleId: number) => void): void {
    this.deletedListeners.push(listener);
  }

  async reload(): Promise<void> {
    this.rules = await this.repo.listLive();
  }

  all(): AlertRule[] {
    return this.rules;
  }

  find(id: number): AlertRule | undefined {
    return this.rules.find((r) => r.id === id);
  }

  /** Enabled rules that apply to a device (its own and the site-wide ones). */
  forDevice(deviceId: string): AlertRule[] {
    return this.rules.filter((r) => r.enabled && (r.deviceId === null || r.deviceId === deviceId));
  }

  async create(input: unknown): Promise<AlertRule> {
    const rule = await this.repo.insert(validateRule(input), this.clock.now());
    await this.reload();
    this.logger.info({ ruleId: rule.id, kind: rule.kind }, 'rule created');
    return rule;
  }

  async update(id: number, changes: Record<string, unknown>): Promise<AlertRule> {
    const current = await this.repo.find(id);
    if (!current) throw new RuleNotFoundError(id);
    const { id: _id, createdAt: _c, updatedAt: _u, ...settings } = current;
    const rule = await this.repo.update(id, validateRule({ ...settings, ...changes }), this.clock.now());
    if (!rule) throw new RuleNotFoundError(id);
    await this.reload();
    this.changedListeners.forEach((listener) => listener(id));
    this.logger.info({ ruleId: id }, 'rule updated');
    return rule;
  }

  async delete(id: number): Promise<void> {
    if (!(await this.repo.softDelete(id, this.clock.now()))) throw new RuleNotFoundError(id);
    await this.reload();
    this.changedListeners.forEach((listener) => listener(id));
    this.deletedListeners.forEach((listener) => listener(id));
    this.logger.info({ ruleId: id }, 'rule deleted');
  }
}
