import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import type { Rule, RuleInput } from '../api/api-types';
import { ApiClient, errorMessage } from '../api/api-client';
import { DevicesStore } from '../shared/devices-store';
import { formatNumber } from '../ui/format';
import { RuleForm } from './rule-form';
import { kindInfo } from './rule-kinds';

/** The alert rules, and the form to create or change one. */
@Component({
  selector: 'em-rules-page',
  imports: [RuleForm],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './rules-page.html',
  styleUrl: './rules-page.css',
})
export class RulesPage {
  private readonly api = inject(ApiClient);
  protected readonly devices = inject(DevicesStore);

  readonly rules = signal<Rule[]>([]);
  readonly loading = signal(true);
  readonly error = signal<string | null>(null);
  /** null: no form; 'new': creating; a rule: editing it. */
  readonly editing = signal<Rule | 'new' | null>(null);
  readonly saving = signal(false);
  readonly formError = signal<string | null>(null);

  constructor() {
    void this.load();
  }

  async load(): Promise<void> {
    try {
      this.rules.set(await this.api.rules());
      this.error.set(null);
    } catch (err) {
      this.error.set(errorMessage(err));
    } finally {
      this.loading.set(false);
    }
  }

  edit(rule: Rule | 'new'): void {
    this.formError.set(null);
    this.editing.set(rule);
  }

  async save(input: RuleInput): Promise<void> {
    const target = this.editing();
    this.saving.set(true);
    this.formError.set(null);
    try {
      if (target && target !== 'new') await this.api.updateRule(target.id, input);
      else await this.api.createRule(input);
      this.editing.set(null);
      await this.load();
    } catch (err) {
      this.formError.set(errorMessage(err));
    } finally {
      this.saving.set(false);
    }
  }

  async remove(rule: Rule): Promise<void> {
    if (!confirm(`Delete the rule “${rule.name}”?`)) return;
    try {
      await this.api.deleteRule(rule.id);
      await this.load();
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }

  protected editingRule(): Rule | null {
    const e = this.editing();
    return e && e !== 'new' ? e : null;
  }

  protected describe(r: Rule): string {
    const info = kindInfo(r.kind);
    const v = (x: number | null) => (x === null ? '' : `${formatNumber(x, 2, 0)} ${info.unit}`);
    const condition = r.kind === 'voltage_outside' ? `outside ${v(r.thresholdLow)} – ${v(r.threshold)}` : `${info.label.toLowerCase()} ${v(r.threshold)}`;
    const hold = r.holdSeconds ? ` for ${r.holdSeconds} s` : '';
    const clear = r.clearThreshold !== null ? `, clears at ${v(r.clearThreshold)}` : '';
    return `${condition}${hold}${clear}`;
  }

  protected deviceName(id: string | null): string {
    return id ? (this.devices.byId(id)?.name ?? id) : 'All devices';
  }
}
