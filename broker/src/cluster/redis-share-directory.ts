import type { Redis } from 'ioredis';
import type { Logger } from '@energy/service-kit';

export interface ShareDirectoryOptions {
  /** Prepended to every key and channel, so several clusters (or tests) can share one Redis. */
  keyPrefix: string;
  nodeId: string;
  /** A node whose announcement is older than this is gone, and its members with it. */
  nodeTtlMs: number;
}

type Entry = readonly [share: string, clientId: string];

/**
 * Shared-subscription membership across broker nodes, kept in Redis:
 *  - each node writes the members connected to it as one key, `{prefix}share:node:{nodeId}`, with a
 *    TTL that it refreshes every quarter TTL; a node that dies (SIGKILL, lost network) stops
 *    refreshing, its key expires, and its members leave every other node's view;
 *  - `{prefix}share:nodes` lists the node ids to read; ids whose key has expired are dropped from it;
 *  - after each change a node publishes its id on `{prefix}share:changed`, so the others re-read at
 *    once instead of at their next heartbeat.
 * Every node therefore converges on the same member list, and with it on the same owner per device.
 */
export class RedisShareDirectory {
  private entries: Entry[] = [];
  private heartbeat: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;
  private refreshAgain = false;
  private closed = false;
  private readonly nodeKey: string;
  private readonly nodesKey: string;
  private readonly channel: string;

  constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly options: ShareDirectoryOptions,
    private readonly onRemote: (entries: Entry[]) => void,
    private readonly logger: Logger,
  ) {
    this.nodeKey = `${options.keyPrefix}share:node:${options.nodeId}`;
    this.nodesKey = `${options.keyPrefix}share:nodes`;
    this.channel = `${options.keyPrefix}share:changed`;
  }

  async start(): Promise<void> {
    this.subscriber.on('message', (channel: string, nodeId: string) => {
      if (channel === this.channel && nodeId !== this.options.nodeId) this.refresh();
    });
    await this.subscriber.subscribe(this.channel);
    await this.write(false);
    await this.refresh();
    this.heartbeat = setInterval(() => {
      this.write(false).catch((err: Error) => this.logger.warn({ err: err.message }, 'cluster heartbeat to Redis failed'));
      this.refresh();
    }, Math.max(100, Math.floor(this.options.nodeTtlMs / 4)));
    this.heartbeat.unref();
  }

  /** This node's members changed: write them and tell the other nodes. */
  announce(entries: Entry[]): void {
    this.entries = entries;
    this.write(true).catch((err: Error) => this.logger.warn({ err: err.message }, 'announcing shared subscription members to Redis failed'));
  }

  /** Removes this node's members at once (a clean shutdown; a crash waits for the TTL). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.refreshing;
    try {
      await this.redis.multi().del(this.nodeKey).srem(this.nodesKey, this.options.nodeId).publish(this.channel, this.options.nodeId).exec();
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'could not withdraw this node from Redis; its members expire with the TTL');
    }
  }

  private async write(notify: boolean): Promise<void> {
    if (this.closed) return;
    // Commands on one connection run in order, so the last announcement always wins.
    const tx = this.redis.multi().set(this.nodeKey, JSON.stringify(this.entries), 'PX', this.options.nodeTtlMs).sadd(this.nodesKey, this.options.nodeId);
    if (notify) tx.publish(this.channel, this.options.nodeId);
    await tx.exec();
  }

  /** Re-reads the other nodes; calls coalesce, so a burst of notifications costs one or two reads. */
  private refresh(): void {
    if (this.closed) return;
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = this.read()
      .then((entries) => {
        if (!this.closed) this.onRemote(entries);
      })
      .catch((err: Error) => this.logger.warn({ err: err.message }, 'reading shared subscription members from Redis failed; keeping the last view'))
      .finally(() => {
        this.refreshing = null;
        if (this.refreshAgain) {
          this.refreshAgain = false;
          this.refresh();
        }
      });
  }

  private async read(): Promise<Entry[]> {
    const nodeIds = (await this.redis.smembers(this.nodesKey)).filter((id) => id !== this.options.nodeId);
    if (nodeIds.length === 0) return [];
    const values = await this.redis.mget(nodeIds.map((id) => `${this.options.keyPrefix}share:node:${id}`));
    const gone = nodeIds.filter((_, i) => values[i] === null);
    if (gone.length > 0) {
      this.logger.info({ nodes: gone }, 'broker nodes gone from the cluster (announcement expired)');
      await this.redis.srem(this.nodesKey, ...gone);
    }
    const entries: Entry[] = [];
    for (const value of values) {
      if (value === null) continue;
      try {
        for (const [share, clientId] of JSON.parse(value) as Entry[]) entries.push([share, clientId]);
      } catch {
        // a foreign or corrupt value: ignore that node rather than stop routing
      }
    }
    return entries;
  }
}
