import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '@energy/db';
import type { RelayCommandRecord } from '@energy/contracts';
import { DATABASE } from '@energy/service-kit/nest';

interface Row {
  cmd_id: string;
  device_id: string;
  state: RelayCommandRecord['state'];
  status: RelayCommandRecord['status'];
  source: RelayCommandRecord['source'] | null;
  requested_by: string | null;
  alert_id: number | null;
  reason: string;
  attempts: number;
  requested_ms: number;
  expires_ms: number | null;
  confirmed_ms: number | null;
  reported_state: RelayCommandRecord['state'] | null;
}

/**
 * Reads the alert service's relay_commands (the alert service writes it; the gateway asks it to
 * switch a relay over `svc/alert/relay/set`), as the gateway reads alerts.
 */
@Injectable()
export class RelayCommandsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async latest(deviceId: string, limit: number): Promise<RelayCommandRecord[]> {
    const rows = await this.db.query<Row>(
      `SELECT cmd_id, device_id, state, status, source, requested_by, alert_id, reason, attempts, requested_ms, expires_ms, confirmed_ms, reported_state
       FROM relay_commands WHERE device_id = ? ORDER BY id DESC LIMIT ?`,
      [deviceId, Math.max(1, Math.min(100, Math.trunc(limit)))],
    );
    return rows.map((r) => ({
      cmdId: r.cmd_id,
      deviceId: r.device_id,
      state: r.state,
      status: r.status,
      source: r.source ?? (r.alert_id === null ? 'api' : 'load_shed'),
      requestedBy: r.requested_by,
      alertId: r.alert_id === null ? null : Number(r.alert_id),
      reason: r.reason,
      attempts: Number(r.attempts),
      issuedAt: Number(r.requested_ms),
      expiresAt: r.expires_ms === null ? Number(r.requested_ms) : Number(r.expires_ms),
      confirmedAt: r.confirmed_ms === null ? null : Number(r.confirmed_ms),
      reportedState: r.reported_state,
    }));
  }
}
