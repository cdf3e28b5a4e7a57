import { Counter, Gauge, type Registry } from 'prom-client';

export type BrokerMetrics = ReturnType<typeof createBrokerMetrics>;

/**
 * A counter for events of every message (or chunk): counted in a plain number and handed to
 * prom-client when /metrics is read. prom-client's own inc() hashes its labels on every call, a few
 * per cent of the broker's CPU when every reading passes through twice.
 */
export interface Tally {
  inc(by?: number): void;
}

function tally(name: string, help: string, registers: Registry[]): Tally {
  let pending = 0;
  new Counter({
    name,
    help,
    registers,
    collect() {
      if (pending > 0) this.inc(pending);
      pending = 0;
    },
  });
  return {
    inc(by = 1) {
      pending += by;
    },
  };
}

export function createBrokerMetrics(registry: Registry) {
  const registers = [registry];
  return {
    clientsConnected: new Gauge({ name: 'mqtt_clients_connected', help: 'Authenticated MQTT clients connected now', registers }),
    connectionsOpen: new Gauge({ name: 'mqtt_connections_open', help: 'Open sockets, authenticated or not', registers }),
    connectionsTotal: new Counter({ name: 'mqtt_connections_total', help: 'Sockets accepted, by transport', labelNames: ['transport'], registers }),
    messagesIn: tally('mqtt_messages_in_total', 'PUBLISH packets accepted from clients', registers),
    messagesOut: tally('mqtt_messages_out_total', 'PUBLISH packets delivered to subscribers', registers),
    refusals: new Counter({ name: 'mqtt_refusals_total', help: 'Connections, packets, publishes and subscriptions refused, by reason', labelNames: ['reason'], registers }),
    bytesIn: tally('mqtt_bytes_in_total', 'Bytes received on MQTT connections', registers),
    sharedMembers: new Gauge({ name: 'mqtt_shared_subscription_members', help: 'Members of each shared subscription across the cluster, as this node sees them', labelNames: ['share'], registers }),
    sharedDelivered: tally('mqtt_shared_messages_delivered_total', 'Messages this node handed to a shared-subscription member', registers),
    bytesOut: tally('mqtt_bytes_out_total', 'Bytes sent on MQTT connections', registers),
  };
}
