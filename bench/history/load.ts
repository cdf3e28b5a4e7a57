import type { Database, NewReading } from '@energy/db';
import { ReadingsRepository } from '@energy/ingest-service/store';
import { progressBar, ProgressLine } from '@energy/service-kit';

export interface LoadPlan {
  deviceIds: string[];
  startMs: number;
  days: number;
  /** Readings per ingest batch, as the ingest writes them (at most 1000). */
  batchRows: number;
  timeZone: string;
}

const SECOND = 1000;

/** A plausible 1 Hz household meter: a base load, a daily cycle, appliances switching on and off. */
function reading(deviceId: string, index: number, seq: number, tsMs: number): NewReading {
  const hour = (tsMs / 3_600_000) % 24;
  const daily = 150 + 250 * Math.max(0, Math.sin(((hour - 6) / 24) * 2 * Math.PI));
  const kettle = (Math.floor(tsMs / 600_000) + index) % 9 === 0 && (tsMs / 1000) % 600 < 180 ? 2000 : 0;
  const powerW = Math.round((daily + kettle + 20 * Math.sin(tsMs / 7_000)) * 10) / 10;
  const voltageV = Math.round((230 + 4 * Math.sin(tsMs / 50_000 + index)) * 100) / 100;
  const currentA = Math.round((powerW / voltageV / 0.97) * 1000) / 1000;
  return {
    deviceId,
    seq,
    tsMs,
    tsSource: 'device',
    receivedMs: tsMs + 40,
    voltageV,
    currentA,
    powerW,
    powerKind: 'real',
    apparentPowerVa: Math.round(voltageV * currentA * 10) / 10,
    powerFactor: 0.97,
    energyCounterWh: null,
  };
}

/**
 * Loads 1 Hz readings through the ingest's real write path (ReadingsRepository.insertBatch, which
 * also maintains the minute, hour and day rollups). Resumes where an earlier run stopped, so a
 * rerun only measures. Devices load side by side, each on its own repository (one writer per device).
 */
export async function loadHistory(db: Database, plan: LoadPlan): Promise<{ rows: number; seconds: number }> {
  const perDevice = plan.days * 86_400;
  const total = perDevice * plan.deviceIds.length;
  const progress = new ProgressLine();
  const loaded = new Map<string, number>();
  for (const id of plan.deviceIds) {
    const [row] = await db.query<{ next: number | null }>('SELECT MAX(seq) + 1 AS next FROM readings WHERE device_id = ?', [id]);
    loaded.set(id, Number(row?.next ?? 0));
  }
  const already = [...loaded.values()].reduce((a, b) => a + b, 0);
  if (already >= total) return { rows: 0, seconds: 0 };
  const started = Date.now();
  const ticker = setInterval(() => {
    const done = [...loaded.values()].reduce((a, b) => a + b, 0);
    const rate = (done - already) / Math.max(1, (Date.now() - started) / 1000);
    const etaS = (total - done) / Math.max(1, rate);
    progress.update(`loading ${progressBar(done, total)} rows  ${Math.round(rate).toLocaleString('en')} rows/s  ETA ${Math.floor(etaS / 60)}m${String(Math.round(etaS % 60)).padStart(2, '0')}s`);
  }, 500);
  try {
    await Promise.all(
      plan.deviceIds.map(async (deviceId, index) => {
        const repo = new ReadingsRepository(db, plan.timeZone);
        let seq = loaded.get(deviceId)!;
        while (seq < perDevice) {
          const batch: NewReading[] = [];
          for (let i = 0; i < plan.batchRows && seq < perDevice; i++, seq++) {
            batch.push(reading(deviceId, index, seq, plan.startMs + seq * SECOND));
          }
          await repo.insertBatch(batch);
          loaded.set(deviceId, seq);
        }
      }),
    );
  } finally {
    clearInterval(ticker);
  }
  const seconds = (Date.now() - started) / 1000;
  progress.done(`loaded ${(total - already).toLocaleString('en')} rows in ${seconds.toFixed(0)} s (${Math.round((total - already) / seconds).toLocaleString('en')} rows/s)`);
  return { rows: total - already, seconds };
}
