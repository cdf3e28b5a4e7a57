/**
 * The one read module of readings and rollups (`@energy/db/readings`): every query that reads
 * `readings`, `rollup_minute`, `rollup_hour` or `rollup_day` for the gateway, the alert service and
 * the analytics service. The ingest owns the writes (`@energy/ingest-service/store`); the `data`
 * view (migrations) is the seed's read of the same rows.
 */
export { DayEnergyReads } from './day-energy-reads';
export { ExportPages, type ExportRawRow, type ExportRollupRow, type RawCursor } from './export-pages';
export { HistoryReads, type HistoryBucketRow, type HistoryRawRow } from './history-reads';
export { NewestReadings, type LastReadingRow, type LatestReadingRow } from './newest-readings';
export { RollupEnergyReads, type BucketEnergy } from './rollup-energy-reads';
export { ceilTo, floorTo, HOUR_MS, MINUTE_MS, rollupReads, type RollupReads, type TimeRange } from './rollup-reads';
export { RollupSeriesReads, type MinuteSumsRow } from './rollup-series-reads';
