import type { PowerStep } from './step-detector';

/** One appliance run: an on-step paired with the off-step of about the same size. */
export interface ApplianceEvent {
  startMs: number;
  durationMs: number;
  powerW: number;
}

export interface PairingOptions {
  /** An off-step pairs with an on-step when their sizes differ by at most max(absoluteW, relative × size). */
  absoluteW: number;
  relative: number;
  /** On-steps left open longer than this are dropped (their off-step was missed). */
  maxDurationMs: number;
}

export const DEFAULT_PAIRING_OPTIONS: PairingOptions = { absoluteW: 30, relative: 0.2, maxDurationMs: 24 * 3_600_000 };

/**
 * Pairs on- and off-steps into appliance runs. An off-step closes the most recent open on-step of
 * about its size (the last thing switched on is the likeliest to go off first among equals).
 */
export class StepPairer {
  private readonly open: PowerStep[] = [];

  constructor(private readonly options: PairingOptions = DEFAULT_PAIRING_OPTIONS) {}

  push(step: PowerStep): ApplianceEvent | null {
    while (this.open.length > 0 && step.atMs - this.open[0]!.atMs > this.options.maxDurationMs) this.open.shift();
    if (step.deltaW > 0) {
      this.open.push(step);
      return null;
    }
    const size = -step.deltaW;
    for (let i = this.open.length - 1; i >= 0; i--) {
      const on = this.open[i]!;
      if (Math.abs(on.deltaW - size) <= Math.max(this.options.absoluteW, this.options.relative * on.deltaW)) {
        this.open.splice(i, 1);
        return { startMs: on.atMs, durationMs: step.atMs - on.atMs, powerW: (on.deltaW + size) / 2 };
      }
    }
    return null;
  }
}
