import { Injectable, type OnModuleInit } from '@nestjs/common';
import { parseDeviceStatus, relayReportSchema, TopicKind, type DeviceStatus, type RelayState } from '@energy/contracts';
import { BusService } from '../bus/bus.service';

export interface DeviceLiveState {
  status: DeviceStatus | null;
  relay: RelayState | null;
}

/** The device state the bus retains (status from the will message, relay reports), kept in memory. */
@Injectable()
export class DeviceStateStore implements OnModuleInit {
  private readonly states = new Map<string, DeviceLiveState>();

  constructor(private readonly bus: BusService) {}

  onModuleInit(): void {
    this.bus.on(TopicKind.status, (deviceId, payload) => {
      const status = parseDeviceStatus(payload);
      if (status) this.state(deviceId).status = status;
    });
    this.bus.on(TopicKind.relayState, (deviceId, payload) => {
      try {
        const report = relayReportSchema.safeParse(JSON.parse(payload.toString('utf8')));
        if (report.success) this.state(deviceId).relay = report.data.state;
      } catch {
        // not JSON: ignore, the device's next report will do
      }
    });
  }

  get(deviceId: string): DeviceLiveState {
    return this.states.get(deviceId) ?? { status: null, relay: null };
  }

  all(): ReadonlyMap<string, DeviceLiveState> {
    return this.states;
  }

  private state(deviceId: string): DeviceLiveState {
    let state = this.states.get(deviceId);
    if (!state) {
      state = { status: null, relay: null };
      // Topic ids are validated by parseTopic; still, never grow without bound.
      if (this.states.size < 100_000) this.states.set(deviceId, state);
    }
    return state;
  }
}
