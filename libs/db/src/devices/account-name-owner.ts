import type { Database } from '../database';

export type AccountKind = 'device' | 'observer' | 'integration';

/**
 * Devices, observers and integration accounts share the broker's one username namespace: which kind
 * already holds `name`, or null. (Service names are refused before this, by account-names.ts.)
 */
export async function accountNameTakenBy(db: Database, name: string): Promise<AccountKind | null> {
  const [row] = await db.query<{ kind: AccountKind }>(
    `SELECT 'device' AS kind FROM devices WHERE id = ?
     UNION ALL SELECT 'observer' AS kind FROM observers WHERE username = ?
     UNION ALL SELECT 'integration' AS kind FROM integration_accounts WHERE username = ?`,
    [name, name, name],
  );
  return row?.kind ?? null;
}
