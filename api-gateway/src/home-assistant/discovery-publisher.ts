import { parseHaConfigTopic } from '@energy/contracts';
import type { Logger } from '@energy/service-kit';
import { discoveryConfigs, type DiscoveryContext } from './discovery-configs';
import type { HomeAssistantConnection } from './home-assistant.connection';
import type { HomeAssistantRepository } from './home-assistant.repository';

/** Births closer together than this re-publish once (an HA restart loop must not make us flood). */
export const BIRTH_REPUBLISH_GAP_MS = 5_000;

export interface SyncReport {
  published: number;
  removed: number;
  /** Devices whose configs were published in this pass. */
  devices: string[];
  /** Devices whose configs were cleared in this pass (revoked or deleted). */
  removedDevices: string[];
}

/**
 * Keeps the retained discovery configs in line with the devices table: what the broker retains under
 * our node ids (we read it back) against what the active devices need. A new or renamed device's
 * configs are published, a revoked or deleted device's are cleared with an empty retained payload
 * (HA then removes the entity), and everything is published again when HA's birth message arrives.
 */
export class DiscoveryPublisher {
  /** Our configs as the broker retains them, topic -> payload. */
  private readonly retained = new Map<string, string>();
  private lastForcedMs = 0;
  private running: Promise<SyncReport> | null = null;

  constructor(
    private readonly repository: HomeAssistantRepository,
    private readonly connection: HomeAssistantConnection,
    private readonly context: DiscoveryContext,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** A message on one of our config topics (our own publish coming back, or what was retained before we started). */
  observe(topic: string, payload: Buffer): boolean {
    if (!parseHaConfigTopic(this.context.prefix, topic)) return false;
    if (payload.length === 0) this.retained.delete(topic);
    else this.retained.set(topic, payload.toString('utf8'));
    return true;
  }

  /** HA said `online`: publish every config again, at most once per BIRTH_REPUBLISH_GAP_MS. */
  async onBirth(): Promise<SyncReport | null> {
    if (this.now() - this.lastForcedMs < BIRTH_REPUBLISH_GAP_MS) return null;
    this.lastForcedMs = this.now();
    return this.sync(true);
  }

  /** One pass at a time; a pass asked for while one runs waits for it, then runs. */
  async sync(force = false): Promise<SyncReport> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.pass(force);
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  private async pass(force: boolean): Promise<SyncReport> {
    const devices = await this.repository.activeDevices();
    const wanted = new Map<string, string>();
    for (const device of devices) for (const message of discoveryConfigs(device, this.context)) wanted.set(message.topic, message.payload);
    let published = 0;
    let removed = 0;
    const touched = new Set<string>();
    for (const [topic, payload] of wanted) {
      if (!force && this.retained.get(topic) === payload) continue;
      await this.connection.publishRetained(topic, payload);
      this.retained.set(topic, payload);
      touched.add(parseHaConfigTopic(this.context.prefix, topic)!.deviceId);
      published++;
    }
    const gone = new Set<string>();
    for (const topic of [...this.retained.keys()]) {
      if (wanted.has(topic)) continue;
      await this.connection.publishRetained(topic, '');
      this.retained.delete(topic);
      gone.add(parseHaConfigTopic(this.context.prefix, topic)!.deviceId);
      removed++;
    }
    if (published > 0 || removed > 0) this.logger.info({ published, removed, devices: devices.length, force }, 'home assistant discovery configs updated');
    return { published, removed, devices: [...touched], removedDevices: [...gone] };
  }
}
