import { parseTopic, TopicKind } from '@energy/contracts';
import type { Aedes } from 'aedes';
import type { Logger } from '@energy/service-kit';
import { isServiceClientId } from '../auth/client-id-owner';
import type { RefusalRecorder } from '../observability/refusals';

export interface SessionLimitOptions {
  /** QoS 1 messages kept for one device or observer session; later ones are dropped for it. */
  maxQueuedPerSession: number;
  /** A device or observer session not seen connected for this long is dropped. */
  sessionExpiryMs: number;
}

type Sub = { clientId: string };
type SysHandler = (packet: { topic: string; payload: Buffer }, done: () => void) => void;
/** aedes' own fields these limits use; the typings leave them out. */
interface AedesInternals {
  id: string;
  persistence: Persistence;
  mq: { on(topic: string, handler: SysHandler): void };
  clients: Record<string, unknown>;
}
type PacketLike = { topic?: string; messageId?: number };
/** The parts of aedes' persistence (aedes-persistence, aedes-persistence-redis) these limits wrap. */
interface Persistence {
  outgoingEnqueue(sub: Sub, packet: PacketLike): Promise<void>;
  outgoingEnqueueCombi(subs: Sub[], packet: PacketLike): Promise<void>;
  outgoingClearMessageId(client: { id: string }, packet: PacketLike): Promise<PacketLike | undefined>;
  outgoingStream(client: { id: string }): AsyncIterable<PacketLike>;
  cleanSubscriptions(client: { id: string }): Promise<unknown>;
}

/**
 * Bounds what aedes keeps for sessions that are away (issue 16). aedes queues every QoS 1 message
 * for a persistent session until it comes back, without limit and for ever. For devices and
 * observers (services are exempt: the ingest's queue during a restart is the readings themselves):
 * - at most `maxQueuedPerSession` messages are queued for one session; later ones are dropped for it
 *   and counted (`mqtt_refusals_total{reason="session-queue-full"}`);
 * - a session not seen connected for `sessionExpiryMs` is dropped, subscriptions and queue;
 * - a relay command is never kept for a device that is away (it must act now or not at all).
 *
 * Connects and disconnects are followed through aedes' `$SYS/+/new/clients` and
 * `$SYS/+/disconnect/clients`, which cross a Redis cluster, so no node drops a session that is
 * connected to another. The queue count is per node: a cap, not an exact length.
 */
const isCommand = (topic: string | undefined): boolean => (topic ? parseTopic(topic)?.kind === TopicKind.relayCommand : false);

export class SessionLimits {
  private readonly queued = new Map<string, number>();
  private readonly awaySince = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private readonly aedes: AedesInternals;

  constructor(
    aedes: Aedes,
    private readonly options: SessionLimitOptions,
    private readonly refusals: RefusalRecorder,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.aedes = aedes as unknown as AedesInternals;
  }

  install(): void {
    const persistence = this.aedes.persistence;
    const enqueue = persistence.outgoingEnqueue.bind(persistence);
    const enqueueCombi = persistence.outgoingEnqueueCombi.bind(persistence);
    const clear = persistence.outgoingClearMessageId.bind(persistence);
    persistence.outgoingEnqueue = async (sub, packet) => {
      if (this.admit(sub.clientId, packet)) await enqueue(sub, packet);
    };
    persistence.outgoingEnqueueCombi = async (subs, packet) => {
      const admitted = subs.filter((sub) => this.admit(sub.clientId, packet));
      if (admitted.length > 0) await enqueueCombi(admitted, packet);
    };
    persistence.outgoingClearMessageId = async (client, packet) => {
      const cleared = await clear(client, packet);
      if (cleared) this.release(client.id);
      return cleared;
    };

    this.aedes.mq.on('$SYS/+/new/clients', (packet, done) => {
      const clientId = packet.payload.toString();
      this.awaySince.delete(clientId);
      // Back on another node: its queue drains there, so this node's count no longer holds.
      if (packet.topic.split('/')[1] !== this.aedes.id) this.queued.delete(clientId);
      done();
    });
    this.aedes.mq.on('$SYS/+/disconnect/clients', (packet, done) => {
      const clientId = packet.payload.toString();
      if (!isServiceClientId(clientId)) this.awaySince.set(clientId, this.now());
      done();
    });
    const sweepMs = Math.min(60_000, Math.max(50, Math.floor(this.options.sessionExpiryMs / 3)));
    this.timer = setInterval(() => void this.expireSessions(), sweepMs);
    this.timer.unref();
  }

  close(): void {
    clearInterval(this.timer);
  }

  private admit(clientId: string, packet: PacketLike): boolean {
    if (isServiceClientId(clientId)) return true;
    // A relay command acts now or never: kept for a device that is away, a load-shed "off" would cut
    // its load whenever it came back, hours later (issue 16, item 8). A device known to be away (its
    // disconnect seen, no connect since, on any node) gets none queued; the alert service re-sends
    // while it waits for the device's confirmation.
    if (isCommand(packet.topic) && this.awaySince.has(clientId) && !this.aedes.clients[clientId]) {
      this.refusals.record('command-not-kept', `${clientId} is away; ${packet.topic} not kept for it`, { clientId });
      return false;
    }
    const count = this.queued.get(clientId) ?? 0;
    if (count >= this.options.maxQueuedPerSession) {
      this.refusals.record('session-queue-full', `${clientId} has ${count} messages queued already (limit ${this.options.maxQueuedPerSession}); ${packet.topic ?? 'a message'} not kept for it`, { clientId });
      return false;
    }
    this.queued.set(clientId, count + 1);
    return true;
  }

  private release(clientId: string): void {
    const count = this.queued.get(clientId);
    if (count === undefined) return;
    if (count <= 1) this.queued.delete(clientId);
    else this.queued.set(clientId, count - 1);
  }

  private async expireSessions(): Promise<void> {
    const cutoff = this.now() - this.options.sessionExpiryMs;
    for (const [clientId, since] of [...this.awaySince]) {
      if (since > cutoff) continue;
      this.awaySince.delete(clientId);
      if (this.aedes.clients[clientId]) continue; // back here meanwhile
      await this.dropSession(clientId).catch((err: Error) => this.logger.warn({ clientId, err: err.message }, 'could not drop an expired session'));
    }
  }

  private async dropSession(clientId: string): Promise<void> {
    const persistence = this.aedes.persistence;
    const client = { id: clientId };
    await persistence.cleanSubscriptions(client);
    for await (const packet of persistence.outgoingStream(client)) await persistence.outgoingClearMessageId(client, packet);
    this.queued.delete(clientId);
    this.logger.info({ clientId, afterMs: this.options.sessionExpiryMs }, 'session expired: subscriptions and queued messages dropped');
  }
}
