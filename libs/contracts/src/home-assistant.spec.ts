import { deviceStateSchema, haTopics, parseHaConfigTopic } from './home-assistant';

describe('home-assistant contracts', () => {
  it('builds config topics HA accepts: <prefix>/<component>/<node_id>/<object_id>/config, every level [a-zA-Z0-9_-]', () => {
    const topic = haTopics.config('homeassistant', 'sensor', 'kitchen-1', 'energy');
    expect(topic).toBe('homeassistant/sensor/sem_kitchen-1/energy/config');
    expect(topic.split('/').slice(1, 4).every((level) => /^[a-zA-Z0-9_-]+$/.test(level))).toBe(true);
  });

  it.each([
    ['homeassistant/sensor/sem_kitchen-1/energy/config', { component: 'sensor', deviceId: 'kitchen-1', key: 'energy' }],
    ['homeassistant/switch/sem_a/relay/config', { component: 'switch', deviceId: 'a', key: 'relay' }],
    ['homeassistant/sensor/tasmota_1/energy/config', null],
    ['homeassistant/sensor/sem_Kitchen/energy/config', null],
    ['homeassistant/sensor/sem_a/energy/state', null],
    ['other/sensor/sem_a/energy/config', null],
    ['homeassistant/sensor/energy/config', null],
  ])('parses %s as one of our configs or not', (topic, expected) => {
    expect(parseHaConfigTopic('homeassistant', topic)).toEqual(expected);
  });

  it('refuses a state without lifetime energy or with a negative one', () => {
    const state = { ts: 1, power_w: 10, voltage_v: 230, current_a: 0.1, power_factor: null, energy_kwh: 1.5, alert: 'none' };
    expect(deviceStateSchema.safeParse(state).success).toBe(true);
    expect(deviceStateSchema.safeParse({ ...state, energy_kwh: -1 }).success).toBe(false);
    expect(deviceStateSchema.safeParse({ ...state, energy_kwh: undefined }).success).toBe(false);
  });
});
