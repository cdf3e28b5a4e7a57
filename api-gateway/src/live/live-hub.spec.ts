import { PassThrough, Writable } from 'node:stream';
import { LiveHub } from './live-hub';

/** A socket that accepts `capacity` bytes and then stays full until drained by hand. */
class SlowSink extends Writable {
  received = '';
  private pending: (() => void) | null = null;
  constructor() {
    super({ highWaterMark: 64 });
  }
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.received += chunk.toString();
    this.pending = done;
  }
  release(): void {
    const done = this.pending;
    this.pending = null;
    done?.();
  }
}

const collect = (stream: PassThrough) => {
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString()));
  return () => text;
};

describe(LiveHub.name, () => {
  let hub: LiveHub;
  let drops: number;
  beforeEach(() => {
    drops = 0;
    hub = new LiveHub({ maxQueuedBytes: 1_000, heartbeatMs: 60_000, onDrop: () => drops++ });
  });
  afterEach(() => hub.closeAll());

  it('sends events as SSE, only for the devices a client chose', () => {
    const kitchen = new PassThrough();
    const all = new PassThrough();
    const kitchenText = collect(kitchen);
    const allText = collect(all);
    hub.add(kitchen, ['kitchen-1']);
    hub.add(all, null);
    hub.publish('reading', 'kitchen-1', '{"a":1}');
    hub.publish('status', 'garage-2', '{"b":2}');
    expect(kitchenText()).toBe('retry: 3000\n\nevent: reading\ndata: {"a":1}\n\n');
    expect(allText()).toContain('event: status\ndata: {"b":2}\n\n');
  });

  it('queues while the socket is full and delivers in order after drain', () => {
    const sink = new SlowSink();
    hub.add(sink, null);
    for (let i = 0; i < 5; i++) hub.publish('reading', 'a', `{"i":${i}}`);
    expect(drops).toBe(0);
    for (let i = 0; i < 10; i++) sink.release();
    expect(sink.received.match(/"i":\d/g)).toEqual(['"i":0', '"i":1', '"i":2', '"i":3', '"i":4']);
  });

  it('drops a client whose queue would exceed the bound, and keeps serving the others', () => {
    const slow = new SlowSink();
    const fast = new PassThrough();
    const fastText = collect(fast);
    hub.add(slow, null);
    hub.add(fast, null);
    for (let i = 0; i < 100; i++) hub.publish('reading', 'a', JSON.stringify({ i, pad: 'x'.repeat(50) }));
    expect(drops).toBe(1);
    expect(slow.destroyed).toBe(true);
    expect(hub.size).toBe(1);
    expect(fastText().match(/event: reading/g)).toHaveLength(100);
  });

  it('ends every stream on close', () => {
    const sink = new PassThrough();
    hub.add(sink, null);
    hub.closeAll();
    expect(sink.writableEnded).toBe(true);
  });
});
