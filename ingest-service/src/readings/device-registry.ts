import type { DevicesRepository } from '@energy/db';

/**
 * Which devices exist and are not revoked. Known devices answer from memory, so the hot path stays
 * synchronous and in order; an unknown id is looked up once, then remembered as unknown briefly.
 * Readings that arrive while their device is being looked up all wait for that one lookup, so they
 * go on in the order they came (a lookup each would let later readings overtake earlier ones).
 */
export class DeviceRegistry {
  private readonly known = new Set<string>();
  private readonly unknownUntil = new Map<string, number>();
  private readonly lookups = new Map<string, Promise<boolean>>();

  constructor(
    private readonly devices: Pick<DevicesRepository, 'find' | 'list'>,
    private readonly negativeTtlMs = 5_000,
  ) {}

  async refresh(): Promise<void> {
    const all = await this.devices.list();
    this.known.clear();
    for (const d of all) if (d.revokedMs === null) this.known.add(d.id);
  }

  isKnownNow(deviceId: string): boolean {
    return this.known.has(deviceId);
  }

  isKnown(deviceId: string, now = Date.now()): Promise<boolean> {
    if (this.known.has(deviceId)) return Promise.resolve(true);
    if ((this.unknownUntil.get(deviceId) ?? 0) > now) return Promise.resolve(false);
    let lookup = this.lookups.get(deviceId);
    if (!lookup) {
      lookup = this.lookUp(deviceId, now).finally(() => this.lookups.delete(deviceId));
      this.lookups.set(deviceId, lookup);
    }
    return lookup;
  }

  private async lookUp(deviceId: string, now: number): Promise<boolean> {
    const device = await this.devices.find(deviceId);
    if (device && device.revokedMs === null) {
      this.known.add(deviceId);
      this.unknownUntil.delete(deviceId);
      return true;
    }
    if (this.unknownUntil.size > 10_000) this.unknownUntil.clear();
    this.unknownUntil.set(deviceId, now + this.negativeTtlMs);
    return false;
  }
}
