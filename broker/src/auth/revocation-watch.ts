import type { Aedes, Client } from 'aedes';
import type { DevicesRepository, IntegrationsRepository, ObserversRepository } from '@energy/db';
import type { Logger } from '@energy/service-kit';
import type { Identity } from './identity';

/**
 * Revocations and rotations are written by another process (the gateway, the provisioning CLI), so
 * the broker looks for them every `intervalMs` (issue 16): a revoked device's or observer's open
 * connections are closed at once, and any cached verification of a revoked or rotated account is
 * dropped, so its old secret stops working for new connections too. Each node of a cluster watches
 * for its own clients.
 */
export class RevocationWatch {
  private timer?: NodeJS.Timeout;
  /** Changes are looked for from a little before the last look, so a clock step or a slow write is not missed. */
  private lastLookMs: number;

  constructor(
    private readonly aedes: Aedes,
    private readonly devices: DevicesRepository,
    private readonly observers: ObserversRepository,
    private readonly identityOf: (client: Client) => Identity | undefined,
    private readonly forgetCached: (username: string) => void,
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    /** Integration accounts revoked, re-keyed or given other devices: their connections are closed (they reconnect with the new rights). */
    private readonly integrations?: IntegrationsRepository,
  ) {
    this.lastLookMs = now();
  }

  start(): void {
    let running = false;
    this.timer = setInterval(() => {
      if (running) return;
      running = true;
      this.look()
        .catch((err: Error) => this.logger.warn({ err: err.message }, 'could not look for revoked accounts'))
        .finally(() => (running = false));
    }, this.intervalMs);
    this.timer.unref();
  }

  close(): void {
    clearInterval(this.timer);
  }

  private async look(): Promise<void> {
    const startedMs = this.now();
    const sinceMs = this.lastLookMs - Math.max(5_000, this.intervalMs);
    const [devices, observers, integrations] = await Promise.all([
      this.devices.changedSince(sinceMs),
      this.observers.revokedSince(sinceMs),
      this.integrations ? this.integrations.changedSince(sinceMs) : Promise.resolve([]),
    ]);
    this.lastLookMs = startedMs;
    if (devices.length === 0 && observers.length === 0 && integrations.length === 0) return;
    for (const device of devices) this.forgetCached(device.id);
    for (const username of observers) this.forgetCached(username);
    for (const username of integrations) this.forgetCached(username);
    const changedIntegrations = new Set(integrations);
    const revokedDevices = new Set(devices.filter((d) => d.revokedMs !== null).map((d) => d.id));
    const revokedObservers = new Set(observers);
    const clients = (this.aedes as unknown as { clients: Record<string, Client> }).clients;
    for (const client of Object.values(clients)) {
      const identity = this.identityOf(client);
      const revoked =
        (identity?.kind === 'device' && revokedDevices.has(identity.deviceId)) ||
        (identity?.kind === 'observer' && revokedObservers.has(identity.username)) ||
        (identity?.kind === 'integration' && changedIntegrations.has(identity.username));
      if (!revoked) continue;
      this.logger.warn({ clientId: client.id }, 'account revoked: connection closed');
      client.close();
    }
  }
}
