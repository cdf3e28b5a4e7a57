/**
 * The broker has one username namespace (devices, observers, service accounts), and a client id
 * belongs to the device with the longest id it starts with. So a device named like a service, or
 * like `{service}-…`, would own that service's client ids and lock it out of the broker at its next
 * reconnect (issue 16). The service names and their `-` prefixes are therefore not device ids, and a
 * name is a device or an observer, never both.
 */
export const SERVICE_ACCOUNT_NAMES = ['ingest', 'alert', 'gateway', 'analytics'] as const;
export type ServiceAccountName = (typeof SERVICE_ACCOUNT_NAMES)[number];

export class ReservedAccountNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReservedAccountNameError';
  }
}

/** The service account whose name or `{name}-` prefix `id` uses, or null. */
export function reservedFor(id: string): ServiceAccountName | null {
  return SERVICE_ACCOUNT_NAMES.find((service) => id === service || id.startsWith(`${service}-`)) ?? null;
}

/** Throws when `name` may not be a `kind` (device id or observer username) because a service owns it. */
export function assertNotReserved(kind: 'device id' | 'observer username' | 'integration username', name: string): void {
  const service = reservedFor(name);
  if (service) throw new ReservedAccountNameError(`${kind} ${name} is reserved: ids ${service} and ${service}-… belong to the ${service} service account`);
}
