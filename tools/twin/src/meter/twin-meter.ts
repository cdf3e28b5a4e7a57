import type { LineListener, MeterSim } from '@energy/uno-sim';

/**
 * The runner's view of a UNO stand-in: asynchronous, so several avr8js UNOs can run at once in
 * worker threads while the runner waits for all of them. `powered` is known at once.
 */
export interface TwinMeter {
  readonly powered: boolean;
  runUntil(virtualMs: number): Promise<void>;
  powerCut(): Promise<void>;
  powerOn(virtualMs: number): Promise<void>;
  onLine(cb: LineListener): void;
  dispose(): Promise<void>;
}

/** A stand-in that runs in this thread (the host meter, whose process does the work). */
export class InlineMeter implements TwinMeter {
  constructor(private readonly sim: MeterSim & { dispose?: () => void }) {}

  get powered(): boolean {
    return this.sim.powered;
  }

  async runUntil(virtualMs: number): Promise<void> {
    this.sim.runUntil(virtualMs);
  }

  async powerCut(): Promise<void> {
    this.sim.powerCut();
  }

  async powerOn(virtualMs: number): Promise<void> {
    this.sim.powerOn(virtualMs);
  }

  onLine(cb: LineListener): void {
    this.sim.onLine(cb);
  }

  async dispose(): Promise<void> {
    this.sim.dispose?.();
  }
}
