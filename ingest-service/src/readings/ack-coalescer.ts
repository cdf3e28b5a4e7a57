interface DeviceAck {
  /** When the last ack went to this device (performance.now() ms), or -Infinity. */
  lastSentMs: number;
  /** The ack waiting to go, if any: the latest the tracker decided (acks are cumulative). */
  pending: number | null;
}

/**
 * At most one ack per device per window. Acks are cumulative (`seq` covers everything up to it),
 * so while a device is being acked often (a burst, a re-sent backlog) only the latest one matters:
 * an ack goes out at once when the device had none in the last window, otherwise it waits until the
 * window since the previous one has passed, replaced by any later ack meanwhile. So a device never
 * waits longer than the window for an ack, and a run of 30 readings costs one or two acks, not one
 * per batch that held some of them.
 *
 * A held ack is an old decision, so it is dropped when the device may have changed its mind meanwhile:
 * a reading of the device at or below it arrives (a re-send, or a re-used seq after a reboot that lost
 * its seq reservation, issue 13), or, when it is due, the tracker no longer vouches for it
 * (`stillTrue`). Sent late, it could tell the device to forget readings nobody has kept; the commit
 * of that reading decides anew.
 */
export class AckCoalescer {
  private readonly devices = new Map<string, DeviceAck>();
  /** Devices with an ack waiting, in the order they started waiting. */
  private readonly waiting = new Set<string>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly windowMs: number,
    private readonly send: (deviceId: string, seq: number) => void,
    private readonly stillTrue: (deviceId: string, seq: number) => boolean = () => true,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.timer = setInterval(() => this.flushDue(), Math.max(10, Math.floor(windowMs / 10)));
    this.timer.unref();
  }

  /** An ack decided after a commit. */
  offer(deviceId: string, seq: number): void {
    let device = this.devices.get(deviceId);
    if (!device) {
      device = { lastSentMs: -Infinity, pending: null };
      this.devices.set(deviceId, device);
    }
    const now = this.now();
    if (now - device.lastSentMs >= this.windowMs) return this.sendNow(deviceId, device, seq, now);
    device.pending = seq;
    this.waiting.add(deviceId);
  }

  /** A reading of the device arrived: a held ack at or above its seq may no longer be true. */
  arrived(deviceId: string, seq: number): void {
    if (!this.waiting.has(deviceId)) return;
    const device = this.devices.get(deviceId)!;
    if (seq > device.pending!) return;
    device.pending = null;
    this.waiting.delete(deviceId);
  }

  /** Sends the acks whose window has passed. */
  flushDue(): void {
    const now = this.now();
    for (const deviceId of this.waiting) {
      const device = this.devices.get(deviceId)!;
      if (now - device.lastSentMs >= this.windowMs) this.sendHeld(deviceId, device, now);
    }
  }

  /** Sends every waiting ack now (shutdown: what was committed is acked before the connection closes). */
  flushAll(): void {
    const now = this.now();
    for (const deviceId of this.waiting) this.sendHeld(deviceId, this.devices.get(deviceId)!, now);
  }

  /** Acks waiting for their window. */
  get waitingCount(): number {
    return this.waiting.size;
  }

  close(): void {
    clearInterval(this.timer);
    this.flushAll();
  }

  private sendHeld(deviceId: string, device: DeviceAck, now: number): void {
    const seq = device.pending!;
    if (this.stillTrue(deviceId, seq)) return this.sendNow(deviceId, device, seq, now);
    device.pending = null;
    this.waiting.delete(deviceId);
  }

  private sendNow(deviceId: string, device: DeviceAck, seq: number, now: number): void {
    device.lastSentMs = now;
    device.pending = null;
    this.waiting.delete(deviceId);
    this.send(deviceId, seq);
  }
}
