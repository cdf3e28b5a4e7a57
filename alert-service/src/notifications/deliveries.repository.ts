import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '@energy/db';
import { DATABASE } from '@energy/service-kit/nest';

/** sent: delivered; retrying: failed, another attempt follows; failed: gave up; rate_limited: not attempted. */
export type DeliveryOutcome = 'sent' | 'retrying' | 'failed' | 'rate_limited';

export interface DeliveryAttempt {
  alertId: number | null;
  event: string;
  channel: string;
  recipient: string;
  attempt: number;
  outcome: DeliveryOutcome;
  httpStatus: number | null;
  error: string | null;
  startedMs: number;
  durationMs: number;
}

/** notification_deliveries: one row per attempt, so the gateway can show what happened to each message. */
@Injectable()
export class DeliveriesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async record(a: DeliveryAttempt): Promise<void> {
    await this.db.execute(
      `INSERT INTO notification_deliveries (alert_id, event, channel, recipient, attempt, outcome, http_status, error, started_ms, duration_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [a.alertId, a.event, a.channel, a.recipient, a.attempt, a.outcome, a.httpStatus, a.error, a.startedMs, Math.round(a.durationMs)],
    );
  }

  async forAlert(alertId: number): Promise<DeliveryAttempt[]> {
    const rows = await this.db.query<Record<string, unknown>>('SELECT * FROM notification_deliveries WHERE alert_id = ? ORDER BY id', [alertId]);
    return rows.map((r) => ({
      alertId: Number(r.alert_id),
      event: String(r.event),
      channel: String(r.channel),
      recipient: String(r.recipient),
      attempt: Number(r.attempt),
      outcome: r.outcome as DeliveryOutcome,
      httpStatus: r.http_status === null ? null : Number(r.http_status),
      error: (r.error as string | null) ?? null,
      startedMs: Number(r.started_ms),
      durationMs: Number(r.duration_ms),
    }));
  }
}
