import type { Aedes, Client } from 'aedes';
import { writeToStream, type IPublishPacket } from 'mqtt-packet';

/** What aedes keeps on a client and does not type: the connection and the packet id counter. */
interface ClientInternals {
  conn: NodeJS.WritableStream & { once(event: 'drain' | 'close', listener: () => void): unknown };
  connected: boolean;
  closed: boolean;
  _nextId: number;
}

export interface SharedMessage {
  topic: string;
  payload: Buffer | string;
  qos?: number;
}

/**
 * Writes one PUBLISH to the member chosen for it, at QoS min(subscription, publication) [MQTT-3.8.4-6].
 *
 * Deliberately NOT through the member's session queue (client.publish / deliverQoS): a QoS 1 message
 * still unacknowledged when the member goes away is not kept for it. Its devices move to another
 * member, and the device re-sends anything the ingest never acknowledged; keeping it would hand the
 * same device's readings to two members once the old one came back (MQTT 5 section 4.8.2 allows both;
 * "MAY wait for the client to reconnect"). It also saves three Redis round trips per message in a cluster.
 *
 * The packet id comes from aedes' own counter for this client, so it never collides with a message
 * aedes delivers to the same client on an ordinary subscription. The member's PUBACK then finds no
 * stored packet, which aedes accepts.
 *
 * Calls `done` once the bytes are handed to the socket (or after a drain), which is what bounds how
 * much the broker buffers for a slow member: aedes' mq runs at most `concurrency` deliveries at once.
 */
export function deliverShared(aedes: Aedes, client: Client, message: SharedMessage, subscriptionQos: number, done: () => void): void {
  const c = client as unknown as ClientInternals;
  if (!c.connected || c.closed) return done();
  const qos = Math.min(subscriptionQos, message.qos ?? 0) as 0 | 1 | 2;
  const packet: IPublishPacket = {
    cmd: 'publish',
    topic: message.topic,
    payload: typeof message.payload === 'string' ? Buffer.from(message.payload) : message.payload,
    qos,
    // Not a retained message to this member: it reaches it through an established subscription [MQTT-3.3.1-9].
    retain: false,
    dup: false,
  };
  // The hook counts deliveries (mqtt_messages_out_total) like any other forward.
  const forwarded = aedes.authorizeForward(client, packet as never) as IPublishPacket | null | undefined;
  if (!forwarded) return done();
  if (qos > 0) {
    forwarded.messageId = c._nextId;
    c._nextId = c._nextId >= 65535 ? 1 : c._nextId + 1;
  }
  let flushed: boolean;
  try {
    flushed = writeToStream(forwarded, c.conn);
  } catch {
    return done();
  }
  if (flushed) return done();
  let called = false;
  const once = () => {
    if (called) return;
    called = true;
    done();
  };
  c.conn.once('drain', once);
  c.conn.once('close', once);
}
