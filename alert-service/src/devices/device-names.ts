import { Inject, Injectable } from '@nestjs/common';
import { DevicesRepository, type Database } from '@energy/db';
import { CLOCK, DATABASE } from '@energy/service-kit/nest';
import type { Clock } from '@energy/service-kit';

const TTL_MS = 60_000;

/** Device display names for messages, from the shared devices table (read only), cached briefly. */
@Injectable()
export class DeviceNames {
  private readonly devices: DevicesRepository;
  private readonly cache = new Map<string, { name: string; at: number }>();

  constructor(@Inject(DATABASE) db: Database, @Inject(CLOCK) private readonly clock: Clock) {
    this.devices = new DevicesRepository(db);
  }

  async nameOf(deviceId: string): Promise<string> {
    const cached = this.cache.get(deviceId);
    if (cached && this.clock.now() - cached.at < TTL_MS) return cached.name;
    const record = await this.devices.find(deviceId).catch(() => null);
    const name = record?.name ?? deviceId;
    this.cache.set(deviceId, { name, at: this.clock.now() });
    return name;
  }

  async knownDeviceIds(): Promise<string[]> {
    return (await this.devices.list()).filter((d) => d.revokedMs === null).map((d) => d.id);
  }
}
