import { HA_ALERT_STATES, HA_NODE_PREFIX, haTopics, relayRequestTopic, topics, type HaComponent, type HaEntityKey } from '@energy/contracts';

/** What the configs say about us (HA's `origin` block) and which integration account switches relays. */
export interface DiscoveryContext {
  prefix: string;
  /** The integration account Home Assistant logs in with (HA_ACCOUNT). */
  account: string;
  /** Our software version, for the origin block. */
  version: string;
}

export interface DiscoveryDevice {
  id: string;
  name: string;
}

export interface DiscoveryMessage {
  topic: string;
  /** Compact JSON with Home Assistant's abbreviated keys. */
  payload: string;
}

export const ORIGIN_NAME = 'Smart Energy Monitor';
export const DEVICE_MODEL = 'Energy meter';

type Entity = { component: HaComponent; key: HaEntityKey; config: Record<string, unknown> };

/**
 * One retained config per entity (HA's `<prefix>/<component>/<node_id>/<object_id>/config`), each with
 * HA's abbreviated keys so it stays well under any broker's payload limit. The rules followed, from HA's
 * MQTT integration and sensor documentation:
 *  - a unique id per entity (`uniq_id`), the same device block (`dev.ids`) on every entity of a meter;
 *  - units per device class: power W, voltage V, current A, power factor unitless (0..1), energy kWh;
 *  - the Energy dashboard wants `dev_cla: energy` with `stat_cla: total_increasing` and kWh: our energy is
 *    the lifetime total from the rollups (energy/{id}/state), which never steps back;
 *  - availability from the device's retained status topic (`online`/`offline`, its will); the
 *    connectivity sensor has none, so it shows `offline` rather than going unavailable;
 *  - the relay switch reports the confirmed state from `energy/{id}/relay` and commands through the
 *    alert service's request topic, never the device's command topic.
 */
export function discoveryConfigs(device: DiscoveryDevice, context: DiscoveryContext): DiscoveryMessage[] {
  const node = `${HA_NODE_PREFIX}${device.id}`;
  const stateTopic = topics.state(device.id);
  const availability = { avty_t: topics.status(device.id), pl_avail: 'online', pl_not_avail: 'offline' };
  const measurement = (key: HaEntityKey, name: string, field: string, deviceClass: string, unit: string | null, precision: number): Entity => ({
    component: 'sensor',
    key,
    config: {
      name,
      stat_t: stateTopic,
      val_tpl: `{{ value_json.${field} }}`,
      dev_cla: deviceClass,
      stat_cla: 'measurement',
      ...(unit === null ? {} : { unit_of_meas: unit }),
      sug_dsp_prc: precision,
      ...availability,
    },
  });
  const entities: Entity[] = [
    measurement('power', 'Power', 'power_w', 'power', 'W', 1),
    measurement('voltage', 'Voltage', 'voltage_v', 'voltage', 'V', 1),
    measurement('current', 'Current', 'current_a', 'current', 'A', 3),
    measurement('power_factor', 'Power factor', 'power_factor', 'power_factor', null, 2),
    {
      component: 'sensor',
      key: 'energy',
      config: {
        name: 'Energy',
        stat_t: stateTopic,
        val_tpl: '{{ value_json.energy_kwh }}',
        dev_cla: 'energy',
        stat_cla: 'total_increasing',
        unit_of_meas: 'kWh',
        sug_dsp_prc: 3,
        ...availability,
      },
    },
    {
      component: 'sensor',
      key: 'alert',
      config: { name: 'Alert', stat_t: stateTopic, val_tpl: '{{ value_json.alert }}', dev_cla: 'enum', ops: [...HA_ALERT_STATES], ic: 'mdi:alert-outline', ...availability },
    },
    {
      component: 'binary_sensor',
      key: 'connectivity',
      config: { name: 'Connectivity', stat_t: topics.status(device.id), pl_on: 'online', pl_off: 'offline', dev_cla: 'connectivity', ent_cat: 'diagnostic' },
    },
    {
      component: 'switch',
      key: 'relay',
      config: {
        name: 'Relay',
        cmd_t: relayRequestTopic(context.account, device.id),
        pl_on: 'on',
        pl_off: 'off',
        stat_t: topics.relayState(device.id),
        val_tpl: '{{ value_json.state }}',
        stat_on: 'on',
        stat_off: 'off',
        dev_cla: 'outlet',
        ...availability,
      },
    },
  ];
  const dev = { ids: [node], name: device.name, mdl: DEVICE_MODEL, mf: ORIGIN_NAME };
  const origin = { name: ORIGIN_NAME, sw: context.version };
  return entities.map(({ component, key, config }) => ({
    topic: haTopics.config(context.prefix, component, device.id, key),
    payload: JSON.stringify({ ...config, uniq_id: `${node}_${key}`, dev, o: origin }),
  }));
}
