import type { Database } from '../database';
import { accountNameTakenBy } from './account-name-owner';
import { assertNotReserved, ReservedAccountNameError } from './account-names';
import { generateSecret, hashSecret } from './secret-hash';

export interface ObserverRecord {
  username: string;
  secretHash: string;
  revokedMs: number | null;
}

/** Read-only MQTT accounts for third-party tools: they may subscribe to energy/# and never publish. */
export class ObserversRepository {
  constructor(private readonly db: Database) {}

  async find(username: string): Promise<ObserverRecord | null> {
    const [row] = await this.db.query<{ username: string; secret_hash: string; revoked_ms: number | null }>(
      'SELECT username, secret_hash, revoked_ms FROM observers WHERE username = ?',
      [username],
    );
    return row ? { username: row.username, secretHash: row.secret_hash, revokedMs: row.revoked_ms === null ? null : Number(row.revoked_ms) } : null;
  }

  async list(): Promise<ObserverRecord[]> {
    const rows = await this.db.query<{ username: string; secret_hash: string; revoked_ms: number | null }>(
      'SELECT username, secret_hash, revoked_ms FROM observers ORDER BY username',
    );
    return rows.map((row) => ({ username: row.username, secretHash: row.secret_hash, revokedMs: row.revoked_ms === null ? null : Number(row.revoked_ms) }));
  }

  /** Adds or re-keys an observer; returns the secret once. A service's or a device's name is refused. */
  async upsert(username: string): Promise<string> {
    assertNotReserved('observer username', username);
    const taken = await accountNameTakenBy(this.db, username);
    if (taken === 'device' || taken === 'integration') throw new ReservedAccountNameError(`observer username ${username} is taken by ${taken === 'device' ? 'a device' : 'an integration account'}`);
    const secret = generateSecret();
    const hash = await hashSecret(secret);
    await this.db.execute(
      `INSERT INTO observers (username, secret_hash, created_ms) VALUES (?, ?, ?) ${this.db.sql.onConflictUpdate(['username'], {
        secret_hash: this.db.sql.incoming('secret_hash'),
        revoked_ms: 'NULL',
      })}`,
      [username, hash, Date.now()],
    );
    return secret;
  }

  /** Observers revoked at or after `sinceMs`. */
  async revokedSince(sinceMs: number): Promise<string[]> {
    const rows = await this.db.query<{ username: string }>('SELECT username FROM observers WHERE revoked_ms >= ?', [sinceMs]);
    return rows.map((r) => r.username);
  }

  async revoke(username: string): Promise<boolean> {
    const { affectedRows } = await this.db.execute('UPDATE observers SET revoked_ms = ? WHERE username = ? AND revoked_ms IS NULL', [Date.now(), username]);
    return affectedRows > 0;
  }
}
