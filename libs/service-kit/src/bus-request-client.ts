import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';

export interface BusRequestClientOptions {
  url: string;
  username?: string;
  password?: string;
  clientId: string;
  /** The replies' filter, subscribed once for the client's life (e.g. `svc/analytics/+/+/reply`). */
  replyFilter: string;
}

export class BusRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BusRequestError';
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * Requests to a NestJS MessagePattern handler over MQTT (its wire format: `{pattern, data, id}` on
 * the pattern's topic, `{id, response | err}` on `{pattern}/reply`), on one plain mqtt.js connection
 * that subscribes to the replies once. Nest's ClientMqtt subscribes and unsubscribes the reply topic
 * around each request, and a second request of the same pattern right after the first can lose its
 * reply to the first one's unsubscribe; this client has no such window.
 */
export class BusRequestClient {
  private client: MqttClient | null = null;
  private ready: Promise<void> | null = null;
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly options: BusRequestClientOptions) {}

  /** The data the handler returned; rejects with BusRequestError on its error or after `timeoutMs` without an answer. */
  async request<T>(pattern: string, data: unknown, timeoutMs: number): Promise<T> {
    const id = randomUUID();
    const answer = new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new BusRequestError(`no answer within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
    });
    try {
      await Promise.race([this.connect(), answer]);
      await this.client!.publishAsync(pattern, JSON.stringify({ pattern, data, id }), { qos: 1 });
    } catch (err) {
      this.settle(id, (p) => p.reject(err instanceof BusRequestError ? err : new BusRequestError((err as Error).message)));
    }
    return answer;
  }

  private connect(): Promise<void> {
    if (this.ready) return this.ready;
    const { url, username, password, clientId, replyFilter } = this.options;
    const client = mqtt.connect(url, { username, password, clientId, clean: true, reconnectPeriod: 1_000, connectTimeout: 5_000 });
    this.client = client;
    client.on('message', (_topic, payload) => this.onReply(payload));
    // A failed first attempt is not fatal: mqtt.js reconnects, and each request has its own timeout.
    client.on('error', () => undefined);
    this.ready = new Promise<void>((resolve) => {
      client.on('connect', () => {
        client.subscribe(replyFilter, { qos: 1 }, (err) => {
          if (!err) resolve();
        });
      });
    });
    return this.ready;
  }

  private onReply(payload: Buffer): void {
    let packet: { id?: unknown; response?: unknown; err?: unknown };
    try {
      packet = JSON.parse(payload.toString('utf8')) as typeof packet;
    } catch {
      return;
    }
    if (typeof packet.id !== 'string') return;
    if ('err' in packet && packet.err !== undefined) {
      const message = typeof packet.err === 'string' ? packet.err : JSON.stringify(packet.err);
      this.settle(packet.id, (p) => p.reject(new BusRequestError(message)));
    } else if ('response' in packet) {
      this.settle(packet.id, (p) => p.resolve(packet.response));
    }
  }

  private settle(id: string, how: (p: Pending) => void): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    how(pending);
  }

  async close(): Promise<void> {
    for (const id of [...this.pending.keys()]) this.settle(id, (p) => p.reject(new BusRequestError('the client is closing')));
    await this.client?.endAsync().catch(() => undefined);
    this.client = null;
    this.ready = null;
  }
}
