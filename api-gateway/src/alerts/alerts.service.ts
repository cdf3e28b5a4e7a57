import { Injectable, NotFoundException } from '@nestjs/common';
import { servicePatterns, type Alert, type AlertAcknowledgeRequest, type AlertRecord, type Delivery } from '@energy/contracts';
import { AlertsStore, DeliveriesStore, toAlertRecord, type AlertFilter, type DeliveryAttempt } from '@energy/db';
import { maskPhone } from '@energy/service-kit';
import { AlertServiceClient } from '../bus/alert-service.client';

/** One entry per message (event, channel, recipient): the latest attempt's outcome, the attempt count and the last error. */
export function summarizeDeliveries(rows: readonly DeliveryAttempt[]): Delivery[] {
  const byMessage = new Map<string, Delivery>();
  for (const row of rows) {
    const key = `${row.event}\u0000${row.channel}\u0000${row.recipient}`;
    const view = byMessage.get(key) ?? { event: row.event, channel: row.channel, recipient: maskPhone(row.recipient), status: row.outcome, attempts: 0, lastError: null, at: 0 };
    view.status = row.outcome;
    view.attempts = Math.max(view.attempts, row.attempt);
    view.lastError = row.error ?? view.lastError;
    view.at = row.startedMs;
    byMessage.set(key, view);
  }
  return [...byMessage.values()];
}

/** Alerts and their deliveries are read through libs/db's stores (the alert service writes them). */
@Injectable()
export class AlertsService {
  constructor(
    private readonly alerts: AlertsStore,
    private readonly deliveries: DeliveriesStore,
    private readonly alertService: AlertServiceClient,
  ) {}

  async list(filter: AlertFilter): Promise<Alert[]> {
    const alerts = (await this.alerts.list(filter)).map(toAlertRecord);
    const deliveries = await this.deliveries.forAlerts(alerts.map((a) => a.id));
    return alerts.map((alert) => ({ ...alert, deliveries: summarizeDeliveries(deliveries.filter((d) => d.alertId === alert.id)) }));
  }

  async get(id: number): Promise<Alert> {
    const alert = await this.alerts.find(id);
    if (!alert) throw new NotFoundException(`alert ${id} does not exist`);
    return { ...toAlertRecord(alert), deliveries: summarizeDeliveries(await this.deliveries.forAlerts([id])) };
  }

  /** The alert service records the acknowledgement (it owns the table); the answer is read back with deliveries. */
  async acknowledge(id: number, by: string): Promise<Alert> {
    await this.alertService.request<AlertRecord>(servicePatterns.alertAcknowledge, { alertId: id, by } satisfies AlertAcknowledgeRequest);
    return this.get(id);
  }
}
