/**
 * Follows MQTT framing byte by byte without buffering anything: the fixed header's first byte, then
 * the Remaining Length varint (section 2.2.3), then skips the announced body. It lets the socket
 * guard refuse a packet from its header alone, before aedes' parser starts collecting its body.
 */
export type FrameProblem = { kind: 'too-large'; announcedBytes: number } | { kind: 'malformed' };

const MAX_LENGTH_BYTES = 4; // Remaining Length is at most four bytes [MQTT-2.2.3]

export class MqttFrameMeter {
  private state: 'type' | 'length' | 'body' = 'type';
  private length = 0;
  private multiplier = 1;
  private lengthBytes = 0;
  private bodyLeft = 0;

  constructor(private readonly maxRemainingLength: number) {}

  /** Feeds the next bytes of the stream; returns the first problem found, or null. */
  feed(chunk: Uint8Array): FrameProblem | null {
    let i = 0;
    while (i < chunk.length) {
      if (this.state === 'type') {
        i++;
        this.state = 'length';
        this.length = 0;
        this.multiplier = 1;
        this.lengthBytes = 0;
      } else if (this.state === 'length') {
        const byte = chunk[i++]!;
        this.length += (byte & 0x7f) * this.multiplier;
        this.multiplier *= 128;
        this.lengthBytes++;
        if (byte & 0x80) {
          if (this.lengthBytes === MAX_LENGTH_BYTES) return { kind: 'malformed' };
          continue;
        }
        if (this.length > this.maxRemainingLength) return { kind: 'too-large', announcedBytes: this.length };
        this.bodyLeft = this.length;
        this.state = this.length === 0 ? 'type' : 'body';
      } else {
        const take = Math.min(this.bodyLeft, chunk.length - i);
        i += take;
        this.bodyLeft -= take;
        if (this.bodyLeft === 0) this.state = 'type';
      }
    }
    return null;
  }
}
