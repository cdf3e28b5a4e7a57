import { isValidDeviceId } from '@energy/contracts';
import type { Database } from '../database';
import { accountNameTakenBy } from './account-name-owner';
import { assertNotReserved, ReservedAccountNameError } from './account-names';
import { generateSecret, hashSecret } from './secret-hash';

export interface IntegrationRecord {
  username: string;
  secretHash: string;
  /** The devices whose relay it may switch; null: every device. */
  devices: string[] | null;
  createdMs: number;
  updatedMs: number;
  revokedMs: number | null;
}

export class InvalidIntegrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidIntegrationError';
  }
}

interface IntegrationRow {
  username: string;
  secret_hash: string;
  devices: string | null;
  created_ms: number;
  updated_ms: number;
  revoked_ms: number | null;
}

const toRecord = (row: IntegrationRow): IntegrationRecord => ({
  username: row.username,
  secretHash: row.secret_hash,
  devices: row.devices === null ? null : (JSON.parse(row.devices) as string[]),
  createdMs: Number(row.created_ms),
  updatedMs: Number(row.updated_ms),
  revokedMs: row.revoked_ms === null ? null : Number(row.revoked_ms),
});

/** At most this many devices named one by one; more is "every device". */
export const MAX_INTEGRATION_DEVICES = 500;

/**
 * MQTT accounts for Home Assistant, Node-RED and the like (issue 17): they read `energy/#` and the
 * discovery topics, and may ask for relay changes on `svc/relay/{username}/{deviceId}/set` for their
 * devices only. Their usernames share the broker's namespace with devices, observers and services.
 */
export class IntegrationsRepository {
  constructor(private readonly db: Database) {}

  async find(username: string): Promise<IntegrationRecord | null> {
    const [row] = await this.db.query<IntegrationRow>('SELECT * FROM integration_accounts WHERE username = ?', [username]);
    return row ? toRecord(row) : null;
  }

  async list(): Promise<IntegrationRecord[]> {
    return (await this.db.query<IntegrationRow>('SELECT * FROM integration_accounts ORDER BY username')).map(toRecord);
  }

  /**
   * Adds an account, or re-keys one (and sets its devices, lifting a revocation); returns the secret once.
   * `devices` null: every device, present and future.
   */
  async upsert(username: string, devices: string[] | null): Promise<string> {
    if (!isValidDeviceId(username)) throw new InvalidIntegrationError(`integration username ${JSON.stringify(username)} must match [a-z0-9][a-z0-9_-]{0,63}`);
    assertNotReserved('integration username', username);
    const taken = await accountNameTakenBy(this.db, username);
    if (taken && taken !== 'integration') throw new ReservedAccountNameError(`integration username ${username} is taken by ${taken === 'device' ? 'a device' : 'an observer'}`);
    const list = devices === null ? null : [...new Set(devices)].sort();
    if (list) {
      const bad = list.find((id) => !isValidDeviceId(id));
      if (bad !== undefined) throw new InvalidIntegrationError(`device id ${JSON.stringify(bad)} must match [a-z0-9][a-z0-9_-]{0,63}`);
      if (list.length > MAX_INTEGRATION_DEVICES) throw new InvalidIntegrationError(`at most ${MAX_INTEGRATION_DEVICES} devices may be listed; give none for every device`);
    }
    const secret = generateSecret();
    const hash = await hashSecret(secret);
    const now = Date.now();
    await this.db.execute(
      `INSERT INTO integration_accounts (username, secret_hash, devices, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?) ${this.db.sql.onConflictUpdate(['username'], {
        secret_hash: this.db.sql.incoming('secret_hash'),
        devices: this.db.sql.incoming('devices'),
        updated_ms: this.db.sql.incoming('updated_ms'),
        revoked_ms: 'NULL',
      })}`,
      [username, hash, list === null ? null : JSON.stringify(list), now, now],
    );
    return secret;
  }

  /** Accounts revoked, re-keyed or given other devices (not just created) at or after `sinceMs`: the broker ends their sessions. */
  async changedSince(sinceMs: number): Promise<string[]> {
    const rows = await this.db.query<{ username: string }>('SELECT username FROM integration_accounts WHERE revoked_ms >= ? OR (updated_ms >= ? AND updated_ms > created_ms)', [sinceMs, sinceMs]);
    return rows.map((r) => r.username);
  }

  async revoke(username: string): Promise<boolean> {
    const { affectedRows } = await this.db.execute('UPDATE integration_accounts SET revoked_ms = ? WHERE username = ? AND revoked_ms IS NULL', [Date.now(), username]);
    return affectedRows > 0;
  }
}
