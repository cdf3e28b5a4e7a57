import { topics } from '@energy/contracts';
import { describeIdentity, type Identity } from './identity';
import { mqttStringProblem } from './mqtt-strings';
import { Refusal } from '../shared/refusal';
import { DEFAULT_DISCOVERY_PREFIX, gatewayDiscoveryPublishAllowed, integrationPublishProblem } from './integration-acl';
import { servicePublishAllowed } from './service-acl';

export interface PublishRequest {
  topic: string;
  payload: Buffer | string;
  retain?: boolean;
}

/** The topics a device may publish: its own reading, status (will) and relay state, nothing else. */
export const devicePublishTopics = (deviceId: string): string[] => [topics.reading(deviceId), topics.status(deviceId), topics.relayState(deviceId)];


/**
 * The publish ACL. Returns a Refusal (never throws) so the same rule checks a PUBLISH and a will
 * message at CONNECT time.
 */
export function authorizePublish(identity: Identity, message: PublishRequest, maxPayloadBytes: number, discoveryPrefix = DEFAULT_DISCOVERY_PREFIX): Refusal | null {
  // Named only in a refusal: this runs for every PUBLISH a cached topic does not cover.
  const who = () => describeIdentity(identity);
  const { topic } = message;
  const problem = mqttStringProblem(topic);
  if (problem) return new Refusal('topic-invalid', `${who()} may not publish to ${JSON.stringify(topic)}: topic ${problem}`);
  // [MQTT-3.3.2-2] The Topic Name in a PUBLISH must not contain wildcard characters.
  if (topic.includes('+') || topic.includes('#')) return new Refusal('publish-wildcard', `${who()} may not publish to ${topic}: wildcards are not allowed in a topic name`);
  const payloadBytes = typeof message.payload === 'string' ? Buffer.byteLength(message.payload) : message.payload.length;
  if (payloadBytes > maxPayloadBytes) {
    return new Refusal('payload-too-large', `${who()} may not publish ${payloadBytes} bytes to ${topic}: the limit is ${maxPayloadBytes} bytes`);
  }
  // Built only when needed: an Error captures a stack, and this runs for every PUBLISH.
  const denied = () => new Refusal('publish-not-allowed', `${who()} may not publish to ${topic}`);
  switch (identity.kind) {
    case 'device':
      return devicePublishTopics(identity.deviceId).includes(topic) ? null : denied();
    case 'service':
      if (identity.service === 'gateway' && gatewayDiscoveryPublishAllowed(topic, discoveryPrefix)) return null;
      return servicePublishAllowed(identity.service, topic) ? null : denied();
    case 'integration': {
      const problem = integrationPublishProblem(identity, topic, message.retain === true, discoveryPrefix);
      return problem === null ? null : new Refusal('publish-not-allowed', `${who()} may not publish to ${topic}: ${problem}`);
    }
    case 'observer':
    case 'anonymous':
      return denied();
  }
}
