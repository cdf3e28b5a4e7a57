import { LoadModel } from '@energy/device-simulator';
import { ApplianceMonitor } from './appliance-monitor';
import type { ApplianceEvent } from './appliance-events';
import type { PowerStep } from './step-detector';
import type { TrueStep } from './step-scoring';

export interface SimulatedRun {
  truth: TrueStep[];
  /** The appliance runs as they really were. */
  runs: Array<{ appliance: string; startMs: number; endMs: number }>;
  detected: PowerStep[];
  events: ApplianceEvent[];
}

/**
 * Drives the device simulator's load model at 1 Hz through the appliance monitor, recording which
 * appliances were really on each second (the model knows: base load, a cycling fridge, kettles and
 * heaters). Spikes come every 10 min on average instead of 30, so a few hours hold enough of each.
 */
export function simulateAppliances(seed: number, hours: number, startMs = Date.UTC(2025, 0, 6)): SimulatedRun {
  const model = new LoadModel({ seed, spikeChancePerSecond: 1 / 600 });
  const monitor = new ApplianceMonitor();
  const truth: TrueStep[] = [];
  const detected: PowerStep[] = [];
  const runs: SimulatedRun['runs'] = [];
  const openSince = new Map<string, number>();
  let previous = new Map<string, number>();
  for (let s = 0; s < hours * 3600; s++) {
    const tMs = startMs + s * 1000;
    const powerW = model.sample(tMs).powerW;
    // A spike appliance is known by its drawn power, so a kettle right after a kettle is two runs.
    const now = new Map(model.appliancesOn.filter((a) => a.name !== 'base').map((a) => [a.name === 'fridge' ? 'fridge' : `${a.name}@${a.powerW}`, a.powerW]));
    for (const [key, w] of now) {
      if (previous.has(key)) continue;
      truth.push({ atMs: tMs, deltaW: w, appliance: key.split('@')[0]! });
      openSince.set(key, tMs);
    }
    for (const [key, w] of previous) {
      if (now.has(key)) continue;
      truth.push({ atMs: tMs, deltaW: -w, appliance: key.split('@')[0]! });
      runs.push({ appliance: key.split('@')[0]!, startMs: openSince.get(key)!, endMs: tMs });
    }
    previous = now;
    const { step } = monitor.push(tMs, powerW);
    if (step) detected.push(step);
  }
  return { truth, runs, detected, events: monitor.events };
}
