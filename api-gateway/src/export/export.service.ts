import { Inject, Injectable } from '@nestjs/common';
import { toLocalTime } from '@energy/db';
import type { GatewayConfig } from '../config/env';
import { CONFIG } from '@energy/service-kit/nest';
import type { Resolution } from '../history/resolution';
import { RAW_HEADER, rawCsvLine, ROLLUP_HEADER, rollupCsvLine } from './csv-format';
import type { RawCursor } from '@energy/db/readings';
import { ExportRepository } from './export.repository';

/** Rows per query: about 100 KB of CSV, small enough that a page never waits on the client. */
export const EXPORT_PAGE_ROWS = 2000;

@Injectable()
export class ExportService {
  constructor(
    private readonly rows: ExportRepository,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  /**
   * The CSV, header first, produced page by page as the consumer pulls: the next page is read only
   * when the previous one has been taken, and nothing is held open between pages.
   */
  async *csv(deviceIds: string[], fromMs: number, toMs: number, resolution: Resolution): AsyncGenerator<string> {
    const zone = this.config.siteTimeZone;
    // Devices in the order asked, each in time order.
    if (resolution === 'raw') {
      yield `${RAW_HEADER}\n`;
      for (const deviceId of deviceIds) {
        let after: RawCursor | null = null;
        for (;;) {
          const page = await this.rows.rawPage(deviceId, fromMs, toMs, after, EXPORT_PAGE_ROWS);
          if (page.length > 0) yield page.map((r) => rawCsvLine(r, zone)).join('');
          if (page.length < EXPORT_PAGE_ROWS) break;
          const last = page[page.length - 1]!;
          after = { tsMs: Number(last.ts_ms), id: Number(last.id) };
        }
      }
      return;
    }
    yield `${ROLLUP_HEADER}\n`;
    const line = (row: Parameters<typeof rollupCsvLine>[0]) => rollupCsvLine(row, zone);
    for (const deviceId of deviceIds) {
      if (resolution === 'day') {
        const [fromDay, toDay] = [toLocalTime(fromMs, zone).date, toLocalTime(toMs - 1, zone).date];
        let after: string | null = null;
        for (;;) {
          const page = await this.rows.dayPage(deviceId, fromDay, toDay, after, EXPORT_PAGE_ROWS);
          if (page.length > 0) yield page.map(line).join('');
          if (page.length < EXPORT_PAGE_ROWS) break;
          after = String(page[page.length - 1]!.bucket).slice(0, 10);
        }
        continue;
      }
      const table = resolution === 'minute' ? 'rollup_minute' : 'rollup_hour';
      let after: number | null = null;
      for (;;) {
        const page = await this.rows.bucketPage(table, deviceId, fromMs, toMs, after, EXPORT_PAGE_ROWS);
        if (page.length > 0) yield page.map(line).join('');
        if (page.length < EXPORT_PAGE_ROWS) break;
        after = Number(page[page.length - 1]!.bucket);
      }
    }
  }
}
