import { LoadProfile } from '@energy/uno-sim';
import { MeterLedger } from '../truth/meter-ledger';
import { verify, type StoredEnergy, type VerifyInput } from './verify';

describe(verify.name, () => {
  const zone = 'Europe/Berlin';
  const start = Date.parse('2025-06-09T21:59:00Z'); // a minute before local midnight
  const kw = 1_000;
  const profile = new LoadProfile({ steps: [{ atMs: start, vrms: 230, irms: kw / 230 }], originMs: start });

  /** A meter that reads the truth exactly, one line a second for two minutes. */
  function device(historyStartsAtFirstReading = true) {
    const ledger = new MeterLedger(zone, historyStartsAtFirstReading);
    ledger.unoStarted(start);
    for (let s = 1; s <= 120; s++) ledger.line({ boot: 1, energyWh: Math.round(s * (kw / 3.6)) / 1000, powerW: kw, atMs: start + s * 1000, received: true });
    return { id: 'twin-01', ledger, profile };
  }
  const storedFrom = (d: ReturnType<typeof device>, scale = 1): StoredEnergy => ({
    hours: new Map([...d.ledger.measured.hours].map(([ms, wh]) => [new Date(ms).toISOString(), wh * scale])),
    days: new Map([...d.ledger.measured.days].map(([day, wh]) => [day, wh * scale])),
  });
  const input = (over: Partial<VerifyInput> = {}, historyStartsAtFirstReading = true): VerifyInput => {
    const d = device(historyStartsAtFirstReading);
    return {
      scenario: 's',
      meter: 'host',
      devices: [d],
      rule: null,
      timeZone: zone,
      virtualMs: 120_000,
      wallMs: 1_000,
      readings: d.ledger.receivedLines.map((l, i) => ({ deviceId: d.id, seq: i + 1, tsMs: l.atMs, meterBoot: 1, meterWh: l.energyWh })),
      database: new Map([[d.id, storedFrom(d)]]),
      api: new Map([[d.id, storedFrom(d)]]),
      alerts: [],
      published: [],
      acks: [],
      problems: [],
      notes: [],
      ...over,
    };
  };

  it('passes a run where everything was stored as measured', () => {
    const r = verify(input());
    expect(r.notes).toEqual([expect.stringMatching(/^twin-01: 0\.278 Wh measured before its first reading, where its stored history starts/)]);
    expect(r).toMatchObject({ pass: true, readings: 120, lost: 0, duplicated: 0, ackedNotStored: 0, alertsFired: 0, alertsExpected: 0 });
    expect(r.physicalErrorPct).toBeLessThan(0.01);
  });

  it('fails on a lost reading, on energy off by more than 0.01 %, and on any problem', () => {
    const base = input();
    expect(verify({ ...base, readings: base.readings.slice(1) }).lost).toBe(1);
    const d = base.devices[0]! as ReturnType<typeof device>;
    const off = verify({ ...base, api: new Map([[d.id, storedFrom(d, 1.001)]]) });
    expect(off.pass).toBe(false);
    expect(off.maxDayErrorPct).toBeCloseTo(0.1, 6);
    expect(off.notes.join('\n')).toMatch(/API twin-01 2025-06-0\d: stored/);
    expect(verify({ ...base, problems: ['ingest exited by itself'] }).pass).toBe(false);
  });

  it('names the cause when the first line is owed and the stored energy lacks exactly it (booked to no interval)', () => {
    const base = input({}, false);
    const d = base.devices[0]! as ReturnType<typeof device>;
    const first = d.ledger.receivedLines[0]!;
    const stored = storedFrom(d);
    const firstHour = new Date(Math.floor(first.atMs / 3_600_000) * 3_600_000).toISOString();
    stored.hours.set(firstHour, stored.hours.get(firstHour)! - first.energyWh);
    stored.days.set('2025-06-09', stored.days.get('2025-06-09')! - first.energyWh);
    const r = verify({ ...base, database: new Map([[d.id, stored]]) });
    expect(r.pass).toBe(false);
    expect(r.reasons[0]).toMatch(/^stored kWh short by exactly each device's first line \(0\.278-0\.278 Wh\)/);
    // A minute at 1 kW is 16.7 Wh: the missing 0.278 Wh is 1.7 % of that day.
    expect(r.reasons[1]).toMatch(/^1 day off the waveforms by more than 1 %/);
  });

  it('fails when the stored energy is exact to the meter but the meter is 2 % off the waveforms', () => {
    const base = input();
    const d = base.devices[0]!;
    const wrongProfile = new LoadProfile({ steps: [{ atMs: start, vrms: 230, irms: (kw * 1.02) / 230 }], originMs: start });
    const r = verify({ ...base, devices: [{ ...d, profile: wrongProfile }] });
    expect(r.pass).toBe(false);
    expect(r.physicalErrorPct).toBeGreaterThan(1.5);
  });

  it('counts alerts against the rule over the received lines', () => {
    const r = verify(input({ rule: { name: 'r', kind: 'power_above', threshold: 500, holdSeconds: 30 } }));
    expect(r).toMatchObject({ alertsExpected: 1, alertsFired: 0, pass: false });
  });
});
