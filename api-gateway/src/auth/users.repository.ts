import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '@energy/db';
import { DATABASE } from '@energy/service-kit/nest';

export interface UserRecord {
  username: string;
  passwordHash: string;
}

@Injectable()
export class UsersRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async find(username: string): Promise<UserRecord | null> {
    const [row] = await this.db.query<{ username: string; password_hash: string }>('SELECT username, password_hash FROM users WHERE username = ?', [username]);
    return row ? { username: row.username, passwordHash: row.password_hash } : null;
  }

  /** Creates the user unless it exists (several replicas may start at once); true when created. */
  async createIfMissing(username: string, passwordHash: string): Promise<boolean> {
    const now = Date.now();
    const { affectedRows } = await this.db.execute(
      `${this.db.sql.insertIgnore} INTO users (username, password_hash, created_ms, password_changed_ms) VALUES (?, ?, ?, ?)`,
      [username, passwordHash, now, now],
    );
    return affectedRows > 0;
  }

  async setPassword(username: string, passwordHash: string): Promise<void> {
    await this.db.execute('UPDATE users SET password_hash = ?, password_changed_ms = ? WHERE username = ?', [passwordHash, Date.now(), username]);
  }
}
