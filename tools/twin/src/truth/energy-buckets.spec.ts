import { EnergyBuckets, HOUR_MS, nextDate } from './energy-buckets';

describe(EnergyBuckets.name, () => {
  const zone = 'Europe/Berlin';
  // 2025-06-09 22:00Z is midnight in Berlin (UTC+2 in summer).
  const midnight = Date.parse('2025-06-09T22:00:00Z');

  it('spreads a counter delta linearly over the hours and local days it covers', () => {
    const b = new EnergyBuckets(zone);
    // 1.5 h ending 30 min after local midnight, 3 Wh: 1 Wh in each half hour.
    b.addLinear(midnight - HOUR_MS, midnight + HOUR_MS / 2, 3);
    expect(b.hourWh(midnight - HOUR_MS)).toBeCloseTo(2, 12);
    expect(b.hourWh(midnight)).toBeCloseTo(1, 12);
    expect(b.dayWh('2025-06-09')).toBeCloseTo(2, 12);
    expect(b.dayWh('2025-06-10')).toBeCloseTo(1, 12);
    expect(b.totalWh).toBeCloseTo(3, 12);
  });

  it('splits a power curve exactly where the buckets end', () => {
    const b = new EnergyBuckets(zone);
    // 1 kW before midnight, 2 kW after: a step exactly at the day boundary.
    const watts = (t: number) => (t < midnight ? 1_000 : 2_000);
    b.addCurve(midnight - 1_800_000, midnight + 1_800_000, (a, c) => (watts(a) * (c - a)) / HOUR_MS);
    expect(b.dayWh('2025-06-09')).toBeCloseTo(500, 9);
    expect(b.dayWh('2025-06-10')).toBeCloseTo(1_000, 9);
  });

  it('puts a zero-length interval in the bucket of its end, and refuses a reversed one', () => {
    const b = new EnergyBuckets(zone);
    b.addLinear(midnight, midnight, 0.5);
    expect(b.hourWh(midnight)).toBe(0.5);
    expect(b.dayWh('2025-06-10')).toBe(0.5);
    expect(() => b.addLinear(2, 1, 1)).toThrow(/ends before/);
  });

  it('splits local days inside an hour in half-hour zones', () => {
    const b = new EnergyBuckets('Asia/Kolkata');
    const kolkataMidnight = Date.parse('2025-06-09T18:30:00Z');
    b.addLinear(kolkataMidnight - 1_800_000, kolkataMidnight + 1_800_000, 2);
    expect(b.hourWh(Date.parse('2025-06-09T18:00:00Z'))).toBeCloseTo(2, 12);
    expect(b.dayWh('2025-06-09')).toBeCloseTo(1, 12);
    expect(b.dayWh('2025-06-10')).toBeCloseTo(1, 12);
  });

  it('steps calendar dates across month ends', () => {
    expect(nextDate('2025-02-28')).toBe('2025-03-01');
    expect(nextDate('2024-12-31')).toBe('2025-01-01');
  });
});
