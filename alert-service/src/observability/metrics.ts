import { Counter, type Registry } from 'prom-client';

/** The counters /metrics shows for this service. */
export class AlertMetrics {
  readonly evaluations: Counter<'source'>;
  readonly alertsRaised: Counter<'kind' | 'severity'>;
  readonly alertsCleared: Counter<'kind'>;
  readonly deliveries: Counter<'channel' | 'outcome'>;
  readonly relayCommands: Counter<'state' | 'outcome'>;
  readonly findingsRefused: Counter;

  constructor(readonly registry: Registry) {
    this.evaluations = new Counter({ name: 'alert_evaluations_total', help: 'Rule evaluations, by what triggered them', labelNames: ['source'], registers: [registry] });
    this.alertsRaised = new Counter({ name: 'alerts_raised_total', help: 'Alerts raised', labelNames: ['kind', 'severity'], registers: [registry] });
    this.alertsCleared = new Counter({ name: 'alerts_cleared_total', help: 'Alerts cleared', labelNames: ['kind'], registers: [registry] });
    this.deliveries = new Counter({ name: 'alert_deliveries_total', help: 'Notification delivery attempts, by outcome', labelNames: ['channel', 'outcome'], registers: [registry] });
    this.findingsRefused = new Counter({ name: 'alert_findings_refused_total', help: 'Messages on energy/+/finding that are not a finding of their device (logged with the reason)', registers: [registry] });
    this.relayCommands = new Counter({ name: 'alert_relay_commands_total', help: 'Relay commands sent and how they ended', labelNames: ['state', 'outcome'], registers: [registry] });
  }
}
