import { openDatabase, ReadingsRepository, type NewReading } from '@energy/db';
import { LoadModel } from '@energy/device-simulator';
import { seedFromString } from '@energy/device-simulator/src/random';

const STEP_MS = 60_000;
const BATCH = 500;

/**
 * A day of past readings, one a minute per device, from the simulator's load model, stored the way
 * the ingest stores them (rollups included). History then has rollups with min/max bands and Energy
 * has real kWh and cost from the first screen, instead of a system born seconds ago.
 */
export async function seedHistory(databaseUrl: string, deviceIds: readonly string[], hours: number, nowMs = Date.now()): Promise<number> {
  const db = openDatabase({ databaseUrl, sqlitePath: '' });
  try {
    const repo = new ReadingsRepository(db, 'UTC');
    const endMs = nowMs - 2 * STEP_MS;
    const startMs = endMs - hours * 3_600_000;
    let stored = 0;
    for (const deviceId of deviceIds) {
      // One spike chance per sample (a minute): some kettle and heater runs through the day.
      const model = new LoadModel({ seed: seedFromString(`history-${deviceId}`), spikeChancePerSecond: 1 / 90 });
      let batch: NewReading[] = [];
      for (let ts = startMs; ts <= endMs; ts += STEP_MS) {
        const m = model.sample(ts);
        batch.push({
          deviceId,
          seq: ts,
          tsMs: ts,
          tsSource: 'device',
          receivedMs: ts,
          voltageV: round(m.voltageV, 2),
          currentA: round(m.currentA, 3),
          powerW: round(m.powerW, 1),
          powerKind: 'real',
          apparentPowerVa: round(m.apparentPowerVa, 1),
          powerFactor: round(m.powerFactor, 3),
          energyCounterWh: null,
        });
        if (batch.length === BATCH) {
          stored += (await repo.insertBatch(batch)).inserted.length;
          batch = [];
        }
      }
      if (batch.length) stored += (await repo.insertBatch(batch)).inserted.length;
    }
    return stored;
  } finally {
    await db.close();
  }
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
