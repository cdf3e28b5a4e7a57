import type { PowerStep } from './step-detector';

/** A step that really happened (from a simulator that knows its appliances). */
export interface TrueStep {
  atMs: number;
  deltaW: number;
  appliance: string;
}

export interface StepScore {
  truth: number;
  detected: number;
  matched: number;
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Event-level F1 for steps of at least `minStepW`: a detected step matches a true one of the same
 * sign within `toleranceMs` whose size it gets within max(30 W, 20 %); each true step matches once.
 */
export function scoreSteps(truth: readonly TrueStep[], detected: readonly PowerStep[], minStepW = 100, toleranceMs = 5_000): StepScore {
  const trueSteps = truth.filter((t) => Math.abs(t.deltaW) >= minStepW);
  const found = detected.filter((d) => Math.abs(d.deltaW) >= minStepW);
  const used = new Set<number>();
  let matched = 0;
  for (const d of found) {
    const i = trueSteps.findIndex(
      (t, k) => !used.has(k) && Math.sign(t.deltaW) === Math.sign(d.deltaW) && Math.abs(t.atMs - d.atMs) <= toleranceMs && Math.abs(t.deltaW - d.deltaW) <= Math.max(30, 0.2 * Math.abs(t.deltaW)),
    );
    if (i >= 0) {
      used.add(i);
      matched++;
    }
  }
  const precision = found.length > 0 ? matched / found.length : 1;
  const recall = trueSteps.length > 0 ? matched / trueSteps.length : 1;
  return { truth: trueSteps.length, detected: found.length, matched, precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
}
