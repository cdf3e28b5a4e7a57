import { isValidDeviceId } from '@energy/contracts';
import type { Database } from '../database';
import { accountNameTakenBy } from './account-name-owner';
import { assertNotReserved, ReservedAccountNameError } from './account-names';
import { generateSecret, hashSecret } from './secret-hash';

export * from './account-names';

export interface DeviceRecord {
  id: string;
  name: string;
  secretHash: string;
  createdMs: number;
  rotatedMs: number | null;
  revokedMs: number | null;
}

export class DeviceAlreadyExistsError extends Error {
  constructor(id: string) {
    super(`device ${id} already exists`);
    this.name = 'DeviceAlreadyExistsError';
  }
}
export class DeviceNotFoundError extends Error {
  constructor(id: string) {
    super(`device ${id} does not exist`);
    this.name = 'DeviceNotFoundError';
  }
}
export class InvalidDeviceIdError extends Error {
  constructor(id: string) {
    super(`device id ${JSON.stringify(id)} must match [a-z0-9][a-z0-9_-]{0,63}`);
    this.name = 'InvalidDeviceIdError';
  }
}

interface DeviceRow {
  id: string;
  name: string;
  secret_hash: string;
  created_ms: number;
  rotated_ms: number | null;
  revoked_ms: number | null;
}
const toRecord = (row: DeviceRow): DeviceRecord => ({
  id: row.id,
  name: row.name,
  secretHash: row.secret_hash,
  createdMs: Number(row.created_ms),
  rotatedMs: row.rotated_ms === null ? null : Number(row.rotated_ms),
  revokedMs: row.revoked_ms === null ? null : Number(row.revoked_ms),
});

/** The devices table: shared by the broker's credential store (reads) and provisioning (writes). */
export class DevicesRepository {
  constructor(private readonly db: Database) {}

  async find(id: string): Promise<DeviceRecord | null> {
    const [row] = await this.db.query<DeviceRow>('SELECT * FROM devices WHERE id = ?', [id]);
    return row ? toRecord(row) : null;
  }

  async list(): Promise<DeviceRecord[]> {
    return (await this.db.query<DeviceRow>('SELECT * FROM devices ORDER BY id')).map(toRecord);
  }

  /**
   * Creates the device and returns its secret: the only time the secret exists outside the device.
   * Service names and prefixes and observers' names are refused (account-names.ts), whoever asks.
   */
  async add(id: string, name = id): Promise<{ device: DeviceRecord; secret: string }> {
    if (!isValidDeviceId(id)) throw new InvalidDeviceIdError(id);
    assertNotReserved('device id', id);
    const taken = await accountNameTakenBy(this.db, id);
    if (taken === 'observer' || taken === 'integration') throw new ReservedAccountNameError(`device id ${id} is taken by ${taken === 'observer' ? 'an observer' : 'an integration account'}`);
    const secret = generateSecret();
    const now = Date.now();
    const { affectedRows } = await this.db.execute(
      `${this.db.sql.insertIgnore} INTO devices (id, name, secret_hash, created_ms) VALUES (?, ?, ?, ?)`,
      [id, name, await hashSecret(secret), now],
    );
    if (affectedRows === 0) throw new DeviceAlreadyExistsError(id);
    return { device: (await this.find(id))!, secret };
  }

  /** Devices revoked or given a new secret at or after `sinceMs` (the broker ends their sessions and cached secrets). */
  async changedSince(sinceMs: number): Promise<DeviceRecord[]> {
    return (await this.db.query<DeviceRow>('SELECT * FROM devices WHERE revoked_ms >= ? OR rotated_ms >= ?', [sinceMs, sinceMs])).map(toRecord);
  }

  async rename(id: string, name: string): Promise<void> {
    const { affectedRows } = await this.db.execute('UPDATE devices SET name = ? WHERE id = ?', [name, id]);
    if (affectedRows === 0) throw new DeviceNotFoundError(id);
  }

  async revoke(id: string): Promise<void> {
    const { affectedRows } = await this.db.execute('UPDATE devices SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL', [Date.now(), id]);
    if (affectedRows === 0 && !(await this.find(id))) throw new DeviceNotFoundError(id);
  }

  /** Replaces the secret (and lifts a revocation); returns the new secret once. */
  async rotate(id: string): Promise<string> {
    const secret = generateSecret();
    const { affectedRows } = await this.db.execute('UPDATE devices SET secret_hash = ?, rotated_ms = ?, revoked_ms = NULL WHERE id = ?', [
      await hashSecret(secret),
      Date.now(),
      id,
    ]);
    if (affectedRows === 0) throw new DeviceNotFoundError(id);
    return secret;
  }
}
