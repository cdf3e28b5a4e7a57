import { isValidDeviceId } from '@energy/contracts';
import { SERVICE_ACCOUNTS } from '../config/env';
import type { CredentialStore } from './credential-store';
import type { Identity } from './identity';

export type ClientIdOwner = { kind: 'device'; deviceId: string } | { kind: 'service'; service: string } | null;

/**
 * A client id belongs to at most one account, so nobody can take over another's session
 * ([MQTT-3.1.4-2] makes the broker close the older connection with the same client id):
 *  - `{deviceId}`, `{deviceId}-anything` and `{deviceId}:anything` belong to the device with the
 *    LONGEST registered id that fits, so device `kitchen` can never claim `kitchen-1`'s session;
 *  - otherwise `{service}`, `{service}-…` and `{service}:…` belong to that service account, which may
 *    also use them where an old device holds them (device ids can no longer take them);
 *  - anything else belongs to nobody and observers may use it.
 * Device ids cannot contain `:`, which makes `{deviceId}:suffix` the unambiguous form.
 */
export async function findClientIdOwner(clientId: string, store: CredentialStore, knownDeviceId?: string): Promise<ClientIdOwner> {
  for (const candidate of deviceIdCandidates(clientId)) {
    if (candidate === knownDeviceId || (await store.deviceExists(candidate))) return { kind: 'device', deviceId: candidate };
  }
  const service = SERVICE_ACCOUNTS.find((name) => hasPrefix(clientId, name));
  return service ? { kind: 'service', service } : null;
}

/** Device ids `clientId` could be bound to, longest first: the part before `:`, then its prefixes at each `-`. */
export function deviceIdCandidates(clientId: string): string[] {
  const base = clientId.split(':')[0]!;
  const candidates = [base];
  for (let i = base.lastIndexOf('-'); i > 0; i = base.lastIndexOf('-', i - 1)) candidates.push(base.slice(0, i));
  return candidates.filter(isValidDeviceId);
}

const hasPrefix = (clientId: string, id: string) => clientId === id || clientId.startsWith(`${id}-`) || clientId.startsWith(`${id}:`);

/** Whether a client id is in a service account's namespace (no device or observer may use one). */
export const isServiceClientId = (clientId: string): boolean => SERVICE_ACCOUNTS.some((service) => hasPrefix(clientId, service));

/** Null when `identity` may use `clientId`, else why not. */
export async function clientIdBindingProblem(identity: Identity, clientId: string, store: CredentialStore): Promise<string | null> {
  if (identity.kind === 'device' && !hasPrefix(clientId, identity.deviceId)) {
    return `client id must be ${identity.deviceId}, ${identity.deviceId}:… or ${identity.deviceId}-…`;
  }
  if (identity.kind === 'service') {
    // A service's own prefix is its own, even where a device registered before the names were
    // reserved holds it: such a device must not lock the service out (issue 16).
    return hasPrefix(clientId, identity.service) ? null : `client id must be ${identity.service}, ${identity.service}:… or ${identity.service}-…`;
  }
  const owner = await findClientIdOwner(clientId, store, identity.kind === 'device' ? identity.deviceId : undefined);
  if (!owner) return null;
  if (owner.kind === 'device' && identity.kind === 'device' && owner.deviceId === identity.deviceId) return null;
  return `client id ${clientId} belongs to ${owner.kind} ${owner.kind === 'device' ? owner.deviceId : owner.service}`;
}
