import { LoadModel } from '@energy/device-simulator';
import { ApplianceMonitor } from './appliance-monitor';
import { groupSignatures, matchSignature } from './signatures';
import type { PowerStep } from './step-detector';
import { scoreSteps, type TrueStep } from './step-scoring';

/**
 * The device simulator knows which of its appliances is on each second (base load, a cycling
 * fridge, kettles and heaters), so the step detector and the signatures are scored against truth.
 */
function simulate(seed: number, hours: number) {
  const model = new LoadModel({ seed, spikeChancePerSecond: 1 / 600 });
  const monitor = new ApplianceMonitor();
  const truth: TrueStep[] = [];
  const detected: PowerStep[] = [];
  const runs: Array<{ appliance: string; startMs: number; endMs: number }> = [];
  let previous = new Map<string, number>();
  const start = Date.UTC(2025, 0, 6);
  for (let s = 0; s < hours * 3600; s++) {
    const tMs = start + s * 1000;
    const powerW = model.sample(tMs).powerW;
    // A spike appliance is identified by its drawn power, so a kettle after a kettle is two runs.
    const now = new Map(model.appliancesOn.filter((a) => a.name !== 'base').map((a) => [a.name === 'fridge' ? 'fridge' : `${a.name}@${a.powerW}`, a.powerW]));
    for (const [key, w] of now) if (!previous.has(key)) truth.push({ atMs: tMs, deltaW: w, appliance: key.split('@')[0]! });
    for (const [key, w] of previous) {
      if (now.has(key)) continue;
      truth.push({ atMs: tMs, deltaW: -w, appliance: key.split('@')[0]! });
      const on = [...truth].reverse().find((t) => t.deltaW > 0 && t.appliance === key.split('@')[0]);
      if (on) runs.push({ appliance: on.appliance, startMs: on.atMs, endMs: tMs });
    }
    previous = now;
    const { step } = monitor.push(tMs, powerW);
    if (step) detected.push(step);
  }
  return { truth, detected, runs, events: monitor.events };
}

describe('appliance events on the device simulator', () => {
  const { truth, detected, runs, events } = simulate(42, 12);

  it('finds the on/off steps of 100 W and more with an event F1 of at least 0.9', () => {
    const score = scoreSteps(truth, detected);
    expect(score.truth).toBeGreaterThan(100);
    expect(score.f1).toBeGreaterThanOrEqual(0.9);
  });

  it('puts each simulated appliance in a signature of its own, labelled after it', () => {
    const signatures = groupSignatures(events);
    const signatureOf = (appliance: string) => {
      const counts = new Map<string, number>();
      for (const run of runs.filter((r) => r.appliance === appliance)) {
        const event = events.find((e) => Math.abs(e.startMs - run.startMs) <= 5_000 && Math.abs(e.startMs + e.durationMs - run.endMs) <= 5_000);
        const signature = event ? matchSignature(event, signatures) : null;
        if (signature) counts.set(signature.id, (counts.get(signature.id) ?? 0) + 1);
      }
      const [id, count] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['none', 0];
      return { id, share: count / runs.filter((r) => r.appliance === appliance).length };
    };
    const fridge = signatureOf('fridge');
    const kettle = signatureOf('kettle');
    const heater = signatureOf('heater');
    expect(new Set([fridge.id, kettle.id, heater.id]).size).toBe(3);
    for (const s of [fridge, kettle, heater]) expect(s.share).toBeGreaterThanOrEqual(0.8);
    const label = (id: string) => signatures.find((s) => s.id === id)!.label;
    expect([label(fridge.id), label(kettle.id), label(heater.id)]).toEqual(['fridge-like', 'kettle-like', 'heater-like']);
    expect(signatures.find((s) => s.id === fridge.id)!.sentence).toMatch(/^≈1[12]0 W, 15 min every 45 min: fridge-like$/);
  });

  it('lets the user name a signature, and later runs carry the name', () => {
    const named = groupSignatures(events, new Map([[groupSignatures(events).find((s) => s.label === 'fridge-like')!.id, 'Garage fridge']]));
    const fridge = named.find((s) => s.label === 'fridge-like')!;
    expect(fridge.name).toBe('Garage fridge');
    expect(fridge.sentence).toMatch(/: Garage fridge$/);
    const later = { startMs: 0, durationMs: 15 * 60_000, powerW: fridge.powerW + 3 };
    expect(matchSignature(later, named)?.name).toBe('Garage fridge');
  });
});
