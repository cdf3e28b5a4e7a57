import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DevicesRepository, type Database } from '@energy/db';

export type Credentials = Record<string, string>;

export const deviceIds = (prefix: string, count: number): string[] =>
  Array.from({ length: count }, (_, i) => `${prefix}-${String(i + 1).padStart(String(count).length < 3 ? 3 : String(count).length, '0')}`);

/**
 * Makes sure every id is provisioned and returns its secret. Secrets are kept in a git-ignored file so
 * a restarted demo reuses them; a device missing from the file gets its secret rotated (hashes cannot
 * be read back).
 */
export async function ensureProvisioned(db: Database, ids: string[], file: string, onProgress?: (done: number) => void): Promise<Credentials> {
  const known: Credentials = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Credentials) : {};
  const devices = new DevicesRepository(db);
  const existing = new Map((await devices.list()).map((d) => [d.id, d]));
  let done = 0;
  const work = ids.map((id) => async () => {
    const device = existing.get(id);
    if (!device) known[id] = (await devices.add(id, `Simulated ${id}`)).secret;
    else if (!known[id] || device.revokedMs !== null) known[id] = await devices.rotate(id);
    onProgress?.(++done);
  });
  // scrypt runs on libuv's pool: a few at a time keeps every core busy.
  const running = new Set<Promise<void>>();
  for (const job of work) {
    const p = job().finally(() => running.delete(p));
    running.add(p);
    if (running.size >= 4) await Promise.race(running);
  }
  await Promise.all(running);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(known, null, 2)}\n`, { mode: 0o600 });
  return Object.fromEntries(ids.map((id) => [id, known[id]!]));
}
