/**
 * Replicas split the devices through a shared subscription (`$share/{group}/energy/+/reading`), which
 * keeps each device on one replica while the group is stable. When a replica joins or leaves, some
 * devices move. The repository caches each device's last stored reading (energy deltas chain from
 * it), and that cache is right only if no other replica wrote the device since.
 *
 * A replica seeing a device for the first time has nothing cached: the repository loads the last
 * reading from the database. But a device can come BACK (a replica joins and takes it, then leaves
 * again), and then the cache is stale. The replica is not told when it loses a device, so it watches
 * the device's seq instead: seqs rise by one per reading, and a device that returns after another
 * replica stored some of its readings shows up with a seq beyond the next one expected. Such a jump
 * (also a reboot, or a lost message) drops the cached state before the device's next batch is
 * written, and the repository re-reads it from the database: one indexed query, only after a jump.
 */
export class DeviceHandover {
  private readonly highestSeq = new Map<string, number>();
  private readonly stale = new Set<string>();

  /** Records a reading; says whether the device is new here or came back after a jump in its seqs. */
  observe(deviceId: string, seq: number | null): 'new' | 'jump' | null {
    if (seq === null) return null; // legacy readings have no seq and no per-device order to keep
    const highest = this.highestSeq.get(deviceId);
    if (highest === undefined || seq > highest) this.highestSeq.set(deviceId, seq);
    if (highest === undefined) return 'new';
    if (seq > highest + 1) {
      this.stale.add(deviceId);
      return 'jump';
    }
    return null;
  }

  /** The devices of `batch` whose cached state must be dropped before the batch is written. */
  staleIn(batch: ReadonlyArray<{ deviceId: string }>): string[] {
    const found: string[] = [];
    for (const { deviceId } of batch) if (this.stale.delete(deviceId)) found.push(deviceId);
    return found;
  }
}
