import type { Database } from '@energy/db';
import type { MinuteSeries } from '../src/series/minute-series';

const COLUMNS = ['device_id', 'bucket_ms', 'n', 'v_sum', 'v_min', 'v_max', 'i_sum', 'i_min', 'i_max', 'p_sum', 'p_min', 'p_max', 'energy_wh'];

/**
 * Writes minute and hour rollups as the ingest would have from one reading a minute (n = 1):
 * what the analytics service reads, without running the ingest for weeks of history.
 */
export async function seedRollups(db: Database, deviceId: string, minutes: MinuteSeries): Promise<void> {
  const minuteRows: Array<Array<string | number>> = [];
  const hours = new Map<number, { n: number; v: number; i: number; p: number; pMin: number; pMax: number; wh: number }>();
  minutes.powerW.forEach((p, i) => {
    if (Number.isNaN(p)) return;
    const bucket = minutes.startMs + i * 60_000;
    const v = minutes.voltageV[i]!;
    const a = minutes.currentA[i]!;
    minuteRows.push([deviceId, bucket, 1, v, v, v, a, a, a, p, p, p, p / 60]);
    const hour = Math.floor(bucket / 3_600_000) * 3_600_000;
    const h = hours.get(hour) ?? { n: 0, v: 0, i: 0, p: 0, pMin: Infinity, pMax: -Infinity, wh: 0 };
    Object.assign(h, { n: h.n + 1, v: h.v + v, i: h.i + a, p: h.p + p, pMin: Math.min(h.pMin, p), pMax: Math.max(h.pMax, p), wh: h.wh + p / 60 });
    hours.set(hour, h);
  });
  const hourRows = [...hours.entries()].map(([bucket, h]) => [deviceId, bucket, h.n, h.v, 0, 0, h.i, 0, 0, h.p, h.pMin, h.pMax, h.wh]);
  await insert(db, 'rollup_minute', minuteRows);
  await insert(db, 'rollup_hour', hourRows);
}

async function insert(db: Database, table: string, rows: Array<Array<string | number>>): Promise<void> {
  for (let at = 0; at < rows.length; at += 1000) {
    const chunk = rows.slice(at, at + 1000);
    const placeholders = chunk.map(() => `(${COLUMNS.map(() => '?').join(', ')})`).join(', ');
    await db.execute(`INSERT INTO ${table} (${COLUMNS.join(', ')}) VALUES ${placeholders}`, chunk.flat());
  }
}
