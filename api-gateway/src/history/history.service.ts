import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { startOfLocalDayMs, toLocalTime } from '@energy/db';
import type { HistoryPoint, HistoryResponse, Stat } from '@energy/contracts';
import type { GatewayConfig } from '../config/env';
import { CONFIG } from '@energy/service-kit/nest';
import type { HistoryBucketRow, HistoryRawRow } from '@energy/db/readings';
import { HistoryRepository } from './history.repository';
import { planHistory, ResolutionTooFineError, windowSpan, type RequestedResolution } from './resolution';

const round = (value: number, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits;
const same = (value: number): Stat => ({ avg: value, min: value, max: value });

@Injectable()
export class HistoryService {
  constructor(
    private readonly history: HistoryRepository,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  async query(deviceIds: string[], fromMs: number, toMs: number, requested: RequestedResolution): Promise<HistoryResponse> {
    const plan = await planHistory(fromMs, toMs, requested, async (cap) => {
      const counts = await Promise.all(deviceIds.map((id) => this.history.countRaw(id, fromMs, toMs, cap)));
      return Math.max(0, ...counts);
    }).catch((err: unknown) => {
      if (err instanceof ResolutionTooFineError) throw new BadRequestException(err.message);
      throw err;
    });

    const byDevice = new Map<string, HistoryPoint[]>(deviceIds.map((id) => [id, []]));
    if (plan.resolution === 'raw') {
      for (const row of await this.history.raw(deviceIds, fromMs, toMs)) byDevice.get(row.device_id)?.push(rawPoint(row));
    } else if (plan.resolution === 'day') {
      const zone = this.config.siteTimeZone;
      const rows = await this.history.days(deviceIds, toLocalTime(fromMs, zone).date, toLocalTime(toMs - 1, zone).date);
      for (const row of rows) byDevice.get(row.device_id)?.push(bucketPoint(row, startOfLocalDayMs(String(row.ts), zone)));
    } else {
      // Every window that overlaps [from, to), whole: the one holding `from` too, not the one starting at `to`.
      const table = plan.resolution === 'minute' ? 'rollup_minute' : 'rollup_hour';
      const span = windowSpan(fromMs, toMs, plan.bucketMs!);
      for (const row of await this.history.buckets(table, deviceIds, span.from, span.to, plan.bucketMs!)) byDevice.get(row.device_id)?.push(bucketPoint(row, Number(row.ts)));
    }
    return {
      resolution: plan.resolution,
      bucketMs: plan.bucketMs,
      from: fromMs,
      to: toMs,
      series: deviceIds.map((deviceId) => ({ deviceId, points: byDevice.get(deviceId)! })),
    };
  }
}

function rawPoint(row: HistoryRawRow): HistoryPoint {
  return {
    ts: Number(row.ts_ms),
    n: 1,
    voltage_v: same(row.voltage_v),
    current_a: same(row.current_a),
    power_w: same(row.power_w),
    energy_wh: round(row.energy_delta_wh),
  };
}

function bucketPoint(row: HistoryBucketRow, ts: number): HistoryPoint {
  const n = Number(row.n);
  return {
    ts,
    n,
    voltage_v: { avg: round(row.v_sum / n), min: row.v_min, max: row.v_max },
    current_a: { avg: round(row.i_sum / n), min: row.i_min, max: row.i_max },
    power_w: { avg: round(row.p_sum / n), min: row.p_min, max: row.p_max },
    energy_wh: round(Number(row.energy_wh)),
  };
}
