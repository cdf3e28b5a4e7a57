import { StepPairer } from './appliance-events';
import { StepDetector, type PowerStep } from './step-detector';

const feed = (detector: StepDetector, powers: number[]): PowerStep[] => powers.map((p, i) => detector.push(i * 1000, p)).filter((s): s is PowerStep => s !== null);

describe(StepDetector.name, () => {
  it('reports a change of level once it has settled, with the size between the levels', () => {
    const steps = feed(new StepDetector(), [...Array(20).fill(100), ...Array(20).fill(1100), ...Array(20).fill(100)]);
    expect(steps).toEqual([
      { atMs: 20_000, deltaW: 1000, fromW: 100, toW: 1100 },
      { atMs: 40_000, deltaW: -1000, fromW: 1100, toW: 100 },
    ]);
  });

  it('ignores noise and an inrush spike that falls back within seconds', () => {
    const noisy = Array.from({ length: 60 }, (_, i) => 200 + ((i * 7) % 11) - 5);
    noisy[30] = 1500;
    noisy[31] = 1400;
    expect(feed(new StepDetector(), noisy)).toEqual([]);
  });

  it('measures a step after a motor\'s start-up peak at the level it settles to', () => {
    const [step] = feed(new StepDetector(), [...Array(10).fill(100), 900, 600, ...Array(20).fill(220)]);
    expect(step!.deltaW).toBeCloseTo(120);
  });
});

describe(StepPairer.name, () => {
  it('pairs an off-step with the latest on-step of about its size', () => {
    const pairer = new StepPairer();
    const step = (atMs: number, deltaW: number): PowerStep => ({ atMs, deltaW, fromW: 0, toW: 0 });
    expect(pairer.push(step(0, 120))).toBeNull();
    expect(pairer.push(step(60_000, 2000))).toBeNull();
    expect(pairer.push(step(240_000, -1980))).toEqual({ startMs: 60_000, durationMs: 180_000, powerW: 1990 });
    expect(pairer.push(step(900_000, -118))).toEqual({ startMs: 0, durationMs: 900_000, powerW: 119 });
    expect(pairer.push(step(950_000, -500))).toBeNull();
  });
});
