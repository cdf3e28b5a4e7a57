import type { AlertRule, FindingMessage, Telemetry } from '@energy/contracts';

/**
 * What one observation means for one rule:
 * - breach: the alert condition holds (the hold timer runs);
 * - clear: an open alert may clear (past the hysteresis line);
 * - between: inside the hysteresis band, neither.
 */
export type Verdict = 'breach' | 'clear' | 'between';

export interface Condition {
  verdict: Verdict;
  /** The measured value in the rule's unit. */
  value: number | null;
  /** The limit that was crossed (for a voltage band, the bound on the side the value is). */
  threshold: number;
  /** unusual_consumption: the finding's sentence, which the message carries. */
  detail?: string;
}

/** Where an alert clears when the rule does not say (hysteresis). */
export function clearLines(rule: AlertRule): { high: number; low: number | null } {
  switch (rule.kind) {
    case 'power_below':
      return { high: rule.clearThreshold ?? rule.threshold * 1.1, low: null };
    case 'voltage_outside':
      return { high: rule.clearThreshold ?? rule.threshold * 0.98, low: rule.clearThresholdLow ?? (rule.thresholdLow ?? 0) * 1.02 };
    default:
      return { high: rule.clearThreshold ?? rule.threshold * 0.9, low: null };
  }
}

const above = (value: number, limit: number, clearBelow: number): Verdict => (value > limit ? 'breach' : value < clearBelow ? 'clear' : 'between');

/** Reading-driven kinds; offline and daily energy are checked on the service's tick. */
export function evaluateReading(rule: AlertRule, reading: Telemetry): Condition | null {
  const clear = clearLines(rule);
  switch (rule.kind) {
    case 'power_above':
      return { verdict: above(reading.power_w, rule.threshold, clear.high), value: reading.power_w, threshold: rule.threshold };
    case 'current_above':
      return { verdict: above(reading.current_a, rule.threshold, clear.high), value: reading.current_a, threshold: rule.threshold };
    case 'power_below': {
      const v = reading.power_w;
      return { verdict: v < rule.threshold ? 'breach' : v > clear.high ? 'clear' : 'between', value: v, threshold: rule.threshold };
    }
    case 'voltage_outside': {
      const v = reading.voltage_v;
      const low = rule.thresholdLow ?? 0;
      if (v > rule.threshold) return { verdict: 'breach', value: v, threshold: rule.threshold };
      if (v < low) return { verdict: 'breach', value: v, threshold: low };
      const inside = v < clear.high && v > (clear.low ?? low);
      return { verdict: inside ? 'clear' : 'between', value: v, threshold: v >= (rule.threshold + low) / 2 ? rule.threshold : low };
    }
    default:
      return null;
  }
}

/** Offline: breach after `threshold` seconds without a reading, or at once when the device's will says offline. */
export function evaluateSilence(rule: AlertRule, silenceMs: number, reportedOffline: boolean): Condition {
  const silenceS = silenceMs / 1000;
  return { verdict: reportedOffline || silenceS >= rule.threshold ? 'breach' : 'clear', value: Math.round(silenceS), threshold: rule.threshold };
}

/**
 * How far from usual a finding is, as a factor: observed ÷ usual above it, usual ÷ observed below
 * (a nothing where something is usual is infinitely far). A finding is never made of missing data:
 * the analytics service judges no window with an unknown hour (docs/analytics.md).
 */
export function departureFactor(finding: Pick<FindingMessage, 'observed' | 'usual'>): number {
  const { observed, usual } = finding;
  if (observed === usual) return 1;
  const [big, small] = observed > usual ? [observed, usual] : [usual, observed];
  return small <= 0 ? Number.POSITIVE_INFINITY : big / small;
}

/**
 * unusual_consumption: a breach when the finding is at least `threshold` times away from usual (the
 * sensitivity; 1 takes every finding) and has lasted `holdSeconds`. A finding never clears an alert:
 * the alert clears once findings stop growing (EvaluationService).
 */
export function evaluateFinding(rule: AlertRule, finding: FindingMessage): Condition {
  const factor = departureFactor(finding);
  const lasted = finding.end_ms - finding.start_ms >= rule.holdSeconds * 1000;
  return { verdict: factor >= rule.threshold && lasted ? 'breach' : 'between', value: Number.isFinite(factor) ? Math.round(factor * 100) / 100 : null, threshold: rule.threshold, detail: finding.sentence };
}

export function evaluateDailyEnergy(rule: AlertRule, energyTodayWh: number): Condition {
  return { verdict: above(energyTodayWh, rule.threshold, clearLines(rule).high), value: energyTodayWh, threshold: rule.threshold };
}
