import type { RuleKind } from '../api/api-types';

export interface RuleKindInfo {
  kind: RuleKind;
  label: string;
  /** Unit of threshold and clearThreshold. */
  unit: string;
  thresholdLabel: string;
  canShedLoad: boolean;
}

/** How each kind of libs/contracts' RuleKind is described and what unit its threshold is in. */
export const RULE_KINDS: readonly RuleKindInfo[] = [
  { kind: 'power_above', label: 'Power above', unit: 'W', thresholdLabel: 'Limit', canShedLoad: true },
  { kind: 'power_below', label: 'Power below', unit: 'W', thresholdLabel: 'Minimum', canShedLoad: false },
  { kind: 'voltage_outside', label: 'Voltage outside a band', unit: 'V', thresholdLabel: 'Upper limit', canShedLoad: false },
  { kind: 'current_above', label: 'Current above', unit: 'A', thresholdLabel: 'Limit', canShedLoad: true },
  { kind: 'offline', label: 'Device silent (offline)', unit: 's', thresholdLabel: 'Silence longer than', canShedLoad: false },
  { kind: 'daily_energy_above', label: 'Daily energy above', unit: 'Wh', thresholdLabel: 'Limit per day', canShedLoad: false },
  { kind: 'unusual_consumption', label: 'Unusual consumption (analytics)', unit: '× usual', thresholdLabel: 'Sensitivity: at least this far from usual', canShedLoad: false },
];

export function kindInfo(kind: RuleKind): RuleKindInfo {
  return RULE_KINDS.find((k) => k.kind === kind) ?? RULE_KINDS[0];
}
