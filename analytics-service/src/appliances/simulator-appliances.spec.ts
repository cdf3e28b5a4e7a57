import { groupSignatures, matchSignature } from './signatures';
import { simulateAppliances } from './simulated-truth';
import { scoreSteps } from './step-scoring';

describe('appliance events on the device simulator', () => {
  const { truth, detected, runs, events } = simulateAppliances(42, 12);

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
