import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { parseReading, topics } from '@energy/contracts';
import { toLocalTime } from '@energy/db';
import type { Logger } from '@energy/service-kit';
import { BusService } from '../bus/bus.service';
import type { GatewayConfig } from '../config/env';
import { CONFIG, LOGGER } from '@energy/service-kit/nest';
import { GatewayMetrics } from '../health/gateway-metrics';
import { LegacyRepository } from './legacy.repository';

export interface GraphData {
  labels: string[];
  Voltage: number[];
  Current: number[];
  Power: number[];
}

export const GRAPH_POINTS = 50;

@Injectable()
export class LegacyService {
  constructor(
    private readonly readings: LegacyRepository,
    private readonly bus: BusService,
    private readonly metrics: GatewayMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  /**
   * Validates the exact bytes with the one reading schema, then publishes them on the device's
   * reading topic at QoS 1. The ingest stores them like any MQTT reading; the bus's PUBACK is the
   * gateway's proof that the reading is on its way.
   */
  async acceptReading(deviceId: string, payload: Buffer): Promise<void> {
    const parsed = parseReading(payload);
    if (!parsed.ok) {
      this.metrics.readingsPublished.inc({ outcome: parsed.code });
      throw new BadRequestException(`body: ${parsed.reason}`);
    }
    await this.bus.publish(topics.reading(deviceId), payload);
    this.metrics.readingsPublished.inc({ outcome: 'published' });
    this.logger.debug({ deviceId }, 'reading accepted over HTTP');
  }

  /** The seed's chart data: the latest readings, oldest first, labelled HH:MM:SS in the site time zone. */
  async graphData(deviceId?: string): Promise<GraphData> {
    const rows = (await this.readings.latest(GRAPH_POINTS, deviceId)).reverse();
    return {
      labels: rows.map((r) => toLocalTime(Number(r.ts_ms), this.config.siteTimeZone).time),
      Voltage: rows.map((r) => r.voltage_v),
      Current: rows.map((r) => r.current_a),
      Power: rows.map((r) => r.power_w),
    };
  }
}
