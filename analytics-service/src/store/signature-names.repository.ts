import type { Database } from '@energy/db';

/**
 * The names users give appliance signatures (`analytics_signature_names`, owned by this service), so
 * later runs carry them after a restart.
 */
export class SignatureNamesRepository {
  constructor(private readonly db: Database) {}

  /** Every device's names: device id -> signature id -> name. */
  async all(): Promise<Map<string, Map<string, string>>> {
    const rows = await this.db.query<{ device_id: string; signature_id: string; name: string }>('SELECT device_id, signature_id, name FROM analytics_signature_names');
    const names = new Map<string, Map<string, string>>();
    for (const row of rows) {
      const device = names.get(row.device_id) ?? new Map<string, string>();
      device.set(row.signature_id, row.name);
      names.set(row.device_id, device);
    }
    return names;
  }

  /** Sets a name, or removes it (null). */
  async set(deviceId: string, signatureId: string, name: string | null, nowMs: number): Promise<void> {
    if (name === null) {
      await this.db.execute('DELETE FROM analytics_signature_names WHERE device_id = ? AND signature_id = ?', [deviceId, signatureId]);
      return;
    }
    await this.db.execute(
      `INSERT INTO analytics_signature_names (device_id, signature_id, name, updated_ms) VALUES (?, ?, ?, ?) ${this.db.sql.onConflictUpdate(['device_id', 'signature_id'], {
        name: this.db.sql.incoming('name'),
        updated_ms: this.db.sql.incoming('updated_ms'),
      })}`,
      [deviceId, signatureId, name, nowMs],
    );
  }
}
