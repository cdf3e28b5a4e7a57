import type { AlertRuleInput } from '@energy/contracts';

export interface PowerObservation {
  atMs: number;
  powerW: number;
}

/**
 * How many times a "power above" rule must fire for one device, given the readings it will see in
 * time order: the breach must hold for holdSeconds without a break, an open alert clears only on a
 * reading below the clear line, and a gap without readings (a power cut) neither breaks nor clears.
 * This mirrors the rule semantics documented for the alert service (hold timer per rule and device,
 * hysteresis), so a second alert for one kettle, or none, shows up as a mismatch.
 */
export function expectedPowerAlerts(observations: PowerObservation[], rule: AlertRuleInput): number {
  if (rule.kind !== 'power_above') throw new Error(`expected alerts are only modelled for power_above rules, not ${rule.kind}`);
  const threshold = rule.threshold;
  const clearBelow = rule.clearThreshold ?? threshold * 0.9;
  const holdMs = (rule.holdSeconds ?? 10) * 1000;
  let open = false;
  let breachSince: number | null = null;
  let fired = 0;
  for (const o of [...observations].sort((a, b) => a.atMs - b.atMs)) {
    const verdict = o.powerW > threshold ? 'breach' : o.powerW < clearBelow ? 'clear' : 'between';
    if (open) {
      if (verdict === 'clear') open = false;
      continue;
    }
    if (verdict !== 'breach') {
      breachSince = null;
      continue;
    }
    breachSince ??= o.atMs;
    if (o.atMs - breachSince >= holdMs) {
      fired++;
      open = true;
      breachSince = null;
    }
  }
  return fired;
}
