import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { filters, HA_BIRTH_PAYLOAD_ONLINE, haTopics, telemetryOfBatch, TopicKind } from '@energy/contracts';
import type { Logger } from '@energy/service-kit';
import { BusService } from '../bus/bus.service';
import type { GatewayConfig } from '../config/env';
import { CONFIG, LOGGER } from '@energy/service-kit/nest';
import { DiscoveryPublisher, type SyncReport } from './discovery-publisher';
import { HomeAssistantConnection } from './home-assistant.connection';
import { HomeAssistantRepository } from './home-assistant.repository';
import { StatePublisher } from './state-publisher';

/** Our version, for the discovery configs' origin block. */
const VERSION: string = (() => {
  try {
    return (require('../../package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();

/**
 * Home Assistant MQTT discovery, server side (issue 17), on with HA_DISCOVERY=true: retained configs for
 * every active device, published again on HA's birth message and cleared for revoked or deleted devices,
 * and the retained device state topic they read (lifetime energy from the rollups).
 */
@Injectable()
export class HomeAssistantService implements OnModuleInit, OnApplicationShutdown {
  private connection?: HomeAssistantConnection;
  private discovery?: DiscoveryPublisher;
  private states?: StatePublisher;
  private syncTimer?: NodeJS.Timeout;

  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly bus: BusService,
    private readonly repository: HomeAssistantRepository,
  ) {}

  onModuleInit(): void {
    const ha = this.config.homeAssistant;
    if (!ha.enabled) return;
    const connection = (this.connection = new HomeAssistantConnection(this.config, this.logger));
    const discovery = (this.discovery = new DiscoveryPublisher(this.repository, connection, { prefix: ha.discoveryPrefix, account: ha.account, version: VERSION }, this.logger));
    const states = (this.states = new StatePublisher(this.repository, connection, ha.stateIntervalMs, this.logger));
    this.bus.onTelemetryBatch((payload) => {
      let readings;
      try {
        readings = telemetryOfBatch(JSON.parse(payload.toString('utf8')));
      } catch {
        return; // the live service logs nothing for it either: the ingest validated it
      }
      for (const reading of readings ?? []) states.onReading(reading);
    });
    this.bus.on(TopicKind.alert, (deviceId) => states.onAlertEvent(deviceId));
    const birth = haTopics.birth(ha.discoveryPrefix);
    connection.start(
      [birth, haTopics.allConfigs(ha.discoveryPrefix), filters.allStates],
      (topic, payload) => {
        if (topic === birth) {
          if (payload.toString('utf8').trim() === HA_BIRTH_PAYLOAD_ONLINE) this.run(discovery.onBirth(), 'birth');
          return;
        }
        if (!discovery.observe(topic, payload)) states.observe(topic, payload);
      },
      () => this.run(this.syncAndPublishAll(), 'start'),
    );
    states.start();
    this.syncTimer = setInterval(() => this.run(discovery.sync(), 'sync'), ha.syncMs);
    this.syncTimer.unref();
  }

  /** First pass after (re)connecting: configs in line, and a state for every active device. */
  private async syncAndPublishAll() {
    const report = await this.discovery!.sync();
    for (const device of await this.repository.activeDevices()) this.states!.activate(device.id);
    await this.states!.flush();
    return report;
  }

  private run(pass: Promise<SyncReport | null>, why: string): void {
    pass
      .then(async (report) => {
        // New devices get their state at once, so HA shows their energy before their first reading;
        // a revoked or deleted one loses its retained state with its configs.
        for (const id of report?.devices ?? []) this.states?.activate(id);
        for (const id of report?.removedDevices ?? []) await this.states?.remove(id);
      })
      .catch((err: Error) => this.logger.warn({ err: err.message, why }, 'home assistant discovery pass failed'));
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.syncTimer);
    this.states?.stop();
    await this.connection?.close();
  }
}
