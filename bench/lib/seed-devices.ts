import { type Database, chunks } from '@energy/db';

/** Provisions bench device ids. They never log in (the load is pooled), so a placeholder hash is enough. */
export async function seedDevices(db: Database, ids: readonly string[]): Promise<void> {
  for (const chunk of chunks(ids)) {
    await db.execute(`INSERT INTO devices (id, name, secret_hash, created_ms) VALUES ${chunk.map(() => "(?, ?, 'bench-no-login', ?)").join(', ')}`, chunk.flatMap((id) => [id, id, Date.now()]));
  }
}
