/**
 * How far the virtual clock may run at a given wall moment: `speed` virtual ms per wall ms from an
 * anchor. When the runner falls behind (the UNOs in avr8js are slower than the speed asked for) the
 * anchor moves up to where the runner is, so it never races to catch up afterwards.
 */
export class Pacer {
  private anchorWallMs: number;
  private anchorVirtualMs: number;

  constructor(
    private speedFactor: number,
    virtualNowMs: number,
    private readonly wallNowMs: () => number = () => performance.now(),
    /** How far behind the pace the runner may fall before the pace waits for it. */
    private readonly maxLagMs = 5_000,
  ) {
    if (!(speedFactor > 0)) throw new Error(`speed must be positive, got ${speedFactor}`);
    this.anchorWallMs = wallNowMs();
    this.anchorVirtualMs = virtualNowMs;
  }

  get speed(): number {
    return this.speedFactor;
  }

  /** The virtual time the pace allows now. */
  target(virtualNowMs: number): number {
    const paced = this.anchorVirtualMs + this.speedFactor * (this.wallNowMs() - this.anchorWallMs);
    if (paced - virtualNowMs <= this.maxLagMs) return paced;
    // Behind: the pace restarts at most maxLag ahead of the runner.
    this.anchorWallMs = this.wallNowMs();
    this.anchorVirtualMs = virtualNowMs + this.maxLagMs;
    return this.anchorVirtualMs;
  }

  /** Wall ms until the pace reaches `virtualMs` (0 if it already has). */
  wallMsUntil(virtualMs: number, virtualNowMs: number): number {
    const target = this.target(virtualNowMs);
    return virtualMs <= target ? 0 : (virtualMs - target) / this.speedFactor;
  }

  setSpeed(speedFactor: number, virtualNowMs: number): void {
    if (!(speedFactor > 0)) throw new Error(`speed must be positive, got ${speedFactor}`);
    this.speedFactor = speedFactor;
    this.reanchor(virtualNowMs);
  }

  /** After a jump of the clock (a power cut fast-forwarded), the pace continues from there. */
  reanchor(virtualNowMs: number): void {
    this.anchorWallMs = this.wallNowMs();
    this.anchorVirtualMs = virtualNowMs;
  }
}
