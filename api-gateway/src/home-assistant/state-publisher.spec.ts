import type { Telemetry } from '@energy/contracts';
import type { Logger } from '@energy/service-kit';
import type { HomeAssistantConnection } from './home-assistant.connection';
import type { HomeAssistantRepository } from './home-assistant.repository';
import { StatePublisher } from './state-publisher';

/** The publisher's own rules, with the database and the broker replaced by in-memory stand-ins. */
describe(StatePublisher.name, () => {
  let lifetimeWh: Map<string, number>;
  let published: Array<{ topic: string; payload: string }>;
  let publisher: StatePublisher;
  const reading = (deviceId: string, ts: number, powerW: number): Telemetry => ({
    device_id: deviceId,
    seq: ts,
    ts,
    ts_source: 'device',
    voltage_v: 230.123,
    current_a: powerW / 230,
    power_w: powerW,
    power_kind: 'real',
    apparent_power_va: powerW,
    power_factor: 0.98765,
    energy_wh: 5,
  });
  const last = (deviceId: string) => JSON.parse([...published].reverse().find((p) => p.topic === `energy/${deviceId}/state`)!.payload) as Record<string, unknown>;

  beforeEach(() => {
    lifetimeWh = new Map([['kitchen-1', 1234.9]]);
    published = [];
    const repository = {
      lifetimeWh: async (ids: readonly string[]) => new Map(ids.map((id) => [id, lifetimeWh.get(id) ?? 0])),
      alertStates: async (ids: readonly string[]) => new Map(ids.map((id) => [id, 'none' as const])),
    } as unknown as HomeAssistantRepository;
    const connection = {
      connected: true,
      publishRetained: async (topic: string, payload: string) => void published.push({ topic, payload }),
    } as unknown as HomeAssistantConnection;
    const logger = { warn: () => undefined, info: () => undefined } as unknown as Logger;
    publisher = new StatePublisher(repository, connection, 60_000, logger, () => 1_000);
  });

  it('publishes the latest reading, rounded, with the lifetime energy in whole Wh', async () => {
    publisher.onReading(reading('kitchen-1', 2_000, 318.24));
    publisher.onReading(reading('kitchen-1', 1_500, 999)); // older: ignored
    expect(await publisher.flush()).toBe(1);
    expect(last('kitchen-1')).toEqual({ ts: 2_000, power_w: 318.2, voltage_v: 230.12, current_a: 1.384, power_factor: 0.988, energy_kwh: 1.234, alert: 'none' });
  });

  it('never publishes less energy than it published before, nor than it found retained from an earlier run', async () => {
    publisher.observe('energy/kitchen-1/state', Buffer.from(JSON.stringify({ ts: 1, power_w: null, voltage_v: null, current_a: null, power_factor: null, energy_kwh: 2.5, alert: 'none' })));
    publisher.markDirty('kitchen-1');
    await publisher.flush();
    expect(last('kitchen-1').energy_kwh).toBe(2.5); // the database says 1.234 (a restored backup, say): the floor holds
    lifetimeWh.set('kitchen-1', 2600);
    publisher.markDirty('kitchen-1');
    await publisher.flush();
    expect(last('kitchen-1').energy_kwh).toBe(2.6);
    lifetimeWh.set('kitchen-1', 2599.9999999); // floating-point noise below
    publisher.markDirty('kitchen-1');
    await publisher.flush();
    expect(last('kitchen-1').energy_kwh).toBe(2.6);
  });

  it('clears a removed device and publishes it no more until it is active again', async () => {
    await publisher.remove('kitchen-1');
    expect(published.at(-1)).toEqual({ topic: 'energy/kitchen-1/state', payload: '' });
    publisher.onReading(reading('kitchen-1', 3_000, 100));
    publisher.markDirty('kitchen-1');
    expect(await publisher.flush()).toBe(0);
    publisher.activate('kitchen-1');
    expect(await publisher.flush()).toBe(1);
  });
});
