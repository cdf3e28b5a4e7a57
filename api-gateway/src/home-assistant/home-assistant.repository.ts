import { Inject, Injectable } from '@nestjs/common';
import type { HaAlertState } from '@energy/contracts';
import type { Database } from '@energy/db';
import { DayEnergyReads } from '@energy/db/readings';
import { DATABASE } from '@energy/service-kit/nest';

/** Devices per IN (...) list, so one query never binds thousands of values. */
const CHUNK = 500;

const RANK: Record<string, number> = { info: 1, warning: 2, critical: 3 };

/** The reads Home Assistant's state topic needs: lifetime energy from the rollups and the alert state. */
@Injectable()
export class HomeAssistantRepository {
  private readonly days: DayEnergyReads;

  constructor(@Inject(DATABASE) private readonly db: Database) {
    this.days = new DayEnergyReads(db);
  }

  /** Devices that may appear in Home Assistant: provisioned and not revoked. */
  async activeDevices(): Promise<Array<{ id: string; name: string }>> {
    return this.db.query<{ id: string; name: string }>('SELECT id, name FROM devices WHERE revoked_ms IS NULL ORDER BY id');
  }

  /** Wh booked per device over its whole life (the sum of its day rollups: it never steps back). */
  lifetimeWh(deviceIds: readonly string[]): Promise<Map<string, number>> {
    return this.days.lifetime(deviceIds);
  }

  /** The highest severity among each device's alerts that are not cleared (`none` when there is none). */
  async alertStates(deviceIds: readonly string[]): Promise<Map<string, HaAlertState>> {
    const states = new Map<string, HaAlertState>(deviceIds.map((id) => [id, 'none']));
    for (let i = 0; i < deviceIds.length; i += CHUNK) {
      const ids = deviceIds.slice(i, i + CHUNK);
      const rows = await this.db.query<{ device_id: string; severity: string }>(
        `SELECT DISTINCT device_id, severity FROM alerts WHERE state <> 'cleared' AND device_id IN (${ids.map(() => '?').join(', ')})`,
        ids,
      );
      for (const row of rows) {
        const current = states.get(row.device_id) ?? 'none';
        if ((RANK[row.severity] ?? 0) > (RANK[current] ?? 0)) states.set(row.device_id, row.severity as HaAlertState);
      }
    }
    return states;
  }
}
