import { Counter, Gauge, type Registry } from 'prom-client';

export type BrokerMetrics = ReturnType<typeof createBrokerMetrics>;

export function createBrokerMetrics(registry: Registry) {
  const registers = [registry];
  return {
    clientsConnected: new Gauge({ name: 'mqtt_clients_connected', help: 'Authenticated MQTT clients connected now', registers }),
    connectionsOpen: new Gauge({ name: 'mqtt_connections_open', help: 'Open sockets, authenticated or not', registers }),
    connectionsTotal: new Counter({ name: 'mqtt_connections_total', help: 'Sockets accepted, by transport', labelNames: ['transport'], registers }),
    messagesIn: new Counter({ name: 'mqtt_messages_in_total', help: 'PUBLISH packets accepted from clients', registers }),
    messagesOut: new Counter({ name: 'mqtt_messages_out_total', help: 'PUBLISH packets delivered to subscribers', registers }),
    refusals: new Counter({ name: 'mqtt_refusals_total', help: 'Connections, packets, publishes and subscriptions refused, by reason', labelNames: ['reason'], registers }),
    bytesIn: new Counter({ name: 'mqtt_bytes_in_total', help: 'Bytes received on MQTT connections', registers }),
    sharedMembers: new Gauge({ name: 'mqtt_shared_subscription_members', help: 'Members of each shared subscription across the cluster, as this node sees them', labelNames: ['share'], registers }),
    sharedDelivered: new Counter({ name: 'mqtt_shared_messages_delivered_total', help: 'Messages this node handed to a shared-subscription member', registers }),
    bytesOut: new Counter({ name: 'mqtt_bytes_out_total', help: 'Bytes sent on MQTT connections', registers }),
  };
}
