import { z } from 'zod';
import { DEVICE_ID_PATTERN } from './topics';

/** Kinds of alert rule the alert service evaluates. */
export const RuleKind = {
  powerAbove: 'power_above',
  powerBelow: 'power_below',
  voltageOutside: 'voltage_outside',
  currentAbove: 'current_above',
  offline: 'offline',
  dailyEnergyAbove: 'daily_energy_above',
  /** A finding of the analytics service (energy/{id}/finding): consumption far from usual for this time of week, a base-load rise, a long run, stuck or implausible readings. */
  unusualConsumption: 'unusual_consumption',
} as const;
export type RuleKind = (typeof RuleKind)[keyof typeof RuleKind];

export type AlertSeverity = 'info' | 'warning' | 'critical';
export type AlertState = 'active' | 'acknowledged' | 'cleared';
export type LoadShedState = 'requested' | 'confirmed' | 'failed' | 'expired' | 'restored';

/** `energy/{deviceId}/alert`: one alert transition; the latest is retained per device. */
export interface AlertEvent {
  alert_id: number;
  device_id: string;
  rule_id: number;
  kind: RuleKind;
  severity: AlertSeverity;
  state: AlertState;
  /** The measured value that raised or cleared the alert, in the rule's unit. */
  value: number | null;
  threshold: number | null;
  message: string;
  /** UTC milliseconds. */
  ts: number;
  /**
   * For load-shedding rules: requested, confirmed (the device reported the relay off), failed (never
   * confirmed before the command expired), expired (the device refused it as too late), restored (switched back on).
   */
  load_shed?: LoadShedState;
}

/** Phone numbers in international format, as CallMeBot wants them: `+` then 7 to 15 digits. */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

const finiteNumber = (field: string) =>
  z.number({ error: `${field} must be a number` }).refine(Number.isFinite, { message: `${field} must be finite` });

/**
 * An alert rule as the gateway sends it to the alert service (`servicePatterns.alertRulesCreate`)
 * and as docs/api.md shows it. Units follow the kind: W for power, V for voltage, A for current,
 * seconds of silence for `offline`, Wh for `daily_energy_above`. For `unusual_consumption` the threshold
 * is the sensitivity: how far from usual a finding must be, as a factor (observed ÷ usual, or usual ÷
 * observed when below; 1 = every finding), and the hold is how long the finding must have lasted.
 */
export const alertRuleInputSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'name is required').max(128),
    /** null: every device. */
    deviceId: z.string().regex(DEVICE_ID_PATTERN, 'deviceId must be a device id such as kitchen-1').nullable().default(null),
    kind: z.enum(['power_above', 'power_below', 'voltage_outside', 'current_above', 'offline', 'daily_energy_above', 'unusual_consumption']),
    /** The limit; for voltage_outside the upper bound of the band. */
    threshold: finiteNumber('threshold').refine((v) => v >= 0, { message: 'threshold must be at least 0' }),
    /** voltage_outside only: the lower bound of the band. */
    thresholdLow: finiteNumber('thresholdLow').nullable().default(null),
    /** Where the alert clears (hysteresis). null: 90 % of the limit for "above" kinds, 110 % for power_below, 2 % inside the band for voltage. */
    clearThreshold: finiteNumber('clearThreshold').nullable().default(null),
    /** voltage_outside only: where an under-voltage alert clears. */
    clearThresholdLow: finiteNumber('clearThresholdLow').nullable().default(null),
    /** The condition must stay true this long before the alert is raised (Tasmota's MaxPowerHold). */
    holdSeconds: z.number().int().min(0).max(86_400).default(10),
    /** Reminder interval while the alert stays active and unacknowledged; 0 = no reminders. */
    repeatMinutes: z.number().int().min(0).max(10_080).default(0),
    severity: z.enum(['info', 'warning', 'critical']).default('warning'),
    /** Phone numbers in international format; empty: the service's default recipient. */
    recipients: z.array(z.string().regex(E164_PATTERN, 'recipients must be phone numbers in international format such as +4915112345678')).max(10).default([]),
    /** power_above and current_above only: switch the relay off when the alert is raised. */
    shedLoad: z.boolean().default(false),
    /** After a confirmed cut, switch the relay back on after this many seconds (Tasmota's MaxPowerWindow); null = stay off. */
    shedWindowSeconds: z.number().int().min(1).max(86_400).nullable().default(null),
    enabled: z.boolean().default(true),
  })
  .superRefine((rule, ctx) => {
    if (rule.kind === 'voltage_outside') {
      if (rule.thresholdLow === null) ctx.addIssue({ code: 'custom', path: ['thresholdLow'], message: 'thresholdLow is required for voltage_outside' });
      else if (rule.thresholdLow >= rule.threshold) ctx.addIssue({ code: 'custom', path: ['thresholdLow'], message: 'thresholdLow must be below threshold' });
    } else if (rule.thresholdLow !== null || rule.clearThresholdLow !== null) {
      ctx.addIssue({ code: 'custom', path: ['thresholdLow'], message: 'thresholdLow and clearThresholdLow apply to voltage_outside only' });
    }
    if (rule.shedLoad && rule.kind !== 'power_above' && rule.kind !== 'current_above') {
      ctx.addIssue({ code: 'custom', path: ['shedLoad'], message: 'shedLoad applies to power_above and current_above only' });
    }
    if (rule.kind === 'offline' && rule.threshold < 1) ctx.addIssue({ code: 'custom', path: ['threshold'], message: 'threshold (seconds without a reading) must be at least 1 for offline' });
    if (rule.kind === 'unusual_consumption' && rule.threshold < 1) ctx.addIssue({ code: 'custom', path: ['threshold'], message: 'threshold (how many times usual, or a fraction of it) must be at least 1 for unusual_consumption' });
    if (rule.kind === 'unusual_consumption' && rule.clearThreshold !== null) ctx.addIssue({ code: 'custom', path: ['clearThreshold'], message: 'clearThreshold does not apply to unusual_consumption: it clears when the finding has ended' });
    const c = rule.clearThreshold;
    if (c !== null && (rule.kind === 'power_above' || rule.kind === 'current_above' || rule.kind === 'daily_energy_above' || rule.kind === 'voltage_outside') && c >= rule.threshold) {
      ctx.addIssue({ code: 'custom', path: ['clearThreshold'], message: 'clearThreshold must be below threshold' });
    }
    if (c !== null && rule.kind === 'power_below' && c <= rule.threshold) ctx.addIssue({ code: 'custom', path: ['clearThreshold'], message: 'clearThreshold must be above threshold' });
    if (rule.clearThresholdLow !== null && rule.thresholdLow !== null && rule.clearThresholdLow <= rule.thresholdLow) {
      ctx.addIssue({ code: 'custom', path: ['clearThresholdLow'], message: 'clearThresholdLow must be above thresholdLow' });
    }
  });
export type AlertRuleInput = z.input<typeof alertRuleInputSchema>;
export type AlertRuleSettings = z.output<typeof alertRuleInputSchema>;

/** A stored rule, as the alert service replies with it and the gateway lists it. */
export interface AlertRule extends AlertRuleSettings {
  id: number;
  createdAt: number;
  updatedAt: number;
}

/** A stored alert, as the acknowledge reply carries it (docs/api.md, without deliveries). */
export interface AlertRecord {
  id: number;
  deviceId: string;
  ruleId: number;
  kind: RuleKind;
  severity: AlertSeverity;
  state: AlertState;
  value: number | null;
  threshold: number | null;
  message: string;
  raisedAt: number;
  acknowledgedAt: number | null;
  clearedAt: number | null;
  loadShed: LoadShedState | null;
}

/** Payloads of the `servicePatterns` requests. */
export const alertRuleUpdateRequestSchema = z.strictObject({
  id: z.number().int().positive(),
  /** The fields to change; the stored rule with these applied is validated as a whole. */
  rule: z.record(z.string(), z.unknown()),
});
export type AlertRuleUpdateRequest = { id: number; rule: Partial<AlertRuleInput> };
export const alertRuleDeleteRequestSchema = z.strictObject({ id: z.number().int().positive() });
export type AlertRuleDeleteRequest = z.infer<typeof alertRuleDeleteRequestSchema>;
export const alertAcknowledgeRequestSchema = z.strictObject({ alertId: z.number().int().positive(), by: z.string().max(64).optional() });
export type AlertAcknowledgeRequest = z.infer<typeof alertAcknowledgeRequestSchema>;

/**
 * Every reply of the alert service's request handlers. `code` tells the gateway which HTTP status to
 * use: invalid -> 400, not_found -> 404, conflict -> 409.
 */
export type AlertServiceReply<T> = { ok: true; value: T } | { ok: false; code: 'invalid' | 'not_found' | 'conflict'; error: string };
