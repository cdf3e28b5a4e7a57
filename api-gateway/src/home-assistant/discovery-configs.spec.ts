import { discoveryConfigs } from './discovery-configs';
import { lifetimeKwh } from './state-publisher';

describe('Home Assistant discovery configs', () => {
  const messages = discoveryConfigs({ id: 'kitchen-1', name: 'Kitchen' }, { prefix: 'homeassistant', account: 'homeassistant', version: '0.1.0' });
  const byKey = new Map(messages.map((m) => [m.topic.split('/')[3], JSON.parse(m.payload) as Record<string, unknown>]));

  it('publishes the eight entities under <prefix>/<component>/sem_<id>/<key>/config with unique ids', () => {
    expect(messages.map((m) => m.topic)).toEqual([
      'homeassistant/sensor/sem_kitchen-1/power/config',
      'homeassistant/sensor/sem_kitchen-1/voltage/config',
      'homeassistant/sensor/sem_kitchen-1/current/config',
      'homeassistant/sensor/sem_kitchen-1/power_factor/config',
      'homeassistant/sensor/sem_kitchen-1/energy/config',
      'homeassistant/sensor/sem_kitchen-1/alert/config',
      'homeassistant/binary_sensor/sem_kitchen-1/connectivity/config',
      'homeassistant/switch/sem_kitchen-1/relay/config',
    ]);
    expect(new Set([...byKey.values()].map((c) => c.uniq_id)).size).toBe(8);
  });

  it('gives the energy entity what the Energy dashboard needs, from the backend total', () => {
    expect(byKey.get('energy')).toMatchObject({ dev_cla: 'energy', stat_cla: 'total_increasing', unit_of_meas: 'kWh', stat_t: 'energy/kitchen-1/state', val_tpl: '{{ value_json.energy_kwh }}' });
  });

  it('routes the relay switch through the alert service request topic, and reads the confirmed state', () => {
    expect(byKey.get('relay')).toMatchObject({ cmd_t: 'svc/relay/homeassistant/kitchen-1/set', stat_t: 'energy/kitchen-1/relay', pl_on: 'on', pl_off: 'off', stat_on: 'on', stat_off: 'off' });
  });

  it('keeps every config small: under 1 KiB, far below any broker default', () => {
    for (const m of messages) expect(Buffer.byteLength(m.payload)).toBeLessThan(1024);
  });
});

describe(lifetimeKwh.name, () => {
  it('rounds down to whole Wh, so noise a millionth of a Wh below a boundary does not step back', () => {
    expect(lifetimeKwh(1234.5678)).toBe(1.234);
    expect(lifetimeKwh(1234.9999999999)).toBe(1.235);
    expect(lifetimeKwh(-1)).toBe(0);
  });
});
