import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '@energy/db';
import { DATABASE } from '@energy/service-kit/nest';

export type ApiKeyAccess = 'read' | 'write';

export interface ApiKeyRecord {
  id: number;
  name: string;
  access: ApiKeyAccess;
  keyHint: string;
  createdBy: string;
  createdMs: number;
  lastUsedMs: number | null;
}

interface ApiKeyRow {
  id: number;
  name: string;
  access: ApiKeyAccess;
  key_hint: string;
  created_by: string;
  created_ms: number;
  last_used_ms: number | null;
}

const COLUMNS = 'id, name, access, key_hint, created_by, created_ms, last_used_ms';
const toRecord = (r: ApiKeyRow): ApiKeyRecord => ({
  id: Number(r.id),
  name: r.name,
  access: r.access,
  keyHint: r.key_hint,
  createdBy: r.created_by,
  createdMs: Number(r.created_ms),
  lastUsedMs: r.last_used_ms === null ? null : Number(r.last_used_ms),
});

@Injectable()
export class ApiKeysRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async create(key: { name: string; access: ApiKeyAccess; sha256: string; hint: string; createdBy: string }): Promise<ApiKeyRecord> {
    const { insertId } = await this.db.execute(
      'INSERT INTO api_keys (name, access, key_sha256, key_hint, created_by, created_ms) VALUES (?, ?, ?, ?, ?, ?)',
      [key.name, key.access, key.sha256, key.hint, key.createdBy, Date.now()],
    );
    const [row] = await this.db.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE id = ?`, [insertId]);
    return toRecord(row!);
  }

  async list(): Promise<ApiKeyRecord[]> {
    return (await this.db.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE revoked_ms IS NULL ORDER BY id`)).map(toRecord);
  }

  async findActiveBySha256(sha256: string): Promise<ApiKeyRecord | null> {
    const [row] = await this.db.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE key_sha256 = ? AND revoked_ms IS NULL`, [sha256]);
    return row ? toRecord(row) : null;
  }

  /** Soft delete, so the audit trail of who created which key stays. */
  /** Whether key `id` still exists and is not revoked (a live stream's periodic re-check). */
  async isActive(id: number): Promise<boolean> {
    const rows = await this.db.query('SELECT id FROM api_keys WHERE id = ? AND revoked_ms IS NULL', [id]);
    return rows.length > 0;
  }

  async revoke(id: number): Promise<boolean> {
    const { affectedRows } = await this.db.execute('UPDATE api_keys SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL', [Date.now(), id]);
    return affectedRows > 0;
  }

  async touch(id: number, atMs: number): Promise<void> {
    await this.db.execute('UPDATE api_keys SET last_used_ms = ? WHERE id = ?', [atMs, id]);
  }
}
