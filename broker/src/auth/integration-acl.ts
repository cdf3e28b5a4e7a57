import { DEFAULT_HA_DISCOVERY_PREFIX, haTopics, relayRequestTopic, TOPIC_ROOT, TopicKind } from '@energy/contracts';
import { filterCovers, topicMatches } from './service-acl';

/**
 * Integration accounts (Home Assistant, Node-RED; issue 17) and the gateway's Home Assistant discovery.
 * The discovery prefix is configurable (HA_DISCOVERY_PREFIX, the same on the broker and the gateway),
 * so these rules are built from it rather than kept in the static SERVICE_ACL.
 */
export interface IntegrationIdentity {
  kind: 'integration';
  username: string;
  /** The devices whose relay it may ask for; null: every device. */
  devices: ReadonlySet<string> | null;
}

export const DEFAULT_DISCOVERY_PREFIX = DEFAULT_HA_DISCOVERY_PREFIX;

/**
 * An integration account publishes only its relay requests (`svc/relay/{itself}/{device}/set`, for its
 * devices, never retained: a retained request would switch the relay again at every restart of the
 * alert service) and Home Assistant's birth and will message, `{prefix}/status`.
 */
export function integrationPublishProblem(identity: IntegrationIdentity, topic: string, retain: boolean, discoveryPrefix = DEFAULT_DISCOVERY_PREFIX): string | null {
  if (topic === haTopics.birth(discoveryPrefix)) return null;
  const parts = topic.split('/');
  const deviceId = parts[3];
  if (parts.length !== 5 || deviceId === undefined || topic !== relayRequestTopic(identity.username, deviceId)) return 'not allowed';
  if (identity.devices && !identity.devices.has(deviceId)) return `not allowed: ${identity.username} may not switch ${deviceId}`;
  if (retain) return 'not allowed: a relay request must not be retained';
  return null;
}

/** It reads what an observer reads (`energy/…`) and everything under the discovery prefix. */
export function integrationMaySubscribe(filter: string, discoveryPrefix = DEFAULT_DISCOVERY_PREFIX): boolean {
  return filter.split('/')[0] === TOPIC_ROOT || filterCovers(haTopics.everything(discoveryPrefix), filter);
}

/** The gateway publishes the discovery configs and the device state topic, which the static ACL does not list. */
export function gatewayDiscoveryPublishAllowed(topic: string, discoveryPrefix = DEFAULT_DISCOVERY_PREFIX): boolean {
  return topicMatches(haTopics.allConfigs(discoveryPrefix), topic) || topicMatches(`${TOPIC_ROOT}/+/${TopicKind.state}`, topic);
}

/** ...and reads HA's birth message and its own retained configs (to clear those of deleted devices). */
export function gatewayDiscoverySubscribeAllowed(filter: string, discoveryPrefix = DEFAULT_DISCOVERY_PREFIX): boolean {
  return filterCovers(haTopics.birth(discoveryPrefix), filter) || filterCovers(haTopics.allConfigs(discoveryPrefix), filter);
}
