import { createHash, timingSafeEqual } from 'node:crypto';
import { isValidDeviceId } from '@energy/contracts';
import { generateSecret, hashSecret, verifySecret, type DevicesRepository, type IntegrationsRepository, type ObserversRepository } from '@energy/db';
import { SERVICE_ACCOUNTS, type ServiceAccount } from '../config/env';
import type { Identity } from './identity';

export type VerificationFailure = 'unknown-account' | 'wrong-secret' | 'revoked' | 'service-disabled' | 'auth-throttled' | 'auth-busy';
export type Verification = { ok: true; identity: Identity } | { ok: false; reason: VerificationFailure; message?: string };

/** Where a CONNECT came from, for limits that count per address. */
export interface VerifyContext {
  remoteAddress?: string;
}

/**
 * Where the broker looks up credentials. The database store below is the one in use; a different
 * backend (LDAP, an HTTP auth service, a cluster-wide cache) implements the same two calls.
 */
export interface CredentialStore {
  /** Checks a username and password against devices, observers and service accounts. */
  verify(username: string, password: Buffer, context?: VerifyContext): Promise<Verification>;
  /** Whether a device id is registered, revoked or not: client ids stay bound to revoked devices too. */
  deviceExists(deviceId: string): Promise<boolean>;
}

export const isServiceAccount = (username: string): username is ServiceAccount => (SERVICE_ACCOUNTS as readonly string[]).includes(username);

/**
 * Devices, observers and integration accounts from the database (scrypt hashes), services from
 * configuration. Usernames share one namespace: service names are reserved, then device ids, observers, integrations.
 */
export class DatabaseCredentialStore implements CredentialStore {
  private dummyHash?: Promise<string>;

  constructor(
    private readonly devices: DevicesRepository,
    private readonly observers: ObserversRepository,
    private readonly servicePasswords: Partial<Record<ServiceAccount, string>>,
    /** Integration accounts (issue 17); without it, none can log in. */
    private readonly integrations?: IntegrationsRepository,
  ) {}

  async verify(username: string, password: Buffer): Promise<Verification> {
    const secret = password.toString('utf8');
    if (isServiceAccount(username)) return this.verifyService(username, password);

    const device = isValidDeviceId(username) ? await this.devices.find(username) : null;
    if (device) {
      if (!(await verifySecret(secret, device.secretHash))) return { ok: false, reason: 'wrong-secret' };
      // Checked after the secret, so the answer does not tell a guesser which ids exist and are revoked.
      if (device.revokedMs !== null) return { ok: false, reason: 'revoked' };
      return { ok: true, identity: { kind: 'device', deviceId: device.id } };
    }

    const observer = await this.observers.find(username);
    if (observer) {
      if (!(await verifySecret(secret, observer.secretHash))) return { ok: false, reason: 'wrong-secret' };
      if (observer.revokedMs !== null) return { ok: false, reason: 'revoked' };
      return { ok: true, identity: { kind: 'observer', username: observer.username } };
    }

    const integration = this.integrations ? await this.integrations.find(username) : null;
    if (integration) {
      if (!(await verifySecret(secret, integration.secretHash))) return { ok: false, reason: 'wrong-secret' };
      if (integration.revokedMs !== null) return { ok: false, reason: 'revoked' };
      return { ok: true, identity: { kind: 'integration', username: integration.username, devices: integration.devices === null ? null : new Set(integration.devices) } };
    }

    // Spend the same scrypt time as for a real account, so timing does not reveal which names exist.
    this.dummyHash ??= hashSecret(generateSecret());
    await verifySecret(secret, await this.dummyHash);
    return { ok: false, reason: 'unknown-account' };
  }

  async deviceExists(deviceId: string): Promise<boolean> {
    return isValidDeviceId(deviceId) && (await this.devices.find(deviceId)) !== null;
  }

  private verifyService(service: ServiceAccount, password: Buffer): Verification {
    const expected = this.servicePasswords[service];
    if (!expected) return { ok: false, reason: 'service-disabled' };
    // Compare digests: equal lengths for timingSafeEqual, and no early exit on the first wrong byte.
    const digest = (value: Buffer | string) => createHash('sha256').update(value).digest();
    if (!timingSafeEqual(digest(password), digest(expected))) return { ok: false, reason: 'wrong-secret' };
    return { ok: true, identity: { kind: 'service', service } };
  }
}
