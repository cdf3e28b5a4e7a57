/**
 * One serial queue per device: every event about a device (reading, status, tick, acknowledge) runs
 * after the previous one has finished, so two readings a millisecond apart can never both raise an
 * alert. Devices do not wait for each other.
 */
export class DeviceQueue {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly onError: (deviceId: string, err: unknown) => void) {}

  /** Queues `work`; the returned promise settles with it (a failure goes to the caller and never poisons the queue). */
  run<T>(deviceId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(deviceId) ?? Promise.resolve();
    const result = previous.then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(deviceId, tail);
    void tail.then(() => {
      if (this.tails.get(deviceId) === tail) this.tails.delete(deviceId);
    });
    return result;
  }

  /** Fire and forget: errors go to onError. */
  post(deviceId: string, work: () => Promise<unknown>): void {
    this.run(deviceId, work).catch((err: unknown) => this.onError(deviceId, err));
  }

  /** Resolves when everything queued so far has run. */
  async drain(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }

  get size(): number {
    return this.tails.size;
  }
}
