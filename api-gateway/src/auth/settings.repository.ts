import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '@energy/db';
import { DATABASE } from '@energy/service-kit/nest';

/** Small values the gateway must keep across restarts, such as its generated session secret. */
@Injectable()
export class SettingsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async get(name: string): Promise<string | null> {
    const [row] = await this.db.query<{ value: string }>('SELECT value FROM gateway_settings WHERE name = ?', [name]);
    return row?.value ?? null;
  }

  /** Stores `value` unless a value exists, and returns whichever value won (replicas may race). */
  async getOrInsert(name: string, value: string): Promise<string> {
    await this.db.execute(`${this.db.sql.insertIgnore} INTO gateway_settings (name, value, updated_ms) VALUES (?, ?, ?)`, [name, value, Date.now()]);
    return (await this.get(name)) ?? value;
  }

  async put(name: string, value: string): Promise<void> {
    await this.db.execute(
      `INSERT INTO gateway_settings (name, value, updated_ms) VALUES (?, ?, ?) ${this.db.sql.onConflictUpdate(['name'], { value: this.db.sql.incoming('value'), updated_ms: this.db.sql.incoming('updated_ms') })}`,
      [name, value, Date.now()],
    );
  }
}
