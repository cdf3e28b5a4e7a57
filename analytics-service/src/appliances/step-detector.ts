/** A change of steady power level: an appliance switching on (+) or off (−). */
export interface PowerStep {
  /** UTC ms of the first sample at the new level. */
  atMs: number;
  /** New level minus old level (W). */
  deltaW: number;
  fromW: number;
  toW: number;
}

export interface StepDetectorOptions {
  /** Steps smaller than this are noise, not an appliance (W). */
  minStepW: number;
  /** A sample belongs to the current level when within max(absoluteToleranceW, relativeTolerance × level). */
  absoluteToleranceW: number;
  relativeTolerance: number;
  /** A new level must hold this many samples before the step is reported (inrush spikes do not). */
  settleSamples: number;
}

export const DEFAULT_STEP_OPTIONS: StepDetectorOptions = { minStepW: 30, absoluteToleranceW: 20, relativeTolerance: 0.03, settleSamples: 5 };

/**
 * Steady-state segmentation (Hart's classic approach to load monitoring): power is read as a run of
 * steady levels, and each change of level is a step. O(1) per sample, so it runs on every device's
 * 1 Hz stream. A sample that leaves the current level opens a candidate level; once `settleSamples`
 * samples agree on it, the step is reported with the levels' means. Candidates that do not settle
 * (an inrush spike, a motor starting) are dropped.
 */
export class StepDetector {
  private levelSum = 0;
  private levelCount = 0;
  private candidate: Array<{ tMs: number; powerW: number }> = [];

  constructor(private readonly options: StepDetectorOptions = DEFAULT_STEP_OPTIONS) {}

  /** The current steady level (W), NaN before the first sample. */
  get levelW(): number {
    return this.levelCount > 0 ? this.levelSum / this.levelCount : Number.NaN;
  }

  /** Feeds one sample; returns the step it confirms, if any. A gap in the stream should call reset(). */
  push(tMs: number, powerW: number): PowerStep | null {
    if (!Number.isFinite(powerW)) return null;
    if (this.levelCount === 0) {
      this.levelSum = powerW;
      this.levelCount = 1;
      return null;
    }
    const level = this.levelW;
    if (Math.abs(powerW - level) <= this.tolerance(level)) {
      // Back at the level: whatever started was a transient.
      this.candidate = [];
      this.addToLevel(powerW);
      return null;
    }
    this.candidate.push({ tMs, powerW });
    const mean = this.candidate.reduce((s, c) => s + c.powerW, 0) / this.candidate.length;
    const tolerance = this.tolerance(mean);
    // Keep only the tail of the candidate that agrees with itself (an inrush peak falls off the front).
    while (this.candidate.length > 1 && Math.abs(this.candidate[0]!.powerW - this.candidateMean()) > tolerance) this.candidate.shift();
    if (this.candidate.length < this.options.settleSamples) return null;
    const toW = this.candidateMean();
    const step: PowerStep = { atMs: this.candidate[0]!.tMs, deltaW: toW - level, fromW: level, toW };
    this.levelSum = toW * this.candidate.length;
    this.levelCount = this.candidate.length;
    this.candidate = [];
    return Math.abs(step.deltaW) >= this.options.minStepW ? step : null;
  }

  reset(): void {
    this.levelSum = 0;
    this.levelCount = 0;
    this.candidate = [];
  }

  private candidateMean(): number {
    return this.candidate.reduce((s, c) => s + c.powerW, 0) / this.candidate.length;
  }

  private tolerance(levelW: number): number {
    return Math.max(this.options.absoluteToleranceW, this.options.relativeTolerance * Math.abs(levelW));
  }

  /** The level follows slow drift: after an hour of samples, older ones weigh less. */
  private addToLevel(powerW: number): void {
    if (this.levelCount >= 3600) {
      this.levelSum -= this.levelSum / this.levelCount;
      this.levelCount--;
    }
    this.levelSum += powerW;
    this.levelCount++;
  }
}
