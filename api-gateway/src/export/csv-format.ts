import { startOfLocalDayMs, toLocalTime } from '@energy/db';
import type { ExportRawRow, ExportRollupRow } from '@energy/db/readings';

/** The seed's `data` columns plus the device, for raw readings. */
export const RAW_HEADER = 'ID,date,day,time,Voltage_V,Current_I,Power_W,device_id';
export const ROLLUP_HEADER =
  'date,day,time,Voltage_V,Current_I,Power_W,device_id,Voltage_V_min,Voltage_V_max,Current_I_min,Current_I_max,Power_W_min,Power_W_max,Energy_Wh';

const avg = (sum: number, n: number) => Math.round((sum / n) * 10_000) / 10_000;
const wh = (value: number) => Math.round(value * 10_000) / 10_000;

/** A reading with its local date, weekday and time in the site zone (rows store only UTC ms since issue 15). */
export function rawCsvLine(r: ExportRawRow, timeZone: string): string {
  const local = toLocalTime(Number(r.ts_ms), timeZone);
  return `${r.id},${local.date},${local.day},${local.time},${r.voltage_v},${r.current_a},${r.power_w},${r.device_id}\n`;
}

/** A rollup bucket with its local date, weekday and time in the site zone. */
export function rollupCsvLine(r: ExportRollupRow, timeZone: string): string {
  const n = Number(r.n);
  const local = typeof r.bucket === 'string' ? toLocalTime(startOfLocalDayMs(r.bucket, timeZone), timeZone) : toLocalTime(Number(r.bucket), timeZone);
  return (
    `${local.date},${local.day},${local.time},${avg(r.v_sum, n)},${avg(r.i_sum, n)},${avg(r.p_sum, n)},${r.device_id},` +
    `${r.v_min},${r.v_max},${r.i_min},${r.i_max},${r.p_min},${r.p_max},${wh(Number(r.energy_wh))}\n`
  );
}
