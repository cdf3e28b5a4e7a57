import { Inject, Injectable } from '@nestjs/common';
import type { HaAlertState } from '@energy/contracts';
import { AlertsStore, type Database } from '@energy/db';
import { DayEnergyReads } from '@energy/db/readings';
import { DATABASE } from '@energy/service-kit/nest';

const RANK: Record<string, number> = { info: 1, warning: 2, critical: 3 };

/** The reads Home Assistant's state topic needs: lifetime energy from the rollups and the alert state. */
@Injectable()
export class HomeAssistantRepository {
  private readonly days: DayEnergyReads;
  private readonly alerts: AlertsStore;

  constructor(@Inject(DATABASE) private readonly db: Database) {
    this.days = new DayEnergyReads(db);
    this.alerts = new AlertsStore(db);
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
    for (const { deviceId, severity } of await this.alerts.openSeverities(deviceIds)) {
      const current = states.get(deviceId) ?? 'none';
      if ((RANK[severity] ?? 0) > (RANK[current] ?? 0)) states.set(deviceId, severity);
    }
    return states;
  }
}
