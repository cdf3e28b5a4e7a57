/**
 * The MQTT topic tree. Third-party subscribers rely on it: change it only with a
 * new major version and a note in docs/asyncapi.yaml.
 */
export const TOPIC_ROOT = 'energy';

/** Device ids are lowercase, start with a letter or digit, and are at most 64 characters. */
export const DEVICE_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export function isValidDeviceId(id: string): boolean {
  return DEVICE_ID_PATTERN.test(id);
}

/** The leaf of each per-device topic, `energy/{deviceId}/{kind}`. */
export const TopicKind = {
  /** device -> bus: one reading (QoS 0 from PubSubClient, QoS 1 from other clients). */
  reading: 'reading',
  /** device -> bus: retained `online` / `offline`, the latter set by the will message. */
  status: 'status',
  /** ingest -> device: highest contiguous seq durably stored. */
  ack: 'ack',
  /** ingest -> bus: validated, normalised reading for live consumers and third parties. */
  telemetry: 'telemetry',
  /** ingest -> bus: a rejected message and the reason (dead letter). */
  rejected: 'rejected',
  /** alert -> bus: alert events; the current state is retained. */
  alert: 'alert',
  /** bus -> device: relay command. */
  relayCommand: 'cmd/relay',
  /** device -> bus: the relay state the device reports, retained. */
  relayState: 'relay',
  /** gateway -> bus, retained: power, voltage, current, power factor, lifetime energy from the rollups, alert state (home-assistant.ts). */
  state: 'state',
  /** analytics -> bus, retained: the hourly forecast for the next 48 h and the rest of the month (analytics.ts; also `energy/_site/forecast`). */
  forecast: 'forecast',
  /** analytics -> bus, QoS 1: an unusual-consumption finding, new or grown (the alert service's `unusual_consumption` rule). */
  finding: 'finding',
  /** analytics -> bus, QoS 0: one appliance run (on/off pair) and the signature it belongs to. */
  appliance: 'appliance',
} as const;
export type TopicKind = (typeof TopicKind)[keyof typeof TopicKind];

const KIND_BY_SUFFIX = new Map<string, TopicKind>(Object.values(TopicKind).map((kind) => [kind, kind]));

export const topicFor = (deviceId: string, kind: TopicKind): string => `${TOPIC_ROOT}/${deviceId}/${kind}`;

export const topics = {
  reading: (deviceId: string) => topicFor(deviceId, TopicKind.reading),
  status: (deviceId: string) => topicFor(deviceId, TopicKind.status),
  ack: (deviceId: string) => topicFor(deviceId, TopicKind.ack),
  telemetry: (deviceId: string) => topicFor(deviceId, TopicKind.telemetry),
  rejected: (deviceId: string) => topicFor(deviceId, TopicKind.rejected),
  alert: (deviceId: string) => topicFor(deviceId, TopicKind.alert),
  relayCommand: (deviceId: string) => topicFor(deviceId, TopicKind.relayCommand),
  relayState: (deviceId: string) => topicFor(deviceId, TopicKind.relayState),
  state: (deviceId: string) => topicFor(deviceId, TopicKind.state),
} as const;

/** The analytics service's topics (issue 18), part of the per-device tree above. */
export const AnalyticsTopicKind = { forecast: TopicKind.forecast, finding: TopicKind.finding, appliance: TopicKind.appliance } as const;
export type AnalyticsTopicKind = (typeof AnalyticsTopicKind)[keyof typeof AnalyticsTopicKind];

/** The whole site's figures use this id, which no device can have (ids start with a letter or digit). */
export const SITE_ID = '_site';

export const analyticsTopics = {
  forecast: (deviceId: string) => `${TOPIC_ROOT}/${deviceId}/${AnalyticsTopicKind.forecast}`,
  siteForecast: `${TOPIC_ROOT}/${SITE_ID}/${AnalyticsTopicKind.forecast}`,
  finding: (deviceId: string) => `${TOPIC_ROOT}/${deviceId}/${AnalyticsTopicKind.finding}`,
  appliance: (deviceId: string) => `${TOPIC_ROOT}/${deviceId}/${AnalyticsTopicKind.appliance}`,
  allForecasts: `${TOPIC_ROOT}/+/${AnalyticsTopicKind.forecast}`,
  allFindings: `${TOPIC_ROOT}/+/${AnalyticsTopicKind.finding}`,
} as const;

/** Subscription filters used by the services. */
export const filters = {
  allReadings: `${TOPIC_ROOT}/+/${TopicKind.reading}`,
  allTelemetry: `${TOPIC_ROOT}/+/${TopicKind.telemetry}`,
  allStatus: `${TOPIC_ROOT}/+/${TopicKind.status}`,
  allAlerts: `${TOPIC_ROOT}/+/${TopicKind.alert}`,
  allRelayStates: `${TOPIC_ROOT}/+/${TopicKind.relayState}`,
  allStates: `${TOPIC_ROOT}/+/${TopicKind.state}`,
  everything: `${TOPIC_ROOT}/#`,
} as const;

export interface ParsedTopic {
  deviceId: string;
  kind: TopicKind;
}

/** Splits `energy/{deviceId}/{kind}`; returns null for anything outside the tree. */
export function parseTopic(topic: string): ParsedTopic | null {
  const prefix = `${TOPIC_ROOT}/`;
  if (!topic.startsWith(prefix)) return null;
  const rest = topic.slice(prefix.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return null;
  const deviceId = rest.slice(0, slash);
  const kind = KIND_BY_SUFFIX.get(rest.slice(slash + 1));
  if (!kind || !isValidDeviceId(deviceId)) return null;
  return { deviceId, kind };
}

/**
 * Service-to-service requests over the bus (NestJS MessagePattern over MQTT; replies go to `{topic}/reply`).
 * Only the alert service writes rules and alerts, so the gateway asks it to.
 */
export const servicePatterns = {
  alertRulesCreate: 'svc/alert/rules/create',
  alertRulesUpdate: 'svc/alert/rules/update',
  alertRulesDelete: 'svc/alert/rules/delete',
  alertAcknowledge: 'svc/alert/alerts/acknowledge',
  /** Manual relay control (issue 17): the alert service sends, confirms and records the command. */
  relaySet: 'svc/alert/relay/set',
  /** Switch back on the load an alert shed. */
  alertRestoreLoad: 'svc/alert/alerts/restore-load',
  /** Send a test WhatsApp message to a stored recipient and answer with CallMeBot's outcome (issue 17). */
  notificationsTest: 'svc/alert/notifications/test',
} as const;
