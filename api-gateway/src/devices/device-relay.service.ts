import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { servicePatterns, type AlertRestoreLoadRequest, type RelayCommandRecord, type RelaySetRequest, type RelayState } from '@energy/contracts';
import { RelayCommandsStore, toRelayCommandRecord } from '@energy/db';
import { AlertServiceClient } from '../bus/alert-service.client';
import { DeviceStateStore } from './device-state.store';
import { DevicesRepository } from './devices.repository';

/** `GET /api/v1/devices/{id}/relay`: what the device reports, and the latest commands with how they ended. */
export interface DeviceRelayView {
  deviceId: string;
  /** The state the device last reported (confirmed), null until it has reported. */
  state: RelayState | null;
  commands: RelayCommandRecord[];
}

/**
 * Manual relay control (issue 17). The gateway never publishes a relay command: it asks the alert
 * service, which sends, confirms, re-sends until `expires_at` and records every command, the path
 * load shedding takes.
 */
@Injectable()
export class DeviceRelayService {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly state: DeviceStateStore,
    private readonly commands: RelayCommandsStore,
    private readonly alertService: AlertServiceClient,
  ) {}

  async view(deviceId: string): Promise<DeviceRelayView> {
    await this.existing(deviceId);
    // ttl 0: the gateway does not know the alert service's TTL, so a command stored before migration 007 (no expiry) shows its issue time.
    const commands = (await this.commands.latestForDevice(deviceId, 20)).map((c) => toRelayCommandRecord(c, 0));
    return { deviceId, state: this.state.get(deviceId).relay, commands };
  }

  async set(deviceId: string, state: RelayState, by: string): Promise<RelayCommandRecord> {
    await this.existing(deviceId);
    return this.alertService.request<RelayCommandRecord>(servicePatterns.relaySet, { deviceId, state, by } satisfies RelaySetRequest);
  }

  restoreLoad(alertId: number, by: string): Promise<RelayCommandRecord> {
    return this.alertService.request<RelayCommandRecord>(servicePatterns.alertRestoreLoad, { alertId, by } satisfies AlertRestoreLoadRequest);
  }

  private async existing(deviceId: string): Promise<void> {
    const device = await this.devices.find(deviceId);
    if (!device) throw new NotFoundException(`device ${deviceId} does not exist`);
    if (device.revokedMs !== null) throw new ConflictException(`device ${deviceId} is revoked`);
  }
}
