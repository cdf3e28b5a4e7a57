/**
 * Bounds how far a device's seqs may jump ahead (issue 16). The ack covers everything from a
 * reading's `oldest_seq` up, so one reading with `seq = oldest_seq = 4294967295` would move the ack to
 * the maximum: the device forgets every reading it holds, and its later seqs all lie below the one
 * stored. A legitimate device advances by one a reading and by at most a seq block (1,000) a reboot,
 * so a seq more than `maxJump` above the highest the device has sent is refused (`seq_jump`), never
 * kept and never acked. The first reading of a device after a start has nothing to be compared with.
 */
export class SeqJumpGuard {
  private readonly highest = new Map<string, number>();

  constructor(private readonly maxJump: number) {}

  /** Null if the seq may be taken (and it becomes the device's reference), or why not. */
  check(deviceId: string, seq: number): string | null {
    const highest = this.highest.get(deviceId);
    if (highest !== undefined && seq - highest > this.maxJump) {
      return `seq ${seq} jumps ${seq - highest} past the highest seq ${highest} of the device (at most ${this.maxJump}); is its seq counter corrupt?`;
    }
    if (highest === undefined || seq > highest) this.highest.set(deviceId, seq);
    return null;
  }
}
