import { TOPIC_ROOT, TopicKind } from '@energy/contracts';
import { describeIdentity, type Identity } from './identity';
import { mqttStringProblem } from './mqtt-strings';
import { Refusal } from '../shared/refusal';
import { DEFAULT_DISCOVERY_PREFIX, gatewayDiscoverySubscribeAllowed, integrationMaySubscribe } from './integration-acl';
import { serviceSubscribeAllowed } from './service-acl';
import { parseSharedFilter } from './shared-subscription';

/**
 * The subscribe ACL: a device hears only what is addressed to it (its ack and cmd/#), observers read
 * the whole telemetry tree, services that tree and their own part of the service tree (service-acl.ts),
 * shared or not.
 * A refused filter gets SUBACK 0x80 and the connection stays up [MQTT-3.9.3].
 */
export function authorizeSubscribe(identity: Identity, topicFilter: string, discoveryPrefix = DEFAULT_DISCOVERY_PREFIX): Refusal | null {
  const who = describeIdentity(identity);
  const problem = mqttStringProblem(topicFilter);
  if (problem) return new Refusal('topic-invalid', `${who} may not subscribe to ${JSON.stringify(topicFilter)}: filter ${problem}`);
  const denied = new Refusal('subscribe-not-allowed', `${who} may not subscribe to ${topicFilter}`);

  let shared;
  try {
    shared = parseSharedFilter(topicFilter);
  } catch (err) {
    return new Refusal('topic-invalid', `${who} may not subscribe: ${(err as Error).message}`);
  }
  if (shared) return identity.kind === 'service' && serviceSubscribeAllowed(identity.service, shared.filter) ? null : denied;

  switch (identity.kind) {
    case 'device':
      return deviceMaySubscribe(identity.deviceId, topicFilter) ? null : denied;
    case 'service':
      if (identity.service === 'gateway' && gatewayDiscoverySubscribeAllowed(topicFilter, discoveryPrefix)) return null;
      return serviceSubscribeAllowed(identity.service, topicFilter) ? null : denied;
    case 'integration':
      return integrationMaySubscribe(topicFilter, discoveryPrefix) ? null : denied;
    case 'observer':
    case 'anonymous':
      return firstLevel(topicFilter) === TOPIC_ROOT ? null : denied;
  }
}

const firstLevel = (filter: string): string => filter.split('/')[0]!;

/** `energy/{id}/ack`, and `energy/{id}/cmd` with anything under it (`cmd/#`, `cmd/relay`, `cmd/+`). */
function deviceMaySubscribe(deviceId: string, filter: string): boolean {
  const [root, id, kind, ...rest] = filter.split('/');
  if (root !== TOPIC_ROOT || id !== deviceId) return false;
  if (kind === TopicKind.ack) return rest.length === 0;
  return kind === TopicKind.relayCommand.split('/')[0];
}
