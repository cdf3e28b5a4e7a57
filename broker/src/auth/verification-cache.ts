import { createHash } from 'node:crypto';
import type { CredentialStore, Verification, VerifyContext } from './credential-store';

export const VERIFICATION_CACHE_TTL_MS = 60_000;

/**
 * Remembers successful verifications for a short while, keyed by username and sha256(password), so
 * a reconnect storm of thousands of devices costs one scrypt per device per TTL instead of one per
 * CONNECT. Failures are never cached: a wrong secret always pays the full scrypt price.
 *
 * The price: a revoke or rotate made by the provisioning CLI (another process) reaches new
 * connections within TTL at most. Connections already up are not closed by a revoke.
 */
export class VerificationCache implements CredentialStore {
  private readonly entries = new Map<string, { verification: Verification; expiresAtMs: number }>();
  /** Checks under way: the same username and password at once (a device reconnecting on several sockets) share one scrypt. */
  private readonly inFlight = new Map<string, Promise<Verification>>();

  constructor(
    private readonly inner: CredentialStore,
    private readonly ttlMs = VERIFICATION_CACHE_TTL_MS,
    private readonly maxEntries = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  async verify(username: string, password: Buffer, context?: VerifyContext): Promise<Verification> {
    const key = `${username}\u0000${createHash('sha256').update(password).digest('base64')}`;
    const hit = this.entries.get(key);
    if (hit && hit.expiresAtMs > this.now()) return hit.verification;
    if (hit) this.entries.delete(key);

    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const check = this.inner.verify(username, password, context);
    this.inFlight.set(key, check);
    let verification: Verification;
    try {
      verification = await check;
    } finally {
      this.inFlight.delete(key);
    }
    if (verification.ok) {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, { verification, expiresAtMs: this.now() + this.ttlMs });
    }
    return verification;
  }

  /** Drops every cached verification of `username` (revoked, or given a new secret). */
  forget(username: string): void {
    const prefix = `${username}\u0000`;
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  deviceExists(deviceId: string): Promise<boolean> {
    return this.inner.deviceExists(deviceId);
  }
}
