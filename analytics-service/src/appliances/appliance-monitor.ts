import { StepPairer, type ApplianceEvent } from './appliance-events';
import { StepDetector, type PowerStep } from './step-detector';

/** A pause longer than this in a device's stream starts its level afresh (no step across a gap). */
const MAX_SAMPLE_GAP_MS = 10_000;

/**
 * One device's 1 Hz stream → steps → appliance runs, with a bounded history of runs for grouping
 * into signatures. Constant work per sample.
 */
export class ApplianceMonitor {
  private readonly detector = new StepDetector();
  private readonly pairer = new StepPairer();
  private lastMs = Number.NEGATIVE_INFINITY;
  readonly events: ApplianceEvent[] = [];

  constructor(private readonly keepEventsMs = 30 * 24 * 3_600_000) {}

  push(tMs: number, powerW: number): { step: PowerStep | null; event: ApplianceEvent | null } {
    if (tMs - this.lastMs > MAX_SAMPLE_GAP_MS) this.detector.reset();
    this.lastMs = tMs;
    const step = this.detector.push(tMs, powerW);
    const event = step ? this.pairer.push(step) : null;
    if (event) {
      this.events.push(event);
      while (this.events.length > 0 && tMs - this.events[0]!.startMs > this.keepEventsMs) this.events.shift();
    }
    return { step, event };
  }
}
