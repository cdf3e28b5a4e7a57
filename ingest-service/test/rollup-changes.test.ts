import { testDatabaseFactories, type TestDatabase } from '@energy/db/testing';
import { RollupChanges } from '../src/readings/store';

// The write model's rollup upsert, on every adapter: the dialects' NULL-aware LEAST/GREATEST must agree.
describe.each(Object.entries(testDatabaseFactories))('rollup changes on %s', (_dialect, create) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await create();
  });
  afterEach(async () => {
    await t.drop();
  });

  it('keeps a rollup bucket that holds only energy without extremes, then takes the first reading\'s', async () => {
    const changes = (build: (c: RollupChanges) => void) => {
      const c = new RollupChanges('UTC');
      build(c);
      return c.write(t.db);
    };
    await changes((c) => c.addEnergy('d1', 2.5, 0, 60_000)); // energy spread into minute 0, no reading there
    await changes((c) => c.addEnergy('d1', -0.5, 0, 60_000));
    const extremes = 'SELECT n, v_sum, v_min, v_max, p_min, p_max, energy_wh FROM rollup_minute';
    expect(await t.db.query(extremes)).toEqual([{ n: 0, v_sum: 0, v_min: null, v_max: null, p_min: null, p_max: null, energy_wh: 2 }]);
    const reading = { deviceId: 'd1', seq: 1, tsSource: 'device', receivedMs: 0, currentA: 1, powerKind: 'real', apparentPowerVa: 230, powerFactor: 1, energyCounterWh: null } as const;
    await changes((c) => c.addReading({ ...reading, tsMs: 30_000, voltageV: 231, powerW: 200, energyDeltaWh: 1, energyFromMs: 30_000 }));
    await changes((c) => c.addReading({ ...reading, tsMs: 40_000, voltageV: 229, powerW: 300, energyDeltaWh: 0, energyFromMs: 40_000 }));
    expect(await t.db.query(extremes)).toEqual([{ n: 2, v_sum: 460, v_min: 229, v_max: 231, p_min: 200, p_max: 300, energy_wh: 3 }]);
  });
});
