import type { ApplianceEvent } from './appliance-events';
import { baseLoadW, topConsumers } from './consumers';
import { groupSignatures, labelFor } from './signatures';

const MIN = 60_000;

describe(groupSignatures.name, () => {
  const fridge = Array.from({ length: 8 }, (_, i): ApplianceEvent => ({ startMs: i * 45 * MIN, durationMs: 15 * MIN, powerW: 118 + (i % 3) }));
  const kettle = [7, 130, 520, 610, 1400].map((start, i): ApplianceEvent => ({ startMs: start * MIN, durationMs: 3 * MIN, powerW: 1900 + i * 50 }));
  const heater = Array.from({ length: 6 }, (_, i): ApplianceEvent => ({ startMs: i * 200 * MIN + 11 * MIN, durationMs: (6 + i * 2) * MIN, powerW: 900 + i * 110 }));

  it('chains runs alike in power and duration, so a heater drawing 0.9–1.45 kW stays one signature', () => {
    const signatures = groupSignatures([...fridge, ...kettle, ...heater]);
    expect(signatures.map((s) => [s.label, s.events])).toEqual([
      ['heater-like', 6],
      ['kettle-like', 5],
      ['fridge-like', 8],
    ]);
    expect(signatures.find((s) => s.label === 'fridge-like')!.sentence).toBe('≈120 W, 15 min every 45 min: fridge-like');
    expect(signatures.find((s) => s.label === 'kettle-like')!.sentence).toBe('≈2.0 kW, 3 min: kettle-like');
  });

  it('leaves out runs that happened fewer than 3 times', () => {
    expect(groupSignatures(kettle.slice(0, 2))).toEqual([]);
  });
});

describe(labelFor.name, () => {
  it('names loads by rules a user can check', () => {
    expect(labelFor(120, 15 * MIN, 45 * MIN)).toBe('fridge-like');
    expect(labelFor(120, 15 * MIN, null)).toBe('small load');
    expect(labelFor(2000, 3 * MIN, null)).toBe('kettle-like');
    expect(labelFor(1200, 10 * MIN, null)).toBe('heater-like');
    expect(labelFor(800, 2 * MIN, null)).toBe('large load');
  });
});

describe(topConsumers.name, () => {
  it('splits a period into always on, each signature and the rest, largest first', () => {
    const fridge = Array.from({ length: 8 }, (_, i): ApplianceEvent => ({ startMs: i * 45 * MIN, durationMs: 15 * MIN, powerW: 120 }));
    const signatures = groupSignatures(fridge);
    const rows = topConsumers(1000, 6 * 60 * MIN, 100, fridge, signatures);
    expect(rows.map((r) => [r.label, r.energyWh])).toEqual([
      ['always on', 600],
      ['everything else', 160],
      ['fridge-like', 240],
    ].sort((a, b) => (b[1] as number) - (a[1] as number)));
    expect(rows.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1);
  });

  it('takes the base load as a low percentile, not the lowest sample', () => {
    expect(baseLoadW([5, ...Array(200).fill(150), ...Array(100).fill(900)])).toBe(150);
  });
});
