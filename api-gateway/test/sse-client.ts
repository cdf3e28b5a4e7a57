export interface SseEvent {
  event: string;
  data: string;
  at: number;
}

/** A minimal EventSource over fetch: collects events as they arrive. */
export class SseClient {
  readonly events: SseEvent[] = [];
  status = 0;
  private readonly abort = new AbortController();
  private waiters: Array<() => void> = [];
  closed = false;

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: client.abort.signal });
    client.status = res.status;
    if (res.ok && res.body) void client.read(res.body);
    else client.closed = true;
    return client;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data !== undefined) this.events.push({ event, data, at: performance.now() });
          this.waiters.splice(0).forEach((w) => w());
        }
      }
    } catch {
      // aborted
    } finally {
      this.closed = true;
      this.waiters.splice(0).forEach((w) => w());
    }
  }

  async waitFor(predicate: (e: SseEvent) => boolean, timeoutMs = 5_000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(predicate);
      if (found) return found;
      if (this.closed) throw new Error('stream closed');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for an event');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
  }

  close(): void {
    this.abort.abort();
  }
}
