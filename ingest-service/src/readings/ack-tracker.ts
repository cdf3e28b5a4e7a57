interface DeviceAcks {
  /** The last ack published, if any. */
  acked: number | null;
  /**
   * Every seq up to here that the device may still hold was kept and acked, and nothing since says
   * the device holds another reading under it. -Infinity when nothing is vouched for.
   */
  trustedThrough: number;
  /** Seqs kept (stored, verified as already kept, or quarantined) above `trustedThrough`. */
  fresh: Set<number>;
  /** The device's latest `oldest_seq`: it holds nothing below it. */
  oldestHeld: number | undefined;
}

/** A reading of one device the ingest has durably kept. */
export interface KeptSeq {
  seq: number;
  /** A redelivery, verified to be the very reading kept before under this seq. */
  verified: boolean;
}

/**
 * Decides the ack for each device. An ack `n` tells the device it may forget every reading with a
 * seq up to `n`, so it is published only when every reading the device may still hold up to `n` was
 * kept: stored, verified to be the reading stored under its seq, or quarantined as a conflict.
 *
 * The device says what it still holds (`oldest_seq`), so gaps from its reboots or buffer overflows do
 * not stall acks, while a reading lost on the wire does: it is still held, and re-sent.
 *
 * Seqs acked before are vouched for from memory (a device re-sends what it holds when an ack was lost,
 * and that ack is said again at once) only while nothing shows that the device holds other readings
 * under them. A device whose seq reservation was lost re-uses seqs after a reboot (issue 13): its
 * claim goes back (`oldest_seq` lower than before), or a seq at or below our ack brings a reading we
 * had not kept (a conflict, or one filling an old gap). From then on its acked seqs count only when
 * they are kept again, one by one.
 */
export class AckTracker {
  private readonly devices = new Map<string, DeviceAcks>();

  constructor(private readonly maxTrackedPerDevice = 100_000) {}

  /** Notes what a device says it holds, as each reading arrives. */
  observeClaim(deviceId: string, oldestSeq: number | undefined): void {
    if (oldestSeq === undefined) return;
    const state = this.state(deviceId);
    if (state.oldestHeld !== undefined && oldestSeq < state.oldestHeld) this.distrust(state, oldestSeq);
    state.oldestHeld = oldestSeq;
  }

  /** Records readings of one device as kept. Returns the ack to publish, or null when there is nothing to say. */
  onKept(deviceId: string, kept: readonly KeptSeq[]): number | null {
    if (kept.length === 0) return null;
    const state = this.state(deviceId);
    // A device that sends no oldest_seq is taken to hold nothing below what it just sent.
    const from = state.oldestHeld ?? Math.min(...kept.map((k) => k.seq));
    for (const { seq, verified } of kept) {
      if (!verified && seq <= state.trustedThrough) this.distrust(state, Math.min(from, seq));
      state.fresh.add(seq);
    }
    for (const seq of state.fresh) if (seq < from) state.fresh.delete(seq); // no longer held: nothing to ack
    let top = Math.max(from - 1, state.trustedThrough);
    while (state.fresh.has(top + 1)) top++;
    if (state.fresh.size > this.maxTrackedPerDevice) state.fresh.clear(); // a device that never fills its gap
    if (top < from) return null;
    // A redelivery at or below our last ack: the device missed it; say it again.
    const redelivered = state.acked !== null && kept.some((k) => k.seq <= state.acked!);
    if (top === state.acked && !redelivered) return null;
    state.acked = top;
    state.trustedThrough = top;
    for (const seq of state.fresh) if (seq <= top) state.fresh.delete(seq);
    return top;
  }

  /**
   * Whether an ack `seq` decided earlier still holds: nothing since showed that the device holds
   * readings under those seqs that were not kept (an ack held back for coalescing is checked so).
   */
  vouchesFor(deviceId: string, seq: number): boolean {
    return seq <= (this.devices.get(deviceId)?.trustedThrough ?? -Infinity);
  }

  /** The last ack published to a device, if any. */
  ackedThrough(deviceId: string): number | undefined {
    return this.devices.get(deviceId)?.acked ?? undefined;
  }

  private state(deviceId: string): DeviceAcks {
    let state = this.devices.get(deviceId);
    if (!state) {
      state = { acked: null, trustedThrough: -Infinity, fresh: new Set(), oldestHeld: undefined };
      this.devices.set(deviceId, state);
    }
    return state;
  }

  /** The device may hold other readings from `fromSeq` on than the ones acked: they must be kept again. */
  private distrust(state: DeviceAcks, fromSeq: number): void {
    state.trustedThrough = Math.min(state.trustedThrough, fromSeq - 1);
  }
}
