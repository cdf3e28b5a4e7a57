import type { AedesOptions, AuthenticateError, Client } from 'aedes';
import type { Logger } from '@energy/service-kit';
import { authenticate, type AuthenticateOptions, type ConnectRequest } from './auth/authenticate';
import { authorizePublish } from './auth/authorize-publish';
import { authorizeSubscribe } from './auth/authorize-subscribe';
import { describeIdentity, type Identity } from './auth/identity';
import { Refusal } from './shared/refusal';
import type { BrokerMetrics } from './observability/broker-metrics';
import type { RefusalRecorder } from './observability/refusals';

export interface AedesHooksDeps {
  auth: AuthenticateOptions;
  /** Distinct filters one connection may hold (issue 16). */
  maxSubscriptionsPerClient: number;
  /** The remote address of a client's connection (the stream aedes was handed). */
  remoteAddressOf?: (client: Client) => string | undefined;
  refusals: RefusalRecorder;
  metrics: BrokerMetrics;
  logger: Logger;
}

type Hooks = Required<Pick<AedesOptions, 'preConnect' | 'authenticate' | 'authorizePublish' | 'authorizeSubscribe' | 'authorizeForward'>>;

/**
 * Adapts the pure auth functions to aedes' callbacks. The identity decided at CONNECT is kept per
 * client and every later PUBLISH and SUBSCRIBE is judged against it.
 */
export function createAedesHooks(deps: AedesHooksDeps): Hooks & { identityOf(client: Client): Identity | undefined; forgetSubscriptions(client: Client, filters: string[]): void } {
  const { refusals, metrics, logger } = deps;
  const connects = new WeakMap<Client, ConnectRequest>();
  /** The CONNECT packets themselves, whose clean flag aedes reads after authentication. */
  const connectPackets = new WeakMap<Client, { clean?: boolean }>();
  const identities = new WeakMap<Client, Identity>();
  /** The filters each connection was granted, for the per-client cap. */
  const granted = new WeakMap<Client, Set<string>>();
  /**
   * Topics each connection was already allowed to publish to without the retain flag. That decision
   * depends only on the identity (fixed for the connection) and the topic, and a device publishes to
   * the same topic every time, so it is made once per topic; the payload size is still checked on
   * every PUBLISH, and a retained PUBLISH is always judged in full.
   */
  const allowedTopics = new WeakMap<Client, Set<string>>();

  return {
    identityOf: (client) => identities.get(client),

    /** Called on UNSUBSCRIBE, so a client that drops filters may take others. */
    forgetSubscriptions(client, filters) {
      const mine = granted.get(client);
      for (const filter of filters) mine?.delete(filter);
    },

    // aedes hands `authenticate` only the username and password; the rest of the CONNECT
    // (the client id as sent, clean session, keep-alive, will) is kept here for it.
    preConnect(client, packet, callback) {
      connectPackets.set(client, packet);
      connects.set(client, {
        clientId: packet.clientId ?? '',
        clean: packet.clean !== false,
        keepaliveS: packet.keepalive ?? 0,
        username: packet.username,
        password: packet.password,
        will: packet.will ? { topic: packet.will.topic, payload: packet.will.payload, retain: packet.will.retain } : undefined,
        remoteAddress: deps.remoteAddressOf?.(client),
      });
      callback(null, true);
    },

    authenticate(client, _username, _password, done) {
      const request = connects.get(client);
      connects.delete(client);
      if (!request) return done(Object.assign(new Error('CONNECT was not seen'), { returnCode: 3 }) as AuthenticateError, false);
      authenticate(request, deps.auth).then(
        (identity) => {
          identities.set(client, identity);
          const packet = connectPackets.get(client);
          connectPackets.delete(client);
          // Observers always get a clean session (CONNACK session present 0): a persistent one would
          // make aedes keep every QoS 1 message under energy/# for it while it is away (issue 16).
          if ((identity.kind === 'observer' || identity.kind === 'anonymous') && packet && packet.clean === false) {
            packet.clean = true;
            (client as Client & { clean: boolean }).clean = true;
          }
          logger.debug({ clientId: client.id, identity: describeIdentity(identity) }, 'client authenticated');
          done(null, true);
        },
        (err: unknown) => {
          if (err instanceof Refusal) {
            refusals.record(err.reason, err.message, { clientId: request.clientId });
            return done(err as Refusal & AuthenticateError, false);
          }
          // A store outage is not the client's fault: "server unavailable", so it retries later.
          logger.error({ err, clientId: request.clientId }, 'credential store failed');
          done(Object.assign(new Error('credential store unavailable'), { returnCode: 3 }) as AuthenticateError, false);
        },
      );
    },

    authorizePublish(client, packet, callback) {
      // client is null only for a will that a vanished cluster node left behind; it was checked
      // against its owner's ACL at CONNECT.
      if (!client) return callback(null);
      const identity = identities.get(client);
      if (!identity) return callback(new Error('publish before authentication'));
      const allowed = allowedTopics.get(client);
      if (!packet.retain && allowed?.has(packet.topic) && payloadBytes(packet.payload) <= deps.auth.maxPayloadBytes) {
        metrics.messagesIn.inc();
        return callback(null);
      }
      const refusal = authorizePublish(identity, packet, deps.auth.maxPayloadBytes, deps.auth.discoveryPrefix);
      if (refusal) {
        refusals.record(refusal.reason, refusal.message, { clientId: client.id });
        // MQTT 3.1.1 cannot NACK a PUBLISH; aedes closes the connection [MQTT-3.3.5-2].
        return callback(refusal);
      }
      if (!packet.retain) rememberAllowed(allowedTopics, client, packet.topic);
      metrics.messagesIn.inc();
      callback(null);
    },

    authorizeSubscribe(client, subscription, callback) {
      const identity = identities.get(client);
      const refusal = identity
        ? authorizeSubscribe(identity, subscription.topic, deps.auth.discoveryPrefix)
        : new Refusal('subscribe-not-allowed', `unauthenticated client ${client.id} may not subscribe`);
      if (refusal) {
        refusals.record(refusal.reason, refusal.message, { clientId: client.id });
        // A null subscription makes aedes answer SUBACK 0x80 and keep the connection [MQTT-3.9.3].
        return callback(null, null);
      }
      let mine = granted.get(client);
      if (!mine) granted.set(client, (mine = new Set()));
      if (!mine.has(subscription.topic) && mine.size >= deps.maxSubscriptionsPerClient) {
        refusals.record('subscription-limit', `${client.id} may hold at most ${deps.maxSubscriptionsPerClient} subscriptions; ${subscription.topic} refused`, { clientId: client.id });
        return callback(null, null);
      }
      mine.add(subscription.topic);
      callback(null, subscription);
    },

    authorizeForward(_client, packet) {
      metrics.messagesOut.inc();
      return packet;
    },
  };
}

/** Topics remembered per connection; a service publishing for many devices starts over when it has this many. */
export const MAX_REMEMBERED_TOPICS = 1024;

function rememberAllowed(cache: WeakMap<Client, Set<string>>, client: Client, topic: string): void {
  let topics = cache.get(client);
  if (!topics) cache.set(client, (topics = new Set()));
  if (topics.size >= MAX_REMEMBERED_TOPICS) topics.clear();
  topics.add(topic);
}

const payloadBytes = (payload: Buffer | string): number => (typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length);
