import type { ServiceAccount } from '../config/env';
import type { IntegrationIdentity } from './integration-acl';

/** Who is on the other end of a connection, decided once at CONNECT. */
export type Identity =
  | { kind: 'device'; deviceId: string }
  | { kind: 'observer'; username: string }
  /** Home Assistant, Node-RED (issue 17): an observer's reads, the discovery topics, relay requests for its devices. */
  | IntegrationIdentity
  | { kind: 'service'; service: ServiceAccount }
  /** Only with ALLOW_ANONYMOUS (demo): the rights of an observer. */
  | { kind: 'anonymous' };

export function describeIdentity(identity: Identity): string {
  switch (identity.kind) {
    case 'device':
      return `device ${identity.deviceId}`;
    case 'observer':
      return `observer ${identity.username}`;
    case 'integration':
      return `integration ${identity.username}`;
    case 'service':
      return `service ${identity.service}`;
    case 'anonymous':
      return 'anonymous client';
  }
}
