import { openDatabase, type NewReading } from '@energy/db';
import { ReadingsRepository } from '@energy/ingest-service/store';
import { LoadModel, seedFromString } from '@energy/device-simulator';

const STEP_MS = 60_000;
const DENSE_STEP_MS = 1_000;
const BATCH = 500;

/**
 * A day of past readings, one a minute per device, from the simulator's load model, stored the way
 * the ingest stores them (rollups included). History then has rollups with min/max bands and Energy
 * has real kWh and cost from the first screen, instead of a system born seconds ago. The dense
 * device gets its last hour at 1 Hz, like a real meter: the live page opens on a full 60-minute
 * window (3,600 points on each of its three charts).
 */
export async function seedHistory(databaseUrl: string, deviceIds: readonly string[], hours: number, denseDevice: string, nowMs = Date.now()): Promise<number> {
  const db = openDatabase({ databaseUrl, sqlitePath: '' });
  try {
    const repo = new ReadingsRepository(db, 'UTC');
    const endMs = nowMs - 1_000;
    const startMs = endMs - hours * 3_600_000;
    const denseFromMs = endMs - 3_600_000;
    let stored = 0;
    for (const deviceId of deviceIds) {
      // The model draws a spike chance per sample: about one kettle or heater run per 90 minutes at one
      // sample a minute, and one per 20 minutes in the 1 Hz hour. (The options object is read per sample.)
      const options = { seed: seedFromString(`history-${deviceId}`), spikeChancePerSecond: 1 / 90 };
      const model = new LoadModel(options);
      let batch: NewReading[] = [];
      for (let ts = startMs; ts <= endMs; ts += deviceId === denseDevice && ts >= denseFromMs ? DENSE_STEP_MS : STEP_MS) {
        options.spikeChancePerSecond = deviceId === denseDevice && ts >= denseFromMs ? 1 / 1200 : 1 / 90;
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
