// When the firmware starts its ADC conversions: the time between two voltage samples (one V+I
// pair) and from a voltage sample to the current sample after it. PHASE_CAL depends on exactly
// these, so the real binary's values are measured here rather than estimated. Pairs longer than
// pauseUs (the once-a-second report) are counted apart: the firmware leaves their cycle out.
export interface TimingSummary {
  mean: number;
  min: number;
  max: number;
}

export interface AdcTimingStats {
  /** Voltage-to-voltage intervals measured, pauses excluded. */
  pairs: number;
  pairPeriodUs: TimingSummary;
  iAfterVUs: TimingSummary;
  /** Intervals longer than pauseUs (the reports), and their length. */
  pauses: number;
  pauseUs: TimingSummary;
}

export class AdcTimingRecorder {
  private lastVoltageCycle: number | undefined;
  private readonly pair = new RunningStats();
  private readonly delay = new RunningStats();
  private readonly pause = new RunningStats();

  constructor(
    private readonly voltageChannel: number,
    private readonly currentChannel: number,
    private readonly cyclesPerUs: number,
    private readonly pauseUs = 1000,
  ) {}

  conversionStarted(channel: number, cycle: number): void {
    if (channel === this.voltageChannel) {
      if (this.lastVoltageCycle !== undefined) {
        const us = (cycle - this.lastVoltageCycle) / this.cyclesPerUs;
        (us > this.pauseUs ? this.pause : this.pair).add(us);
      }
      this.lastVoltageCycle = cycle;
    } else if (channel === this.currentChannel && this.lastVoltageCycle !== undefined) {
      this.delay.add((cycle - this.lastVoltageCycle) / this.cyclesPerUs);
    }
  }

  /** Forget what was seen (e.g. the start-up), keep measuring. */
  reset(): void {
    this.pair.reset();
    this.delay.reset();
    this.pause.reset();
  }

  stats(): AdcTimingStats {
    return {
      pairs: this.pair.count,
      pairPeriodUs: this.pair.summary(),
      iAfterVUs: this.delay.summary(),
      pauses: this.pause.count,
      pauseUs: this.pause.summary(),
    };
  }
}

class RunningStats {
  count = 0;
  private total = 0;
  private min = Infinity;
  private max = -Infinity;

  add(x: number): void {
    this.count++;
    this.total += x;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }
  reset(): void {
    this.count = 0;
    this.total = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }
  summary(): TimingSummary {
    return this.count === 0 ? { mean: NaN, min: NaN, max: NaN } : { mean: this.total / this.count, min: this.min, max: this.max };
  }
}
