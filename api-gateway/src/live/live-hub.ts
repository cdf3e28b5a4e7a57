import type { Writable } from 'node:stream';

export type LiveEvent = 'reading' | 'alert' | 'status' | 'relay';

export interface LiveHubOptions {
  /** What a client may have waiting beyond the socket's own buffer before it is dropped. */
  maxQueuedBytes: number;
  heartbeatMs: number;
  onDrop?: () => void;
  onEvent?: (event: LiveEvent) => void;
}

/** The response side of one Server-Sent Events stream. */
export type LiveSink = Pick<Writable, 'write' | 'once' | 'destroy' | 'end' | 'writableEnded' | 'destroyed'>;

interface Client {
  sink: LiveSink;
  /** null: every device. */
  devices: ReadonlySet<string> | null;
  queue: string[];
  queuedBytes: number;
  waitingForDrain: boolean;
}

export const formatSse = (event: LiveEvent, data: string): string => `event: ${event}\ndata: ${data}\n\n`;

/**
 * Fans bus events out to live streams. Each client has a bounded queue: while its socket is
 * full, events wait; when more than `maxQueuedBytes` would wait, the client is dropped. A slow
 * browser can therefore never grow the gateway's memory, and never delays the others.
 */
export class LiveHub {
  private readonly clients = new Set<Client>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly options: LiveHubOptions) {
    this.heartbeat = setInterval(() => this.writeAll(': heartbeat\n\n'), options.heartbeatMs);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /** Registers a stream; returns the function that removes it. */
  add(sink: LiveSink, devices: readonly string[] | null, initial: string[] = []): () => void {
    const client: Client = { sink, devices: devices ? new Set(devices) : null, queue: [], queuedBytes: 0, waitingForDrain: false };
    this.clients.add(client);
    // `retry` tells EventSource how long to wait before reconnecting.
    this.write(client, 'retry: 3000\n\n');
    for (const chunk of initial) this.write(client, chunk);
    return () => this.clients.delete(client);
  }

  publish(event: LiveEvent, deviceId: string, data: string): void {
    if (this.clients.size === 0) return;
    const chunk = formatSse(event, data);
    let delivered = false;
    for (const client of this.clients) {
      if (client.devices && !client.devices.has(deviceId)) continue;
      this.write(client, chunk);
      delivered = true;
    }
    if (delivered) this.options.onEvent?.(event);
  }

  /** Ends every stream (shutdown). */
  closeAll(): void {
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.sink.end();
    this.clients.clear();
  }

  private writeAll(chunk: string): void {
    for (const client of this.clients) this.write(client, chunk);
  }

  private write(client: Client, chunk: string): void {
    if (client.sink.destroyed || client.sink.writableEnded) {
      this.clients.delete(client);
      return;
    }
    if (client.waitingForDrain) {
      client.queuedBytes += Buffer.byteLength(chunk);
      if (client.queuedBytes > this.options.maxQueuedBytes) return this.drop(client);
      client.queue.push(chunk);
      return;
    }
    if (!client.sink.write(chunk)) {
      client.waitingForDrain = true;
      client.sink.once('drain', () => this.flush(client));
    }
  }

  private flush(client: Client): void {
    client.waitingForDrain = false;
    const queued = client.queue;
    client.queue = [];
    client.queuedBytes = 0;
    for (const chunk of queued) this.write(client, chunk);
  }

  private drop(client: Client): void {
    this.clients.delete(client);
    client.queue = [];
    client.sink.destroy();
    this.options.onDrop?.();
  }
}
