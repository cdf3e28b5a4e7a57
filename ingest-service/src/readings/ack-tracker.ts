/**
 * Decides the ack for each device: the highest seq such that every reading the device may still hold
 * up to it is durably stored. The device says what it still holds (`oldest_seq`), so gaps from its
 * reboots or buffer overflows do not stall acks, while a reading lost on the wire does: it is still
 * held by the device, which re-sends it.
 */
export class AckTracker {
  private readonly devices = new Map<string, { ackedThrough: number; storedAbove: Set<number> }>();

  constructor(private readonly maxTrackedPerDevice = 100_000) {}

  /**
   * Records readings of one device as durably stored (newly or before). Returns the ack to publish,
   * or null when there is nothing to say. A re-stored reading at or below the ack re-sends the ack,
   * since the device evidently missed it.
   */
  onStored(deviceId: string, stored: ReadonlyArray<{ seq: number; oldestSeq?: number }>): number | null {
    if (stored.length === 0) return null;
    let state = this.devices.get(deviceId);
    const oldestHeld = Math.min(...stored.map((r) => r.oldestSeq ?? r.seq));
    if (!state) {
      state = { ackedThrough: oldestHeld - 1, storedAbove: new Set() };
      this.devices.set(deviceId, state);
    }
    const before = state.ackedThrough;
    // The device holds nothing below its oldest_seq, so nothing below it can still be missing.
    const newestClaim = Math.max(...stored.map((r) => (r.oldestSeq ?? -1) - 1));
    if (newestClaim > state.ackedThrough) state.ackedThrough = newestClaim;
    let resend = false;
    for (const { seq } of stored) {
      if (seq <= state.ackedThrough) resend = true;
      else state.storedAbove.add(seq);
    }
    while (state.storedAbove.delete(state.ackedThrough + 1)) state.ackedThrough++;
    for (const seq of state.storedAbove) if (seq <= state.ackedThrough) state.storedAbove.delete(seq);
    if (state.storedAbove.size > this.maxTrackedPerDevice) state.storedAbove.clear(); // a device that never fills its gap
    if (state.ackedThrough > before || resend) return state.ackedThrough >= 0 ? state.ackedThrough : null;
    return null;
  }

  /** The current ack of a device, if any. */
  ackedThrough(deviceId: string): number | undefined {
    return this.devices.get(deviceId)?.ackedThrough;
  }
}
