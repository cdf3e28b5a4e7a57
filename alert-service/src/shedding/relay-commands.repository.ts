import { Inject, Injectable } from '@nestjs/common';
import type { RelayCommandRecord, RelaySource, RelayState } from '@energy/contracts';
import type { Database } from '@energy/db';
import { DATABASE } from '@energy/service-kit/nest';

/**
 * requested: sent, not confirmed; confirmed: the device reported the state; failed: never confirmed
 * before it expired; expired: the device refused it as too late; restored: a confirmed cut switched
 * back on; superseded: a newer command for the same relay replaced it.
 */
export type RelayCommandStatus = RelayCommandRecord['status'];

export interface RelayCommandRow {
  id: number;
  cmdId: string;
  deviceId: string;
  alertId: number | null;
  state: RelayState;
  reason: string;
  status: RelayCommandStatus;
  attempts: number;
  requestedMs: number;
  lastSentMs: number;
  confirmedMs: number | null;
  /** The command's `expires_at`; commands stored before migration 007 had none (taken as requested + the TTL). */
  expiresMs: number | null;
  source: RelaySource;
  requestedBy: string | null;
  reportedState: RelayState | null;
}

const toRow = (r: Record<string, unknown>): RelayCommandRow => ({
  id: Number(r.id),
  cmdId: String(r.cmd_id),
  deviceId: String(r.device_id),
  alertId: r.alert_id === null ? null : Number(r.alert_id),
  state: r.state as RelayState,
  reason: String(r.reason),
  status: r.status as RelayCommandStatus,
  attempts: Number(r.attempts),
  requestedMs: Number(r.requested_ms),
  lastSentMs: Number(r.last_sent_ms),
  confirmedMs: r.confirmed_ms === null ? null : Number(r.confirmed_ms),
  expiresMs: r.expires_ms === null || r.expires_ms === undefined ? null : Number(r.expires_ms),
  source: ((r.source as string | null) ?? (r.alert_id === null ? 'api' : 'load_shed')) as RelaySource,
  requestedBy: (r.requested_by as string | null) ?? null,
  reportedState: (r.reported_state as RelayState | null) ?? null,
});

export const toRelayCommandRecord = (c: RelayCommandRow, ttlMs: number): RelayCommandRecord => ({
  cmdId: c.cmdId,
  deviceId: c.deviceId,
  state: c.state,
  status: c.status,
  source: c.source,
  requestedBy: c.requestedBy,
  alertId: c.alertId,
  reason: c.reason,
  attempts: c.attempts,
  issuedAt: c.requestedMs,
  expiresAt: c.expiresMs ?? c.requestedMs + ttlMs,
  confirmedAt: c.confirmedMs,
  reportedState: c.reportedState,
});

export interface NewRelayCommand {
  cmdId: string;
  deviceId: string;
  alertId: number | null;
  state: RelayState;
  reason: string;
  atMs: number;
  expiresMs: number;
  source: RelaySource;
  requestedBy: string | null;
}

/** relay_commands: what the service asked each relay to do, who asked, and how it ended. */
@Injectable()
export class RelayCommandsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async insert(c: NewRelayCommand): Promise<RelayCommandRow> {
    const { insertId } = await this.db.execute(
      `INSERT INTO relay_commands (cmd_id, device_id, alert_id, state, reason, status, attempts, requested_ms, last_sent_ms, expires_ms, source, requested_by)
       VALUES (?, ?, ?, ?, ?, 'requested', 1, ?, ?, ?, ?, ?)`,
      [c.cmdId, c.deviceId, c.alertId, c.state, c.reason, c.atMs, c.atMs, c.expiresMs, c.source, c.requestedBy],
    );
    return (await this.find(insertId))!;
  }

  async find(id: number): Promise<RelayCommandRow | null> {
    const [row] = await this.db.query<Record<string, unknown>>('SELECT * FROM relay_commands WHERE id = ?', [id]);
    return row ? toRow(row) : null;
  }

  async findByCmdId(cmdId: string): Promise<RelayCommandRow | null> {
    const [row] = await this.db.query<Record<string, unknown>>('SELECT * FROM relay_commands WHERE cmd_id = ?', [cmdId]);
    return row ? toRow(row) : null;
  }

  /** Commands still waiting for a confirmation, and confirmed cuts that may be re-enabled. */
  async listUnsettled(): Promise<RelayCommandRow[]> {
    const rows = await this.db.query<Record<string, unknown>>("SELECT * FROM relay_commands WHERE status = 'requested' OR (status = 'confirmed' AND state = 'off') ORDER BY id");
    return rows.map(toRow);
  }

  async forDevice(deviceId: string): Promise<RelayCommandRow[]> {
    return (await this.db.query<Record<string, unknown>>('SELECT * FROM relay_commands WHERE device_id = ? ORDER BY id', [deviceId])).map(toRow);
  }

  /** The latest command that cut the load an alert shed (its `off`), if any. */
  async latestForAlert(alertId: number): Promise<RelayCommandRow | null> {
    const [row] = await this.db.query<Record<string, unknown>>('SELECT * FROM relay_commands WHERE alert_id = ? ORDER BY id DESC LIMIT 1', [alertId]);
    return row ? toRow(row) : null;
  }

  async resent(id: number, atMs: number): Promise<void> {
    await this.db.execute('UPDATE relay_commands SET attempts = attempts + 1, last_sent_ms = ? WHERE id = ?', [atMs, id]);
  }

  /** `reportedState`: for failed and expired, what the device last said the relay is doing. */
  async setStatus(id: number, status: RelayCommandStatus, atMs: number, reportedState: RelayState | null = null): Promise<void> {
    if (status === 'confirmed') await this.db.execute('UPDATE relay_commands SET status = ?, confirmed_ms = ? WHERE id = ?', [status, atMs, id]);
    else if (status === 'failed' || status === 'expired') await this.db.execute('UPDATE relay_commands SET status = ?, reported_state = ? WHERE id = ?', [status, reportedState, id]);
    else await this.db.execute('UPDATE relay_commands SET status = ? WHERE id = ?', [status, id]);
  }
}
