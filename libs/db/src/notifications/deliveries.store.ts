import type { Database } from '../database';
import { chunks } from '../statement-chunks';

/** sent: delivered; retrying: failed, another attempt follows; failed: gave up; rate_limited: not attempted. */
export type DeliveryOutcome = 'sent' | 'retrying' | 'failed' | 'rate_limited';

/** One attempt to deliver one message (`notification_deliveries`, migration 002). */
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

const COLUMNS = 'alert_id, event, channel, recipient, attempt, outcome, http_status, error, started_ms, duration_ms';

const toAttempt = (r: Record<string, unknown>): DeliveryAttempt => ({
  alertId: r.alert_id === null ? null : Number(r.alert_id),
  event: String(r.event),
  channel: String(r.channel),
  recipient: String(r.recipient),
  attempt: Number(r.attempt),
  outcome: r.outcome as DeliveryOutcome,
  httpStatus: r.http_status === null ? null : Number(r.http_status),
  error: (r.error as string | null) ?? null,
  startedMs: Number(r.started_ms),
  durationMs: Number(r.duration_ms),
});

/**
 * notification_deliveries: the only module that knows their SQL. The alert service records one row
 * per attempt; the gateway reads them to show what happened to each alert's messages.
 */
export class DeliveriesStore {
  constructor(private readonly db: Database) {}

  async record(a: DeliveryAttempt): Promise<void> {
    await this.db.execute(
      `INSERT INTO notification_deliveries (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [a.alertId, a.event, a.channel, a.recipient, a.attempt, a.outcome, a.httpStatus, a.error, a.startedMs, Math.round(a.durationMs)],
    );
  }

  /** Every attempt for these alerts, in the order they were made. */
  async forAlerts(alertIds: readonly number[]): Promise<DeliveryAttempt[]> {
    const attempts: DeliveryAttempt[] = [];
    for (const ids of chunks([...new Set(alertIds)])) {
      const rows = await this.db.query<Record<string, unknown>>(`SELECT id, ${COLUMNS} FROM notification_deliveries WHERE alert_id IN (${ids.map(() => '?').join(', ')}) ORDER BY id`, ids);
      attempts.push(...rows.map(toAttempt));
    }
    return attempts;
  }
}
