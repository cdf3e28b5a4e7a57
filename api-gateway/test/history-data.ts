import type { Database, NewReading } from '@energy/db';
import { ReadingsRepository } from '@energy/ingest-service/store';

/**
 * Readings through the ingest's real write path (which also maintains the rollups): every
 * `stepMs` for `durationMs`, with a gap and values that wander, so min, max and avg all differ.
 */
export async function loadReadings(db: Database, timeZone: string, deviceIds: string[], startMs: number, durationMs: number, stepMs: number): Promise<number> {
  const repo = new ReadingsRepository(db, timeZone);
  let total = 0;
  for (const [d, deviceId] of deviceIds.entries()) {
    let batch: NewReading[] = [];
    let seq = 0;
    for (let ts = startMs; ts < startMs + durationMs; ts += stepMs) {
      // a 40-minute outage on the first day
      if (ts - startMs > 5 * 3_600_000 && ts - startMs < 5 * 3_600_000 + 40 * 60_000) continue;
      const phase = (ts / 1000 / 97 + d) % (2 * Math.PI);
      const voltageV = Math.round((230 + 6 * Math.sin(phase) + d) * 100) / 100;
      const currentA = Math.round((2 + 1.5 * Math.cos(phase * 3) + d * 0.5) * 1000) / 1000;
      const powerW = Math.round(voltageV * currentA * 0.95 * 100) / 100;
      batch.push({
        deviceId,
        seq: seq++,
        tsMs: ts,
        tsSource: 'device',
        receivedMs: ts,
        voltageV,
        currentA,
        powerW,
        powerKind: 'real',
        apparentPowerVa: Math.round(voltageV * currentA * 100) / 100,
        powerFactor: 0.95,
        energyCounterWh: null,
      });
      if (batch.length === 1000) {
        await repo.insertBatch(batch);
        total += batch.length;
        batch = [];
      }
    }
    if (batch.length) await repo.insertBatch(batch);
    total += batch.length;
  }
  return total;
}
