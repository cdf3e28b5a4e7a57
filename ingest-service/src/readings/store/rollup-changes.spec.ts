import type { Queryable, SqlDialect } from '@energy/db';
import { RollupChanges } from './rollup-changes';
import type { StoredReading } from './stored-reading';

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0); // 11:00 in Berlin, mid-hour boundaries below are UTC

function reading(deviceId: string, tsMs: number, values: { v: number; i: number; p: number; wh: number; fromMs?: number }): StoredReading {
  return {
    deviceId,
    seq: tsMs,
    tsMs,
    tsSource: 'device',
    receivedMs: tsMs,
    voltageV: values.v,
    currentA: values.i,
    powerW: values.p,
    powerKind: 'real',
    apparentPowerVa: values.v * values.i,
    powerFactor: null,
    energyCounterWh: null,
    energyDeltaWh: values.wh,
    energyFromMs: values.fromMs ?? tsMs - 1_000,
  };
}

/** Only the VALUES rows are read here; the upsert's tail is the dialect's business (libs/db's conformance tests). */
const dialect = {
  incoming: (column: string) => `VALUES(${column})`,
  least: (a: string, b: string) => `LEAST(${a}, ${b})`,
  greatest: (a: string, b: string) => `GREATEST(${a}, ${b})`,
  onConflictUpdate: () => 'ON DUPLICATE KEY UPDATE n = n',
} as unknown as SqlDialect;

/** The rows each rollup upsert wrote, by table and `device bucket`: the values after the bucket, as numbers. */
async function writtenRows(changes: RollupChanges): Promise<Record<string, Record<string, Array<number | null>>>> {
  const out: Record<string, Record<string, Array<number | null>>> = {};
  const tx = {
    dialect: 'mysql',
    sql: dialect,
    query: async () => [],
    execute: async (sql: string) => {
      const table = /^INSERT INTO (\w+)/.exec(sql)![1]!;
      const rows = (out[table] ??= {});
      for (const [, deviceId, bucket, body] of sql.matchAll(/\('([^']+)',('[^']+'|-?\d+),([^)]*)\)/g)) {
        rows[`${deviceId} ${bucket!.replaceAll("'", '')}`] = body!.split(',').map((x) => (x === 'NULL' ? null : Number(x)));
      }
      return { affectedRows: 0, insertId: 0 };
    },
  } as unknown as Queryable;
  await changes.write(tx);
  return out;
}

describe('RollupChanges rows', () => {
  it('writes one reading alone the same in its minute, hour and day (the text is shared)', async () => {
    const changes = new RollupChanges('Europe/Berlin');
    changes.addReading(reading('a', T0 + 30_000, { v: 230.1, i: 1.25, p: 287.6, wh: 0.08 }));
    const rows = await writtenRows(changes);
    const expected = [1, 230.1, 230.1, 230.1, 1.25, 1.25, 1.25, 287.6, 287.6, 287.6, 0.08];
    expect(rows.rollup_minute).toEqual({ [`a ${T0}`]: expected });
    expect(rows.rollup_hour).toEqual({ [`a ${T0}`]: expected });
    expect(rows.rollup_day).toEqual({ 'a 2026-01-05': expected });
  });

  it("sums an hour's readings from different minutes instead of reusing one minute's row", async () => {
    const changes = new RollupChanges('Europe/Berlin');
    changes.addReading(reading('b', T0 + 10_000, { v: 230, i: 1, p: 200, wh: 0.1 }));
    changes.addReading(reading('b', T0 + 70_000, { v: 240, i: 2, p: 400, wh: 0.2 }));
    const rows = await writtenRows(changes);
    expect(rows.rollup_minute![`b ${T0}`]).toEqual([1, 230, 230, 230, 1, 1, 1, 200, 200, 200, 0.1]);
    expect(rows.rollup_minute![`b ${T0 + 60_000}`]).toEqual([1, 240, 240, 240, 2, 2, 2, 400, 400, 400, 0.2]);
    const both = [2, 470, 230, 240, 3, 1, 2, 600, 200, 400, expect.closeTo(0.3, 12)];
    expect(rows.rollup_hour![`b ${T0}`]).toEqual(both);
    expect(rows.rollup_day!['b 2026-01-05']).toEqual(both);
  });

  it('sums an hour whose energy all came with its last minute (same energy, other readings)', async () => {
    const changes = new RollupChanges('Europe/Berlin');
    changes.addReading(reading('e', T0 + 10_000, { v: 230, i: 0, p: 0, wh: 0 }));
    changes.addReading(reading('e', T0 + 70_000, { v: 240, i: 2, p: 400, wh: 0.2 }));
    const rows = await writtenRows(changes);
    expect(rows.rollup_hour![`e ${T0}`]).toEqual([2, 470, 230, 240, 2, 0, 2, 400, 0, 400, 0.2]);
  });

  it('gives the hour and the day the whole energy of an interval that began minutes before the reading', async () => {
    const changes = new RollupChanges('Europe/Berlin');
    // 3.5 minutes at the same power: 1 Wh in each whole minute, the rest in the reading's; all of it in its hour and day.
    changes.addReading(reading('c', T0 + 210_000, { v: 230, i: 1, p: 230, wh: 3.5, fromMs: T0 }));
    const rows = await writtenRows(changes);
    expect(rows.rollup_minute![`c ${T0 + 180_000}`]).toEqual([1, 230, 230, 230, 1, 1, 1, 230, 230, 230, 0.5]);
    expect(rows.rollup_minute![`c ${T0}`]).toEqual([0, 0, null, null, 0, null, null, 0, null, null, 1]);
    expect(rows.rollup_hour![`c ${T0}`]).toEqual([1, 230, 230, 230, 1, 1, 1, 230, 230, 230, 3.5]);
    expect(rows.rollup_day!['c 2026-01-05']).toEqual([1, 230, 230, 230, 1, 1, 1, 230, 230, 230, 3.5]);
  });

  it('keeps each device its own rows when many devices have one reading each', async () => {
    const changes = new RollupChanges('Europe/Berlin');
    for (let d = 0; d < 50; d++) changes.addReading(reading(`dev-${d}`, T0 + 5_000 + d, { v: 200 + d, i: d / 10, p: 10 * d, wh: d / 100 }));
    const rows = await writtenRows(changes);
    for (let d = 0; d < 50; d++) {
      const expected = [1, 200 + d, 200 + d, 200 + d, d / 10, d / 10, d / 10, 10 * d, 10 * d, 10 * d, d / 100];
      expect(rows.rollup_hour![`dev-${d} ${T0}`]).toEqual(expected);
      expect(rows.rollup_day![`dev-${d} 2026-01-05`]).toEqual(expected);
    }
  });
});
