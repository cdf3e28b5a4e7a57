import { HOUR_MS } from './energy-buckets';
import { MeterLedger } from './meter-ledger';

describe(MeterLedger.name, () => {
  const t0 = Date.parse('2025-06-09T21:00:00Z');
  const line = (boot: number, energyWh: number, atMs: number, received = true) => ({ boot, energyWh, powerW: 3_600, atMs, received });

  it('attributes each received line to the time since the previous one, the first to the time since boot', () => {
    const ledger = new MeterLedger('UTC', false);
    ledger.unoStarted(t0);
    ledger.line(line(7, 1, t0 + 1_000));
    ledger.line(line(7, 2, t0 + 2_000));
    expect(ledger.measured.totalWh).toBeCloseTo(2, 12);
    expect(ledger.measured.hourWh(t0)).toBeCloseTo(2, 12);
  });

  it('lets the next received line of the same boot carry the lines the ESP32 missed (an ESP32 reset)', () => {
    const ledger = new MeterLedger('UTC', false);
    ledger.unoStarted(t0 + HOUR_MS - 2_000);
    ledger.line(line(7, 1, t0 + HOUR_MS - 1_000));
    ledger.line(line(7, 2, t0 + HOUR_MS, false));
    ledger.line(line(7, 3, t0 + HOUR_MS + 1_000));
    // 2 Wh over the two seconds from the last received line: one in each hour.
    expect(ledger.measured.hourWh(t0)).toBeCloseTo(2, 12);
    expect(ledger.measured.hourWh(t0 + HOUR_MS)).toBeCloseTo(1, 12);
    expect(ledger.receivedLines).toHaveLength(2);
  });

  it('starts over at a new boot and lists what was measured after the last received line', () => {
    const ledger = new MeterLedger('UTC', false);
    ledger.unoStarted(t0);
    ledger.line(line(7, 1, t0 + 1_000));
    ledger.unoStopped(t0 + 1_500, 1.5);
    ledger.unoStarted(t0 + 10_000);
    ledger.line(line(8, 1, t0 + 11_000));
    expect(ledger.measured.totalWh).toBeCloseTo(2, 12);
    expect(ledger.unreported).toEqual([{ boot: 7, fromMs: t0 + 1_000, toMs: t0 + 1_500, wh: 0.5 }]);
    expect(ledger.owedSpans).toEqual([
      { fromMs: t0, toMs: t0 + 1_000 },
      { fromMs: t0 + 10_000, toMs: t0 + 11_000 },
    ]);
  });

  it('starts the device\'s history at its first received line when told to, listing the energy before it', () => {
    const ledger = new MeterLedger('UTC', true);
    ledger.unoStarted(t0);
    ledger.line(line(7, 1, t0 + 1_000, false));
    ledger.line(line(7, 2, t0 + 2_000));
    ledger.line(line(7, 3, t0 + 3_000));
    expect(ledger.beforeHistoryWh).toBe(2);
    expect(ledger.historyStartMs).toBe(t0 + 2_000);
    expect(ledger.measured.totalWh).toBeCloseTo(1, 12);
    // Later boots are history like any other time.
    ledger.unoStopped(t0 + 3_500, 3);
    ledger.unoStarted(t0 + 4_000);
    ledger.line(line(8, 1, t0 + 5_000));
    expect(ledger.measured.totalWh).toBeCloseTo(2, 12);
    expect(ledger.owedSpans).toEqual([
      { fromMs: t0 + 2_000, toMs: t0 + 3_000 },
      { fromMs: t0 + 4_000, toMs: t0 + 5_000 },
    ]);
  });

  it('refuses a counter that steps back within a boot, and a boot number that changes without a restart', () => {
    const ledger = new MeterLedger('UTC', false);
    ledger.unoStarted(t0);
    ledger.line(line(7, 5, t0 + 1_000));
    expect(() => ledger.line(line(7, 4, t0 + 2_000))).toThrow(/went back/);
    expect(() => ledger.line(line(8, 6, t0 + 3_000))).toThrow(/without a restart/);
  });
});
