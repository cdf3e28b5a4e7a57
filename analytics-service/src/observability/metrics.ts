import { Counter, Histogram, type Registry } from 'prom-client';

/** What /metrics shows for this service, besides Node's defaults. */
export class AnalyticsMetrics {
  readonly recomputeSeconds: Histogram<'job'>;
  readonly devicesProcessed: Counter<'job' | 'outcome'>;
  readonly findingsPublished: Counter<'kind'>;
  readonly readings: Counter;
  readonly applianceRuns: Counter;
  readonly requestsRefused: Counter<'pattern' | 'code'>;

  constructor(readonly registry: Registry) {
    this.recomputeSeconds = new Histogram({ name: 'analytics_recompute_seconds', help: 'Time to recompute every device, by job', labelNames: ['job'], buckets: [0.1, 0.5, 1, 5, 10, 30, 60, 300], registers: [registry] });
    this.devicesProcessed = new Counter({ name: 'analytics_devices_processed_total', help: 'Devices recomputed, by job and outcome', labelNames: ['job', 'outcome'], registers: [registry] });
    this.findingsPublished = new Counter({ name: 'analytics_findings_published_total', help: 'Findings published (new or grown), by kind', labelNames: ['kind'], registers: [registry] });
    this.readings = new Counter({ name: 'analytics_readings_total', help: 'Telemetry readings fed to the appliance monitors', registers: [registry] });
    this.applianceRuns = new Counter({ name: 'analytics_appliance_runs_total', help: 'Appliance runs (on/off pairs) found', registers: [registry] });
    this.requestsRefused = new Counter({ name: 'analytics_requests_refused_total', help: 'Bus requests refused (invalid, not_found), by pattern', labelNames: ['pattern', 'code'], registers: [registry] });
  }
}
