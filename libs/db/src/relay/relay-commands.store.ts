import type { LoadShedState, RelayCommandRecord, RelaySource, RelayState } from '@energy/contracts';
import type { Database } from '../database';
import { chunks } from '../statement-chunks';
import { loadShedOf } from './load-shed';

/**
 * requested: sent, not confirmed; confirmed: the device reported the state; failed: never confirmed
 * before it expired; expired: the device refused it as too late; restored: a confirmed cut switched
 * back on; superseded: a newer command for the same relay replaced it.
 */
export type RelayCommandStatus = RelayCommandRecord['status'];

/** A stored relay command (`relay_commands`, migrations 002 and 007). */
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
  /** The command's `expires_at`; commands stored before migration 007 had none (see `toRelayCommandRecord`). */
  expiresMs: number | null;
  source: RelaySource;
  requestedBy: string | null;
  reportedState: RelayState | null;
}

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

const COLUMNS = 'id, cmd_id, device_id, alert_id, state, reason, status, attempts, requested_ms, last_sent_ms, confirmed_ms, expires_ms, source, requested_by, reported_state';

const nullableNumber = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Drivers differ (MySQL may return BIGINT as strings): normalised here once. */
const toRow = (r: Record<string, unknown>): RelayCommandRow => ({
  id: Number(r.id),
  cmdId: String(r.cmd_id),
  deviceId: String(r.device_id),
  alertId: nullableNumber(r.alert_id),
  state: r.state as RelayState,
  reason: String(r.reason),
  status: r.status as RelayCommandStatus,
  attempts: Number(r.attempts),
  requestedMs: Number(r.requested_ms),
  lastSentMs: Number(r.last_sent_ms),
  confirmedMs: nullableNumber(r.confirmed_ms),
  expiresMs: nullableNumber(r.expires_ms),
  // Commands stored before migration 007 have no source: an alert's were load shedding's, the rest the API's.
  source: ((r.source as string | null) ?? (r.alert_id === null ? 'api' : 'load_shed')) as RelaySource,
  requestedBy: (r.requested_by as string | null) ?? null,
  reportedState: (r.reported_state as RelayState | null) ?? null,
});

/**
 * The command as the API shows it. `ttlMs` dates a command stored before migration 007 (no
 * `expires_ms`): the alert service knows its RELAY_COMMAND_TTL_MS, the gateway does not and passes 0.
 */
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

/**
 * relay_commands: what the alert service asked each relay to do, who asked, and how it ended. The
 * only module that knows its SQL; the alert service writes through it, the gateway and the alert
 * view (an alert's `loadShed`) read through it.
 */
export class RelayCommandsStore {
  constructor(private readonly db: Database) {}

  async insert(c: NewRelayCommand): Promise<RelayCommandRow> {
    const { insertId } = await this.db.execute(
      `INSERT INTO relay_commands (cmd_id, device_id, alert_id, state, reason, status, attempts, requested_ms, last_sent_ms, expires_ms, source, requested_by)
       VALUES (?, ?, ?, ?, ?, 'requested', 1, ?, ?, ?, ?, ?)`,
      [c.cmdId, c.deviceId, c.alertId, c.state, c.reason, c.atMs, c.atMs, c.expiresMs, c.source, c.requestedBy],
    );
    return (await this.find(insertId))!;
  }

  async find(id: number): Promise<RelayCommandRow | null> {
    const [row] = await this.db.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM relay_commands WHERE id = ?`, [id]);
    return row ? toRow(row) : null;
  }

  async findByCmdId(cmdId: string): Promise<RelayCommandRow | null> {
    const [row] = await this.db.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM relay_commands WHERE cmd_id = ?`, [cmdId]);
    return row ? toRow(row) : null;
  }

  /** Commands still waiting for a confirmation, and confirmed cuts that may be re-enabled. */
  async listUnsettled(): Promise<RelayCommandRow[]> {
    const rows = await this.db.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM relay_commands WHERE status = 'requested' OR (status = 'confirmed' AND state = 'off') ORDER BY id`);
    return rows.map(toRow);
  }

  /** The device's latest commands, newest first (at most 100). */
  async latestForDevice(deviceId: string, limit: number): Promise<RelayCommandRow[]> {
    const rows = await this.db.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM relay_commands WHERE device_id = ? ORDER BY id DESC LIMIT ?`, [
      deviceId,
      Math.max(1, Math.min(100, Math.trunc(limit))),
    ]);
    return rows.map(toRow);
  }

  /** The latest command sent for an alert (its cut, or the `on` that ended it), if any. */
  async latestForAlert(alertId: number): Promise<RelayCommandRow | null> {
    const [row] = await this.db.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM relay_commands WHERE alert_id = ? ORDER BY id DESC LIMIT 1`, [alertId]);
    return row ? toRow(row) : null;
  }

  /** Each alert's load-shedding state, derived from its commands; alerts that shed no load are left out. */
  async loadShedOf(alertIds: readonly number[]): Promise<Map<number, LoadShedState>> {
    const byAlert = new Map<number, RelayCommandRow[]>();
    for (const ids of chunks([...new Set(alertIds)])) {
      const rows = await this.db.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM relay_commands WHERE alert_id IN (${ids.map(() => '?').join(', ')}) ORDER BY id`, ids);
      for (const row of rows.map(toRow)) byAlert.set(row.alertId!, [...(byAlert.get(row.alertId!) ?? []), row]);
    }
    const states = new Map<number, LoadShedState>();
    for (const [alertId, commands] of byAlert) {
      const state = loadShedOf(commands);
      if (state) states.set(alertId, state);
    }
    return states;
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
