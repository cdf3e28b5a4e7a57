import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '@energy/db';
import { DATABASE } from '@energy/service-kit/nest';

@Injectable()
export class SessionsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async create(id: string, username: string, createdMs: number, expiresMs: number): Promise<void> {
    await this.db.execute('INSERT INTO sessions (id, username, created_ms, expires_ms) VALUES (?, ?, ?, ?)', [id, username, createdMs, expiresMs]);
  }

  /** True while the session exists, has not been logged out and has not expired. */
  async isActive(id: string, nowMs: number): Promise<boolean> {
    const rows = await this.db.query('SELECT id FROM sessions WHERE id = ? AND revoked_ms IS NULL AND expires_ms > ?', [id, nowMs]);
    return rows.length > 0;
  }

  async revoke(id: string): Promise<void> {
    await this.db.execute('UPDATE sessions SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL', [Date.now(), id]);
  }

  /** Ends every session of `username` but `keepId` (a password change); returns how many ended. */
  async revokeOthers(username: string, keepId: string): Promise<number> {
    const { affectedRows } = await this.db.execute('UPDATE sessions SET revoked_ms = ? WHERE username = ? AND id <> ? AND revoked_ms IS NULL', [Date.now(), username, keepId]);
    return affectedRows;
  }

  async deleteExpiredBefore(cutoffMs: number): Promise<void> {
    await this.db.execute('DELETE FROM sessions WHERE expires_ms < ?', [cutoffMs]);
  }
}
