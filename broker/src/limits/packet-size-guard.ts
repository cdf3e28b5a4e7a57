import { Duplex } from 'node:stream';
import { type FrameProblem, MqttFrameMeter } from './mqtt-frame-meter';

/**
 * Room for everything around a payload: fixed and variable header, topic, packet id, or a CONNECT's
 * client id, credentials and will topic. The payload itself is checked exactly in authorizePublish.
 */
export const PACKET_HEADROOM_BYTES = 4096;

export class PacketTooLargeError extends Error {
  constructor(readonly problem: FrameProblem, limit: number) {
    super(problem.kind === 'too-large' ? `packet announces ${problem.announcedBytes} bytes; the limit is ${limit}` : 'malformed remaining length');
    this.name = 'PacketTooLargeError';
  }
}

export interface PacketSizeGuardOptions {
  /** Largest Remaining Length accepted. */
  maxPacketBytes: number;
  onRefused(problem: FrameProblem): void;
  onBytesIn?(bytes: number): void;
  onBytesOut?(bytes: number): void;
}

/**
 * Sits between a raw connection (TCP, TLS or WebSocket stream) and aedes. aedes has no maximum packet
 * size (moscajs/aedes#831): its parser buffers whatever Remaining Length a client announces, so one
 * unauthenticated socket announcing a 200 MB CONNECT grows the broker by 200 MB. The guard reads each
 * packet's header as the bytes arrive and destroys the connection before the oversize packet's bytes
 * are handed on, so aedes never holds more than one allowed packet per client.
 */
export class PacketSizeGuard extends Duplex {
  private readonly meter: MqttFrameMeter;

  constructor(
    private readonly inner: Duplex,
    private readonly options: PacketSizeGuardOptions,
  ) {
    super({ allowHalfOpen: false });
    this.meter = new MqttFrameMeter(options.maxPacketBytes);
    inner.on('data', (chunk: Buffer) => this.onData(chunk));
    inner.on('end', () => this.push(null));
    inner.on('error', (err) => this.destroy(err));
    inner.on('close', () => this.destroy());
  }

  private onData(chunk: Buffer): void {
    if (this.destroyed) return;
    this.options.onBytesIn?.(chunk.length);
    const problem = this.meter.feed(chunk);
    if (problem) {
      this.options.onRefused(problem);
      this.inner.destroy();
      this.destroy(new PacketTooLargeError(problem, this.options.maxPacketBytes));
      return;
    }
    if (!this.push(chunk)) this.inner.pause();
  }

  override _read(): void {
    this.inner.resume();
  }

  /**
   * Outgoing bytes are held in the socket (corked) until the end of the event-loop turn, then go out
   * as one gathered write. aedes writes each delivered PUBLISH in its own setImmediate, so without
   * this every message to a subscriber cost a writev syscall of its own: a third of the broker's CPU
   * in bench/ingest, where one subscriber (the ingest) receives every reading. The turn ends within
   * the same loop iteration, so nothing waits for a timer.
   */
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.options.onBytesOut?.(chunk.length);
    this.hold();
    if (this.inner.write(chunk)) callback();
    else this.inner.once('drain', () => callback());
  }

  /** Several packets written in one tick (mqtt-packet corks the stream) arrive here together. */
  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    let bytes = 0;
    let ok = true;
    this.hold();
    for (const { chunk } of chunks) {
      bytes += chunk.length;
      ok = this.inner.write(chunk);
    }
    this.options.onBytesOut?.(bytes);
    if (ok) callback();
    else this.inner.once('drain', () => callback());
  }

  private held = false;

  private hold(): void {
    if (this.held) return;
    this.held = true;
    this.inner.cork();
    setImmediate(this.release);
  }

  private readonly release = (): void => {
    if (!this.held) return;
    this.held = false;
    this.inner.uncork();
  };

  override _final(callback: (error?: Error | null) => void): void {
    this.inner.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // What is held goes out first: aedes writes a refusing CONNACK and closes the connection at once.
    this.release();
    this.inner.destroy();
    callback(error);
  }
}
