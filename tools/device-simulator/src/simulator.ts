import { SimulatedDevice, type DeviceStats, type SimulatedDeviceOptions } from './simulated-device';

export interface SimulatorOptions extends Omit<SimulatedDeviceOptions, 'id' | 'secret'> {
  devices: Array<{ id: string; secret?: string }>;
  /** Connect this many devices at a time, so a large fleet does not stampede the broker. */
  connectConcurrency?: number;
}

export interface SimulatorTotals extends Omit<DeviceStats, 'connected' | 'relay' | 'relayResults' | 'badCommands'> {
  devices: number;
  connected: number;
}

/** A fleet of simulated meters. */
export class Simulator {
  readonly devices: SimulatedDevice[];

  constructor(private readonly options: SimulatorOptions) {
    this.devices = options.devices.map(({ id, secret }) => new SimulatedDevice({ ...options, id, secret }));
  }

  async start(): Promise<void> {
    const concurrency = this.options.connectConcurrency ?? 50;
    for (let i = 0; i < this.devices.length; i += concurrency) {
      await Promise.all(this.devices.slice(i, i + concurrency).map((d) => d.start()));
    }
  }

  device(id: string): SimulatedDevice {
    const device = this.devices.find((d) => d.id === id);
    if (!device) throw new Error(`no simulated device ${id}`);
    return device;
  }

  totals(): SimulatorTotals {
    const totals: SimulatorTotals = { devices: this.devices.length, connected: 0, published: 0, resent: 0, acked: 0, pending: 0, dropped: 0 };
    for (const d of this.devices) {
      const s = d.stats();
      totals.connected += s.connected ? 1 : 0;
      totals.published += s.published;
      totals.resent += s.resent;
      totals.acked += s.acked;
      totals.pending += s.pending;
      totals.dropped += s.dropped;
    }
    return totals;
  }

  async stop(graceful = true): Promise<void> {
    await Promise.all(this.devices.map((d) => d.stop(graceful)));
  }
}
