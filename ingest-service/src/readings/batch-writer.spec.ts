import type { NewReading } from '@energy/db';
import type { InsertOutcome } from './store';
import { BatchWriter } from './batch-writer';

const reading = (seq: number): NewReading => ({
  deviceId: 'd', seq, tsMs: seq, tsSource: 'received', receivedMs: seq, voltageV: 230, currentA: 1, powerW: 230,
  powerKind: 'apparent', apparentPowerVa: 230, powerFactor: null, energyCounterWh: null,
});
const ok = (batch: NewReading[]): InsertOutcome => ({ inserted: batch.map((r) => ({ ...r, energyDeltaWh: 0, energyFromMs: r.tsMs })), duplicates: [], conflicts: [], outOfPlace: [] });

describe(BatchWriter.name, () => {
  it('flushes at N rows without waiting for the timer', async () => {
    const batches: number[][] = [];
    const writer = new BatchWriter({ maxRows: 3, maxMs: 60_000, bufferMaxRows: 100 }, {
      write: async (b) => ok(b),
      committed: (_o, b) => batches.push(b.map((r) => r.seq!)),
      failed: () => undefined,
    });
    [1, 2, 3, 4].forEach((s) => writer.offer(reading(s)));
    await writer.drain();
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('flushes a partial batch after T ms', async () => {
    const committed = jest.fn();
    const writer = new BatchWriter({ maxRows: 100, maxMs: 20, bufferMaxRows: 100 }, { write: async (b) => ok(b), committed, failed: () => undefined });
    writer.offer(reading(1));
    await new Promise((r) => setTimeout(r, 80));
    expect(committed).toHaveBeenCalledTimes(1);
  });

  it('counts T from when a row arrived: rows that waited through a slow write go right after it', async () => {
    const committedAt = new Map<number, number>();
    const start = performance.now();
    const writer = new BatchWriter({ maxRows: 100, maxMs: 100, bufferMaxRows: 100 }, {
      write: async (b) => {
        await new Promise((r) => setTimeout(r, 150));
        return ok(b);
      },
      committed: (_o, b) => b.forEach((r) => committedAt.set(r.seq!, performance.now() - start)),
      failed: () => undefined,
    });
    writer.offer(reading(1)); // written from ~100 ms to ~250 ms
    await new Promise((r) => setTimeout(r, 110));
    writer.offer(reading(2)); // due at ~210 ms, during that write: written from ~250 ms, not from ~350 ms
    await new Promise((r) => setTimeout(r, 500));
    expect(committedAt.get(1)).toBeLessThan(330);
    expect(committedAt.get(2)).toBeLessThan(460);
  });

  it('keeps rows through failures, retries, and reports commits only after success', async () => {
    let failuresLeft = 2;
    const committed: number[] = [];
    const failedAttempts: number[] = [];
    const writer = new BatchWriter({ maxRows: 10, maxMs: 5, bufferMaxRows: 100, retryMinMs: 5 }, {
      write: async (b) => {
        if (failuresLeft-- > 0) throw new Error('database down');
        return ok(b);
      },
      committed: (_o, b) => committed.push(...b.map((r) => r.seq!)),
      failed: (_e, attempt) => failedAttempts.push(attempt),
    });
    [1, 2].forEach((s) => writer.offer(reading(s)));
    await new Promise((r) => setTimeout(r, 100));
    expect(failedAttempts).toEqual([1, 2]);
    expect(committed).toEqual([1, 2]);
    expect(writer.size).toBe(0);
  });

  it('refuses readings beyond its bound instead of growing', () => {
    // maxMs 1: the flush starts at once and hangs on the write, so no timer is left to keep jest alive.
    const writer = new BatchWriter({ maxRows: 10, maxMs: 1, bufferMaxRows: 2 }, { write: async () => new Promise(() => undefined), committed: () => undefined, failed: () => undefined });
    expect([1, 2, 3].map((s) => writer.offer(reading(s)))).toEqual([true, true, false]);
  });
});
