import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Logger } from '@energy/service-kit';
import { AuthService } from '../auth/auth.service';
import type { GatewayConfig } from '../config/env';
import { CONFIG, LOGGER } from '@energy/service-kit/nest';
import { parseDeviceStatus, relayReportSchema, telemetryOfBatch, TopicKind } from '@energy/contracts';
import { BusService } from '../bus/bus.service';
import { DeviceStateStore } from '../devices/device-state.store';
import { GatewayMetrics } from '../health/gateway-metrics';
import { formatSse, LiveHub, type LiveSink } from './live-hub';
import { LiveStreams } from './live-streams';

export const LIVE_MAX_QUEUED_BYTES = 256 * 1024;
export const LIVE_HEARTBEAT_MS = 15_000;

/** JSON from the bus, re-serialised on one line (SSE data must not contain newlines); null if not JSON. */
function oneLineJson(payload: Buffer): string | null {
  try {
    return JSON.stringify(JSON.parse(payload.toString('utf8')));
  } catch {
    return null;
  }
}

/** Feeds the live hub from the bus: telemetry, alert events, device status and relay state. */
@Injectable()
export class LiveService implements OnModuleInit, OnModuleDestroy {
  readonly hub: LiveHub;
  /** Who each open stream belongs to: capped, and re-checked every LIVE_RECHECK_MS (issue 16). */
  readonly streams: LiveStreams;
  private recheckTimer?: NodeJS.Timeout;

  constructor(
    private readonly bus: BusService,
    private readonly state: DeviceStateStore,
    private readonly auth: AuthService,
    private readonly metrics: GatewayMetrics,
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.hub = new LiveHub({
      maxQueuedBytes: LIVE_MAX_QUEUED_BYTES,
      heartbeatMs: LIVE_HEARTBEAT_MS,
      onDrop: () => metrics.liveDropped.inc(),
      onEvent: (event) => metrics.liveEvents.inc({ event }),
    });
    this.streams = new LiveStreams(config.live);
  }

  onModuleInit(): void {
    // A stream outlives the request that opened it: its session may end (logout, expiry) or its key
    // be revoked meanwhile, so the principal behind every stream is checked again periodically.
    this.recheckTimer = setInterval(() => {
      void this.streams.sweep((principal) => this.auth.stillValid(principal)).then((ended) => {
        if (ended > 0) this.logger.info({ ended }, 'live streams ended: their session or key is no longer valid');
      });
    }, this.config.live.recheckMs);
    this.recheckTimer.unref();
    // Readings come many to a message, a device's in order; each goes out as its own `reading` event.
    this.bus.onTelemetryBatch((payload) => {
      if (this.hub.size === 0) return; // nobody watching: not even parsed
      let readings;
      try {
        readings = telemetryOfBatch(JSON.parse(payload.toString('utf8')));
      } catch {
        return;
      }
      for (const reading of readings ?? []) this.hub.publish('reading', reading.device_id, JSON.stringify(reading));
    });
    this.bus.on(TopicKind.alert, (deviceId, payload) => {
      const data = oneLineJson(payload);
      if (data) this.hub.publish('alert', deviceId, data);
    });
    this.bus.on(TopicKind.status, (deviceId, payload) => {
      const status = parseDeviceStatus(payload);
      if (status) this.hub.publish('status', deviceId, JSON.stringify({ device_id: deviceId, status }));
    });
    this.bus.on(TopicKind.relayState, (deviceId, payload) => {
      const data = oneLineJson(payload);
      const report = data ? relayReportSchema.safeParse(JSON.parse(data)) : null;
      if (report?.success) this.hub.publish('relay', deviceId, JSON.stringify({ device_id: deviceId, state: report.data.state }));
    });
  }

  /** Opens a stream (admitted by `streams` first); it starts with the status and relay state known so far for the chosen devices. */
  open(sink: LiveSink, devices: string[] | null): () => void {
    const initial: string[] = [];
    for (const [deviceId, s] of this.state.all()) {
      if (devices && !devices.includes(deviceId)) continue;
      if (s.status) initial.push(formatSse('status', JSON.stringify({ device_id: deviceId, status: s.status })));
      if (s.relay) initial.push(formatSse('relay', JSON.stringify({ device_id: deviceId, state: s.relay })));
    }
    this.metrics.liveClients.inc();
    const remove = this.hub.add(sink, devices, initial);
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      remove();
      this.metrics.liveClients.dec();
    };
  }

  onModuleDestroy(): void {
    clearInterval(this.recheckTimer);
    this.hub.closeAll();
  }
}
