import { z } from 'zod';
import { DEVICE_ID_PATTERN } from './topics';

/**
 * Home Assistant MQTT discovery (issue 17). The gateway publishes one retained config per entity under
 * `{prefix}/{component}/{node}/{key}/config` (HA's `<discovery_prefix>/<component>/[<node_id>/]<object_id>/config`),
 * re-publishes them when HA's birth message arrives, and clears them with an empty retained payload when
 * a device is revoked or deleted. Integration accounts (HA, Node-RED) may read these topics.
 */
export const DEFAULT_HA_DISCOVERY_PREFIX = 'homeassistant';

/** One topic level of letters, digits, `_` and `-`: the discovery prefix, and every level below it. */
export const HA_TOPIC_LEVEL_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The integration account whose name the relay switches' `command_topic` carries
 * (`svc/relay/{account}/{deviceId}/set`, relay.ts) unless HA_ACCOUNT names another.
 */
export const DEFAULT_HA_ACCOUNT = 'homeassistant';

/** HA publishes `online` here when it starts (its birth message) and `offline` as its will. */
export const HA_BIRTH_PAYLOAD_ONLINE = 'online';

/** Our node ids are `sem_{deviceId}`, so our configs never collide with another tool's under the same prefix. */
export const HA_NODE_PREFIX = 'sem_';

/** The entity components we publish, and the entity keys (object ids) per device. */
export const HaComponent = { sensor: 'sensor', binarySensor: 'binary_sensor', switch: 'switch' } as const;
export type HaComponent = (typeof HaComponent)[keyof typeof HaComponent];

export const HA_ENTITY_KEYS = ['power', 'voltage', 'current', 'power_factor', 'energy', 'alert', 'connectivity', 'relay'] as const;
export type HaEntityKey = (typeof HA_ENTITY_KEYS)[number];

export const haTopics = {
  /** HA's birth and will topic. */
  birth: (prefix: string) => `${prefix}/status`,
  /** The retained config of one entity. */
  config: (prefix: string, component: HaComponent, deviceId: string, key: HaEntityKey) => `${prefix}/${component}/${HA_NODE_PREFIX}${deviceId}/${key}/config`,
  /** Every config under the prefix (ours have a `sem_` node id). */
  allConfigs: (prefix: string) => `${prefix}/+/+/+/config`,
  /** Everything under the prefix: what an integration account may read. */
  everything: (prefix: string) => `${prefix}/#`,
} as const;

export interface ParsedHaConfigTopic {
  component: string;
  deviceId: string;
  key: string;
}

/** Splits one of OUR config topics; null for another tool's (node id not `sem_…`) or anything else. */
export function parseHaConfigTopic(prefix: string, topic: string): ParsedHaConfigTopic | null {
  if (!topic.startsWith(`${prefix}/`)) return null;
  const levels = topic.slice(prefix.length + 1).split('/');
  if (levels.length !== 4 || levels[3] !== 'config') return null;
  const [component, node, key] = levels as [string, string, string];
  if (!node.startsWith(HA_NODE_PREFIX)) return null;
  const deviceId = node.slice(HA_NODE_PREFIX.length);
  if (!DEVICE_ID_PATTERN.test(deviceId) || !HA_TOPIC_LEVEL_PATTERN.test(component) || !HA_TOPIC_LEVEL_PATTERN.test(key)) return null;
  return { component, deviceId, key };
}

/** The highest severity among a device's alerts that are not cleared; `none` when there is none. */
export const HA_ALERT_STATES = ['none', 'info', 'warning', 'critical'] as const;
export type HaAlertState = (typeof HA_ALERT_STATES)[number];

/**
 * `energy/{deviceId}/state`, gateway -> bus, retained: the device as the backend knows it, for Home
 * Assistant and other tools that want one small message per device. `energy_kwh` is the device's
 * lifetime energy from the stored rollups, never the device's own counter: it does not step back after a
 * power cut or a device reset. Published at most every HA_STATE_INTERVAL_MS per device, and at once when
 * the alert state changes. Measurements are null until the device's first reading since the gateway started.
 */
export const deviceStateSchema = z.strictObject({
  /** UTC milliseconds of the reading the measurements come from, or of the publish when there is none. */
  ts: z.number().int().nonnegative(),
  power_w: z.number().nullable(),
  voltage_v: z.number().nullable(),
  current_a: z.number().nullable(),
  power_factor: z.number().min(0).max(1).nullable(),
  /** Lifetime energy booked for the device, kWh, 3 decimals; never decreases. */
  energy_kwh: z.number().nonnegative(),
  alert: z.enum(HA_ALERT_STATES),
});
export type DeviceState = z.infer<typeof deviceStateSchema>;
