import type { Verdict } from '../rules/conditions';

/**
 * The hold timer per (rule, device): a breach must last `holdMs` without a break before the alert is
 * raised (Tasmota's MaxPowerHold), so an inrush spike never pages anyone. Any observation that is not
 * a breach restarts the timer. Whether an alert is already open is not tracked here: the alerts
 * service is the one source of truth for that, and it survives restarts.
 */
export class HoldTracker {
  private readonly breachSince = new Map<string, number>();

  /** True when this observation completes the hold and an alert should be raised. */
  observe(key: string, atMs: number, verdict: Verdict, holdMs: number): boolean {
    if (verdict !== 'breach') {
      this.breachSince.delete(key);
      return false;
    }
    const since = this.breachSince.get(key) ?? atMs;
    this.breachSince.set(key, since);
    if (atMs - since < holdMs) return false;
    this.breachSince.delete(key);
    return true;
  }

  /** How long the current breach has lasted, or null. */
  breachingFor(key: string, atMs: number): number | null {
    const since = this.breachSince.get(key);
    return since === undefined ? null : atMs - since;
  }

  reset(predicate: (key: string) => boolean = () => true): void {
    for (const key of [...this.breachSince.keys()]) if (predicate(key)) this.breachSince.delete(key);
  }
}

export const trackerKey = (ruleId: number, deviceId: string) => `${ruleId}:${deviceId}`;
