import { Inject, Injectable } from '@nestjs/common';
import type { Device, MqttSettings, ProvisionResponse } from '@energy/contracts';
import { toLocalTime, type DeviceRecord } from '@energy/db';
import type { GatewayConfig } from '../config/env';
import { CONFIG } from '@energy/service-kit/nest';
import { DeviceStateStore } from './device-state.store';
import type { LastReadingRow } from '@energy/db/readings';
import { DevicesRepository } from './devices.repository';

/** A device without a status topic (HTTP-only) counts as online while its readings keep coming. */
export const ONLINE_WITHOUT_STATUS_MS = 2 * 60_000;

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

@Injectable()
export class DevicesService {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly state: DeviceStateStore,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  async list(): Promise<Device[]> {
    const [records, todayWh] = await Promise.all([this.devices.list(), this.devices.energyOnDay(this.today())]);
    return Promise.all(records.map(async (record) => this.view(record, await this.devices.lastReading(record.id), todayWh.get(record.id) ?? 0)));
  }

  async get(id: string): Promise<Device | null> {
    const record = await this.devices.find(id);
    if (!record) return null;
    const [last, todayWh] = await Promise.all([this.devices.lastReading(id), this.devices.energyOnDay(this.today())]);
    return this.view(record, last, todayWh.get(id) ?? 0);
  }

  async provision(id: string, name: string | undefined): Promise<ProvisionResponse> {
    const { device, secret } = await this.devices.store.add(id, name ?? id);
    return { device: this.view(device, null, 0), secret, mqtt: this.mqttSettings(id, secret) };
  }

  async rename(id: string, name: string): Promise<Device> {
    await this.devices.store.rename(id, name);
    return (await this.get(id))!;
  }

  async revoke(id: string): Promise<Device> {
    await this.devices.store.revoke(id);
    return (await this.get(id))!;
  }

  async rotate(id: string): Promise<{ secret: string; mqtt: MqttSettings }> {
    const secret = await this.devices.store.rotate(id);
    return { secret, mqtt: this.mqttSettings(id, secret) };
  }

  private view(record: DeviceRecord, last: LastReadingRow | null, todayWh: number): Device {
    const live = this.state.get(record.id);
    const lastTs = last ? Number(last.ts_ms) : null;
    const revoked = record.revokedMs !== null;
    const online =
      !revoked && (live.status !== null ? live.status === 'online' : lastTs !== null && Date.now() - lastTs <= ONLINE_WITHOUT_STATUS_MS);
    return {
      id: record.id,
      name: record.name,
      online,
      revoked,
      createdAt: record.createdMs,
      lastReading: last
        ? { ts: lastTs!, voltage_v: last.voltage_v, current_a: last.current_a, power_w: last.power_w, power_factor: last.power_factor }
        : null,
      todayKwh: round(todayWh / 1000, 6),
      relay: live.relay,
    };
  }

  private mqttSettings(id: string, secret: string): MqttSettings {
    const { publicHost, publicPort } = this.config.mqtt;
    return { host: publicHost, port: publicPort, username: id, password: secret, clientId: id, topicPrefix: `energy/${id}/` };
  }

  private today(): string {
    return toLocalTime(Date.now(), this.config.siteTimeZone).date;
  }
}
