import { createMetricsRegistry } from '@energy/service-kit';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The gateway's Prometheus metrics, on one registry with Node's defaults. */
export class GatewayMetrics {
  readonly registry: Registry = createMetricsRegistry('api-gateway');
  readonly httpDuration = new Histogram({
    name: 'gateway_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });
  readonly liveClients = new Gauge({ name: 'gateway_live_clients', help: 'Open live (SSE) streams', registers: [this.registry] });
  readonly liveDropped = new Counter({
    name: 'gateway_live_clients_dropped_total',
    help: 'Live streams closed because the client could not keep up',
    registers: [this.registry],
  });
  readonly liveEvents = new Counter({ name: 'gateway_live_events_total', help: 'Events fanned out to live streams', labelNames: ['event'], registers: [this.registry] });
  readonly loginFailures = new Counter({ name: 'gateway_login_failures_total', help: 'Failed log-ins', registers: [this.registry] });
  readonly readingsPublished = new Counter({
    name: 'gateway_http_readings_total',
    help: 'Readings posted over HTTP (update-dht-data), by outcome',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
}
