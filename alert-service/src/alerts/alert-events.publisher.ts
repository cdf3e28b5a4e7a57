import { Inject, Injectable } from '@nestjs/common';
import { topics, type AlertEvent } from '@energy/contracts';
import type { AlertRow } from '@energy/db';
import { type Logger, BusPublisher } from '@energy/service-kit';
import { LOGGER } from '@energy/service-kit/nest';

/**
 * Publishes the alert's current state on `energy/{id}/alert`, retained, so a dashboard that
 * subscribes later sees it. Never awaited on the evaluation path: a slow broker must not stall rules;
 * mqtt.js keeps the publishes in order.
 */
@Injectable()
export class AlertEventsPublisher {
  constructor(
    private readonly bus: BusPublisher,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  publish(alert: AlertRow, atMs: number): void {
    const event: AlertEvent = {
      alert_id: alert.id,
      device_id: alert.deviceId,
      rule_id: alert.ruleId,
      kind: alert.kind,
      severity: alert.severity,
      state: alert.state,
      value: alert.value,
      threshold: alert.threshold,
      message: alert.message,
      ts: atMs,
      ...(alert.loadShed ? { load_shed: alert.loadShed } : {}),
    };
    this.bus.publish(topics.alert(alert.deviceId), event, { retain: true, qos: 1 }).catch((err: Error) => {
      this.logger.error({ alertId: alert.id, err: err.message }, 'could not publish the alert event');
    });
  }
}
