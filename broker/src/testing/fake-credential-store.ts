import type { CredentialStore, Verification } from '../auth/credential-store';
import type { Identity } from '../auth/identity';

/** An in-memory CredentialStore for specs: username -> [password, identity]. */
export class FakeCredentialStore implements CredentialStore {
  verifyCalls = 0;
  constructor(
    private readonly accounts: Record<string, { password: string; identity: Identity; revoked?: boolean }>,
    private readonly deviceIds: string[] = [],
  ) {}

  async verify(username: string, password: Buffer): Promise<Verification> {
    this.verifyCalls++;
    const account = this.accounts[username];
    if (!account) return { ok: false, reason: 'unknown-account' };
    if (account.password !== password.toString()) return { ok: false, reason: 'wrong-secret' };
    if (account.revoked) return { ok: false, reason: 'revoked' };
    return { ok: true, identity: account.identity };
  }

  async deviceExists(deviceId: string): Promise<boolean> {
    return this.deviceIds.includes(deviceId);
  }
}
