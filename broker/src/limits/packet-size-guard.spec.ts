import { Duplex } from 'node:stream';
import { PacketSizeGuard } from './packet-size-guard';

/** A socket stand-in that records how its writes arrive: one by one, or gathered. */
class RecordingSocket extends Duplex {
  readonly calls: Buffer[][] = [];
  override _read(): void {}
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.calls.push([chunk]);
    callback();
  }
  override _writev(chunks: Array<{ chunk: Buffer }>, callback: () => void): void {
    this.calls.push(chunks.map((c) => c.chunk));
    callback();
  }
}

describe('PacketSizeGuard writes', () => {
  it('hands packets written in one tick to the socket as one gathered write, in order, counting every byte', async () => {
    const socket = new RecordingSocket();
    let bytesOut = 0;
    const guard = new PacketSizeGuard(socket, { maxPacketBytes: 1024, onRefused: () => undefined, onBytesOut: (n) => (bytesOut += n) });
    guard.cork();
    for (const text of ['one', 'two', 'three']) guard.write(Buffer.from(text));
    guard.uncork();
    await new Promise((resolve) => setImmediate(resolve));
    expect(socket.calls.map((call) => call.map((b) => b.toString()))).toEqual([['one', 'two', 'three']]);
    expect(bytesOut).toBe(11);
  });

  it('gathers packets written in separate immediates of one loop turn (as aedes delivers them) into one write', async () => {
    const socket = new RecordingSocket();
    const guard = new PacketSizeGuard(socket, { maxPacketBytes: 1024, onRefused: () => undefined });
    for (const text of ['a', 'b', 'c']) setImmediate(() => guard.write(Buffer.from(text)));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(socket.calls.map((call) => call.map((b) => b.toString()))).toEqual([['a', 'b', 'c']]);
  });

  it('still delivers a packet written alone, without waiting for another', async () => {
    const socket = new RecordingSocket();
    const guard = new PacketSizeGuard(socket, { maxPacketBytes: 1024, onRefused: () => undefined });
    guard.write(Buffer.from('alone'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(socket.calls.flat().map((b) => b.toString())).toEqual(['alone']);
  });

  it('sends what it holds before the connection is destroyed (a refusing CONNACK, then the close)', async () => {
    const socket = new RecordingSocket();
    const guard = new PacketSizeGuard(socket, { maxPacketBytes: 1024, onRefused: () => undefined });
    guard.write(Buffer.from('connack'));
    guard.destroy();
    expect(socket.calls.flat().map((b) => b.toString())).toEqual(['connack']);
  });
});
