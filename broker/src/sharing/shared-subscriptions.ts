import type { Aedes, Client, Subscription } from 'aedes';
import type { Logger } from '@energy/service-kit';
import { parseSharedFilter, SHARED_PREFIX } from '../auth/shared-subscription';
import type { BrokerMetrics } from '../observability/broker-metrics';
import { deliverShared, type SharedMessage } from './deliver-shared';
import { filterOfShareKey, shareKey, ShareRegistry } from './share-registry';

/** What the cluster directory offers; absent on a single node. */
export interface ShareAnnouncer {
  announce(entries: Array<[share: string, clientId: string]>): void;
}

type MqListener = (message: SharedMessage, done: () => void) => void;
interface Mq {
  on(topic: string, listener: MqListener, done?: () => void): unknown;
  removeListener(topic: string, listener: MqListener, done?: () => void): unknown;
}

/**
 * `$share/{group}/{filter}` on aedes, which has none (moscajs/aedes#228), with MQTT 5 semantics for
 * 3.1.1 clients:
 *  - the client's SUBSCRIBE is granted and aedes keeps `$share/…` as an ordinary filter: it matches no
 *    topic anyone can publish (no ACL allows a `$` topic), so it delivers nothing by itself, but it
 *    lives in the session like any other and comes back with a persistent session;
 *  - this class watches subscribe, unsubscribe, session restore and disconnect to keep the members;
 *  - the broker itself listens to the plain filter on aedes' mq (in memory, or Redis in a cluster) while
 *    this node has a member, and hands each message to the ONE member rendezvous hashing picks for its
 *    device id, if that member is connected here. Every node sees every message and the same member
 *    list, so exactly one node delivers it.
 * Retained messages are not sent on a shared subscription (MQTT 5 section 4.8.2), and aedes' retained
 * lookup for the `$share/…` filter finds none.
 */
export class SharedSubscriptions {
  readonly registry = new ShareRegistry<Client>();
  private readonly listeners = new Map<string, MqListener>();
  private announcer: ShareAnnouncer | null = null;

  constructor(
    private readonly aedes: Aedes,
    private readonly logger: Logger,
    private readonly metrics?: BrokerMetrics,
  ) {
    aedes.on('subscribe', (subscriptions: Subscription[], client: Client) => {
      // aedes reports a refused filter with the SUBACK failure code as its qos.
      for (const s of subscriptions) if ((s.qos as number) !== 128) this.join(client, s.topic, s.qos);
    });
    aedes.on('unsubscribe', (filters: string[], client: Client) => {
      const changed = filters.flatMap((f) => {
        const key = keyOf(f);
        return key && this.registry.leave(key, client.id, client) ? [key] : [];
      });
      this.changed(changed, 'unsubscribe', client.id);
    });
    // A persistent session brings its subscriptions back without a SUBSCRIBE (mqtt.js does not repeat
    // them when the session is present), so a returning member is re-registered from them.
    aedes.on('clientReady', (client: Client) => {
      const restored = (client as unknown as { subscriptions: Record<string, { qos: number }> }).subscriptions;
      for (const [filter, sub] of Object.entries(restored)) if (filter.startsWith(SHARED_PREFIX)) this.join(client, filter, sub.qos);
    });
    aedes.on('clientDisconnect', (client: Client) => this.changed(this.registry.leaveAll(client.id, client), 'disconnect', client.id));
  }

  /** In a cluster: the directory that tells the other nodes about this node's members. */
  useAnnouncer(announcer: ShareAnnouncer): void {
    this.announcer = announcer;
    announcer.announce(this.registry.localEntries());
  }

  /** Members on the other nodes, as read from Redis. */
  applyRemote(entries: Array<readonly [string, string]>): void {
    this.changed(this.registry.setRemote(entries), 'cluster', null, false);
  }

  /** Stops listening (the broker is closing). */
  close(): void {
    for (const [key, listener] of this.listeners) mqOf(this.aedes).removeListener(filterOfShareKey(key), listener);
    this.listeners.clear();
  }

  private join(client: Client, topicFilter: string, qos: number): void {
    const key = keyOf(topicFilter);
    if (!key) return;
    const changed = this.registry.join(key, { clientId: client.id, client, qos: Math.min(qos, 2) as 0 | 1 | 2 });
    this.changed(changed ? [key] : [], 'join', client.id);
  }

  private changed(keys: string[], cause: string, clientId: string | null, local = true): void {
    if (keys.length === 0) return;
    for (const key of keys) {
      const members = this.registry.members(key);
      this.metrics?.sharedMembers.set({ share: key }, members.length);
      this.logger.info({ share: `${SHARED_PREFIX}${key}`, cause, clientId, members }, 'shared subscription members changed');
    }
    if (local) {
      this.syncListeners();
      this.announcer?.announce(this.registry.localEntries());
    }
  }

  /** Listens to a share's plain filter exactly while this node has one of its members. */
  private syncListeners(): void {
    const mq = mqOf(this.aedes);
    const wanted = new Set(this.registry.localShares());
    for (const key of wanted) {
      if (this.listeners.has(key)) continue;
      const filter = filterOfShareKey(key);
      const startsWithWildcard = filter.startsWith('+') || filter.startsWith('#');
      const listener: MqListener = (message, done) => {
        // [MQTT-4.7.2-1] A filter starting with a wildcard does not match `$` topics ($SYS, …).
        if (startsWithWildcard && message.topic.startsWith('$')) return done();
        this.route(key, message, done);
      };
      this.listeners.set(key, listener);
      mq.on(filter, listener);
    }
    for (const [key, listener] of this.listeners) {
      if (wanted.has(key)) continue;
      this.listeners.delete(key);
      mq.removeListener(filterOfShareKey(key), listener);
    }
  }

  private route(key: string, message: SharedMessage, done: () => void): void {
    const owner = this.registry.ownerOf(key, message.topic);
    const member = owner === undefined ? undefined : this.registry.localMember(key, owner);
    if (!member) return done(); // owned by a member on another node (or nobody): that node delivers
    this.metrics?.sharedDelivered.inc();
    deliverShared(this.aedes, member.client, message, member.qos, done);
  }
}

/** aedes' message bus (mqemitter or mqemitter-redis); public at runtime, missing from its types. */
const mqOf = (aedes: Aedes): Mq => (aedes as unknown as { mq: Mq }).mq;

function keyOf(topicFilter: string): string | null {
  try {
    const shared = parseSharedFilter(topicFilter);
    return shared ? shareKey(shared.group, shared.filter) : null;
  } catch {
    return null; // malformed: refused by the ACL before it got here
  }
}
