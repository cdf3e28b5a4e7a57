import { Inject, Injectable } from '@nestjs/common';
import type { AlertRule } from '@energy/contracts';
import { ALERT_RULE_COLUMNS, toAlertRule as toRule, type AlertRuleRow as RuleRow, type Database } from '@energy/db';
import { DATABASE } from '@energy/service-kit/nest';

const COLUMNS = ALERT_RULE_COLUMNS;

/** Reads of alert_rules (the alert service writes them; deleted rules are soft-deleted and hidden). */
@Injectable()
export class RulesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async list(): Promise<AlertRule[]> {
    return (await this.db.query<RuleRow>(`SELECT ${COLUMNS} FROM alert_rules WHERE deleted_ms IS NULL ORDER BY id`)).map(toRule);
  }

  async find(id: number): Promise<AlertRule | null> {
    const [row] = await this.db.query<RuleRow>(`SELECT ${COLUMNS} FROM alert_rules WHERE id = ? AND deleted_ms IS NULL`, [id]);
    return row ? toRule(row) : null;
  }
}
