import { Inject, Injectable } from '@nestjs/common';
import type { RelayState } from '@energy/contracts';
import type { Database } from '@energy/db';
import { DATABASE } from '../core/tokens';

/** requested: sent, not confirmed; confirmed: the device reported the state; failed: never confirmed; restored: switched back on. */
export type RelayCommandStatus = 'requested' | 'confirmed' | 'failed' | 'restored';

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
});

/** relay_commands: what the service asked each relay to do, and whether the device confirmed it. */
@Injectable()
export class RelayCommandsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async insert(c: { cmdId: string; deviceId: string; alertId: number | null; state: RelayState; reason: string; atMs: number }): Promise<RelayCommandRow> {
    const { insertId } = await this.db.execute(
      `INSERT INTO relay_commands (cmd_id, device_id, alert_id, state, reason, status, attempts, requested_ms, last_sent_ms) VALUES (?, ?, ?, ?, ?, 'requested', 1, ?, ?)`,
      [c.cmdId, c.deviceId, c.alertId, c.state, c.reason, c.atMs, c.atMs],
    );
    return (await this.find(insertId))!;
  }

  async find(id: number): Promise<RelayCommandRow | null> {
    const [row] = await this.db.query<Record<string, unknown>>('SELECT * FROM relay_commands WHERE id = ?', [id]);
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

  async resent(id: number, atMs: number): Promise<void> {
    await this.db.execute('UPDATE relay_commands SET attempts = attempts + 1, last_sent_ms = ? WHERE id = ?', [atMs, id]);
  }

  async setStatus(id: number, status: RelayCommandStatus, atMs: number): Promise<void> {
    const confirmed = status === 'confirmed' ? ', confirmed_ms = ?' : '';
    await this.db.execute(`UPDATE relay_commands SET status = ?${confirmed} WHERE id = ?`, status === 'confirmed' ? [status, atMs, id] : [status, id]);
  }
}
