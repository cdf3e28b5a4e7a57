/** Kinds of alert rule the alert service evaluates. */
export const RuleKind = {
  powerAbove: 'power_above',
  powerBelow: 'power_below',
  voltageOutside: 'voltage_outside',
  currentAbove: 'current_above',
  offline: 'offline',
  dailyEnergyAbove: 'daily_energy_above',
} as const;
export type RuleKind = (typeof RuleKind)[keyof typeof RuleKind];

export type AlertSeverity = 'info' | 'warning' | 'critical';
export type AlertState = 'active' | 'acknowledged' | 'cleared';

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
  /** For load-shedding rules: whether the device reported the relay off. */
  load_shed?: 'requested' | 'confirmed' | 'failed';
}
