import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDatabase } from '../src/sqlite-database';

/** Issue 16 (low): the embedded store's directory (.data/) also holds secrets; it is created for its user only. */
describe('the SQLite directory', () => {
  it('is created 0700', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sqlite-dir-'));
    try {
      const db = new SqliteDatabase(join(root, 'data', 'energy.sqlite'));
      await db.close();
      expect(statSync(join(root, 'data')).mode & 0o777).toBe(0o700);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
