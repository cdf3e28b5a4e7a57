import { connect, type Socket } from 'node:net';
import mqttPacket, { type IConnectPacket, type Packet } from 'mqtt-packet';

/**
 * A hand-driven MQTT 3.1.1 connection for what well-behaved clients refuse to send: NUL in a client
 * id, an empty id with a persistent session, wildcard publishes, raw invalid UTF-8.
 */
export class RawMqtt {
  readonly packets: Packet[] = [];
  closed = false;
  private readonly closedPromise: Promise<void>;
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: Socket) {
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    parser.on('packet', (packet) => {
      this.packets.push(packet);
      this.waiters.splice(0).forEach((wake) => wake());
    });
    socket.on('data', (chunk) => parser.parse(chunk));
    socket.on('error', () => undefined);
    this.closedPromise = new Promise((resolve) => socket.once('close', () => {
      this.closed = true;
      this.waiters.splice(0).forEach((wake) => wake());
      resolve();
    }));
  }

  /** `localAddress` (any 127.x.y.z) lets one test play clients from several addresses. */
  static open(port: number, localAddress?: string): Promise<RawMqtt> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1', localAddress }, () => resolve(new RawMqtt(socket)));
      socket.once('error', reject);
    });
  }

  send(packet: Packet | Buffer): void {
    this.socket.write(Buffer.isBuffer(packet) ? packet : mqttPacket.generate(packet));
  }

  sendConnect(fields: Partial<IConnectPacket>): void {
    const packet = { cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 60, clientId: '', ...fields } as IConnectPacket;
    // mqtt-packet will not generate an empty client id without clean session, so patch the flag in.
    const patchClean = packet.clean === false && packet.clientId === '';
    const bytes = mqttPacket.generate(patchClean ? { ...packet, clean: true } : packet);
    if (patchClean) {
      let at = 1;
      while (bytes[at]! & 0x80) at++;
      const flagsAt = at + 1 + 6 + 1; // after the remaining length, "\0\4MQTT", the protocol level
      bytes[flagsAt] = bytes[flagsAt]! & ~0x02;
    }
    this.send(bytes);
  }

  /** The next packet of `cmd`, or null if the connection closes (or `timeoutMs` passes) first. */
  async next(cmd: Packet['cmd'], timeoutMs = 2_000): Promise<Packet | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.packets.find((p) => p.cmd === cmd);
      if (found) {
        this.packets.splice(this.packets.indexOf(found), 1);
        return found;
      }
      if (this.closed || Date.now() >= deadline) return null;
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, Math.max(0, deadline - Date.now())).unref();
      });
    }
  }

  whenClosed(timeoutMs = 2_000): Promise<boolean> {
    return Promise.race([this.closedPromise.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs).unref())]);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** A QoS 0 PUBLISH whose topic bytes are taken as given (for ill-formed UTF-8). */
export function rawPublish(topic: Buffer, payload: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from([topic.length >> 8, topic.length & 0xff]), topic, payload]);
  return Buffer.concat([Buffer.from([0x30]), encodeRemainingLength(body.length), body]);
}

export function encodeRemainingLength(length: number): Buffer {
  const bytes: number[] = [];
  do {
    let byte = length % 128;
    length = Math.floor(length / 128);
    if (length > 0) byte |= 0x80;
    bytes.push(byte);
  } while (length > 0);
  return Buffer.from(bytes);
}
