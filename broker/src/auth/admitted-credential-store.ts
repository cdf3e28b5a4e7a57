import type { AuthAdmission } from '../limits/auth-admission';
import { isServiceAccount, type CredentialStore, type Verification, type VerifyContext } from './credential-store';

/**
 * Puts the AuthAdmission limits in front of a store whose checks cost a scrypt. It sits under the
 * VerificationCache: a device whose secret was verified within the cache TTL never reaches it, so a
 * sprayer cannot lock real devices out, only slow new log-ins from its own address.
 */
export class AdmittedCredentialStore implements CredentialStore {
  constructor(
    private readonly inner: CredentialStore,
    private readonly admission: AuthAdmission,
  ) {}

  async verify(username: string, password: Buffer, context?: VerifyContext): Promise<Verification> {
    const ticket = this.admission.begin(context?.remoteAddress, !isServiceAccount(username));
    if (!ticket.admitted) return { ok: false, reason: ticket.reason, message: ticket.message };
    let verification: Verification | undefined;
    try {
      verification = await this.inner.verify(username, password, context);
      return verification;
    } finally {
      ticket.finish(verification?.ok === true);
    }
  }

  deviceExists(deviceId: string): Promise<boolean> {
    return this.inner.deviceExists(deviceId);
  }
}
