import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators, type AbstractControl, type ValidationErrors, type ValidatorFn } from '@angular/forms';
import type { Device, Rule, RuleInput, RuleKind } from '../api/api-types';
import { RULE_KINDS, kindInfo } from './rule-kinds';

/** libs/contracts' E164_PATTERN (a runtime value; the dashboard imports only types from there). */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

export function parseRecipients(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const recipientsValidator: ValidatorFn = (c) => {
  const list = parseRecipients(String(c.value ?? ''));
  if (list.length > 10) return { recipients: 'At most 10 recipients.' };
  const bad = list.find((r) => !E164_PATTERN.test(r));
  return bad ? { recipients: `${bad} is not a phone number in international format such as +4915112345678.` } : null;
};

const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));

/** The cross-field rules of alertRuleInputSchema, so the form says what is wrong before sending. */
export const ruleValidator: ValidatorFn = (group: AbstractControl): ValidationErrors | null => {
  const v = group.value as Record<string, unknown>;
  const kind = v['kind'] as RuleKind;
  const threshold = num(v['threshold']);
  const low = num(v['thresholdLow']);
  const clear = num(v['clearThreshold']);
  const errors: Record<string, string> = {};
  if (threshold !== null) {
    if (kind === 'voltage_outside') {
      if (low === null) errors['thresholdLow'] = 'A lower limit is required for a voltage band.';
      else if (low >= threshold) errors['thresholdLow'] = 'The lower limit must be below the upper limit.';
    }
    if (kind === 'offline' && threshold < 1) errors['threshold'] = 'At least 1 second.';
    if (clear !== null) {
      if (kind === 'power_below' && clear <= threshold) errors['clearThreshold'] = 'Must be above the minimum, so the alert clears once power is back.';
      if (kind !== 'power_below' && kind !== 'offline' && clear >= threshold) errors['clearThreshold'] = 'Must be below the limit, so the alert does not flap.';
    }
  }
  if (v['shedLoad'] && !kindInfo(kind).canShedLoad) errors['shedLoad'] = 'Load shedding applies to power and current limits only.';
  return Object.keys(errors).length ? { rule: errors } : null;
};

/** Create or edit an alert rule: thresholds, hold time, hysteresis, recipients, load shedding. */
@Component({
  selector: 'em-rule-form',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './rule-form.html',
  styleUrl: './rule-form.css',
})
export class RuleForm {
  readonly rule = input<Rule | null>(null);
  readonly devices = input<readonly Device[]>([]);
  readonly busy = input(false);
  readonly serverError = input<string | null>(null);
  readonly save = output<RuleInput>();
  readonly cancel = output<void>();

  protected readonly kinds = RULE_KINDS;
  protected readonly submitted = signal(false);

  protected readonly form = inject(FormBuilder).group(
    {
      name: ['', [Validators.required, Validators.maxLength(128)]],
      deviceId: [''],
      kind: ['power_above' as RuleKind, Validators.required],
      threshold: [500 as number | null, [Validators.required, Validators.min(0)]],
      thresholdLow: [null as number | null],
      clearThreshold: [null as number | null, [Validators.min(0)]],
      holdSeconds: [10 as number | null, [Validators.required, Validators.min(0), Validators.max(86_400), Validators.pattern(/^\d+$/)]],
      repeatMinutes: [0 as number | null, [Validators.required, Validators.min(0), Validators.max(10_080), Validators.pattern(/^\d+$/)]],
      severity: ['warning' as 'info' | 'warning' | 'critical'],
      recipients: ['', recipientsValidator],
      shedLoad: [false],
      shedWindowSeconds: [null as number | null, [Validators.min(1), Validators.max(86_400)]],
      enabled: [true],
    },
    { validators: ruleValidator },
  );

  private readonly value = toSignal(this.form.valueChanges, { initialValue: this.form.value });
  protected readonly kind = computed(() => kindInfo((this.value().kind ?? 'power_above') as RuleKind));
  protected readonly isVoltage = computed(() => this.kind().kind === 'voltage_outside');
  protected readonly shedLoad = computed(() => !!this.value().shedLoad);

  constructor() {
    effect(() => {
      const r = this.rule();
      this.submitted.set(false);
      if (!r) {
        this.form.reset({ name: '', deviceId: '', kind: 'power_above', threshold: 500, thresholdLow: null, clearThreshold: null, holdSeconds: 10, repeatMinutes: 0, severity: 'warning', recipients: '', shedLoad: false, shedWindowSeconds: null, enabled: true });
        return;
      }
      this.form.reset({
        name: r.name,
        deviceId: r.deviceId ?? '',
        kind: r.kind,
        threshold: r.threshold,
        thresholdLow: r.thresholdLow,
        clearThreshold: r.clearThreshold,
        holdSeconds: r.holdSeconds,
        repeatMinutes: r.repeatMinutes,
        severity: r.severity,
        recipients: r.recipients.join(', '),
        shedLoad: r.shedLoad,
        shedWindowSeconds: r.shedWindowSeconds,
        enabled: r.enabled,
      });
    });
  }

  /** The message for a field, once the user touched it or tried to save. */
  protected problem(field: string): string | null {
    const c = this.form.get(field);
    if (!c) return null;
    if (!(c.touched || this.submitted())) return null;
    const cross = (this.form.errors?.['rule'] as Record<string, string> | undefined)?.[field];
    if (cross) return cross;
    const e = c.errors;
    if (!e) return null;
    if (e['required']) return 'Required.';
    if (e['min']) return `At least ${e['min'].min}.`;
    if (e['max']) return `At most ${e['max'].max}.`;
    if (e['pattern']) return 'A whole number.';
    if (e['maxlength']) return `At most ${e['maxlength'].requiredLength} characters.`;
    if (e['recipients']) return e['recipients'] as string;
    return 'Invalid.';
  }

  submit(): void {
    this.submitted.set(true);
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    const v = this.form.getRawValue();
    const kind = v.kind as RuleKind;
    const canShed = kindInfo(kind).canShedLoad;
    this.save.emit({
      name: (v.name ?? '').trim(),
      deviceId: v.deviceId || null,
      kind,
      threshold: Number(v.threshold),
      thresholdLow: kind === 'voltage_outside' ? num(v.thresholdLow) : null,
      clearThreshold: num(v.clearThreshold),
      clearThresholdLow: kind === 'voltage_outside' ? (this.rule()?.clearThresholdLow ?? null) : null,
      holdSeconds: Number(v.holdSeconds),
      repeatMinutes: Number(v.repeatMinutes),
      severity: v.severity ?? 'warning',
      recipients: parseRecipients(v.recipients ?? ''),
      shedLoad: canShed && !!v.shedLoad,
      shedWindowSeconds: canShed && v.shedLoad ? num(v.shedWindowSeconds) : null,
      enabled: !!v.enabled,
    });
  }
}
