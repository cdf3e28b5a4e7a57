import { Inject, Injectable } from '@nestjs/common';
import { toLocalTime } from '@energy/db';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/env';
import type { Resolution } from '../history/resolution';
import { RAW_HEADER, rawCsvLine, ROLLUP_HEADER, rollupCsvLine } from './csv-format';
import { ExportRepository } from './export.repository';

@Injectable()
export class ExportService {
  constructor(
    private readonly rows: ExportRepository,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** The CSV, header first, one line per row, produced lazily as the consumer pulls. */
  async *csv(deviceIds: string[], fromMs: number, toMs: number, resolution: Resolution): AsyncGenerator<string> {
    const zone = this.config.siteTimeZone;
    // Devices in the order asked, each in time order.
    if (resolution === 'raw') {
      yield `${RAW_HEADER}\n`;
      for (const deviceId of deviceIds) for await (const row of this.rows.raw(deviceId, fromMs, toMs)) yield rawCsvLine(row);
      return;
    }
    yield `${ROLLUP_HEADER}\n`;
    for (const deviceId of deviceIds) {
      const rows =
        resolution === 'day'
          ? this.rows.days(deviceId, toLocalTime(fromMs, zone).date, toLocalTime(toMs - 1, zone).date)
          : this.rows.buckets(resolution === 'minute' ? 'rollup_minute' : 'rollup_hour', deviceId, fromMs, toMs);
      for await (const row of rows) yield rollupCsvLine(row, zone);
    }
  }
}
