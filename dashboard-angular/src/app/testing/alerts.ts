import type { Alert } from '../api/api-types';

export const alert = (id: number, extra: Partial<Alert> = {}): Alert => ({
  id,
  deviceId: 'heater-1',
  ruleId: 1,
  kind: 'power_above',
  severity: 'critical',
  state: 'active',
  value: 2600,
  threshold: 2000,
  message: 'Power Alert! 2600 W',
  raisedAt: 1_000,
  acknowledgedAt: null,
  clearedAt: null,
  loadShed: null,
  deliveries: [],
  ...extra,
});
