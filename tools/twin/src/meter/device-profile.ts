import { LoadProfile, type ProfileStep, type LoadState } from '@energy/uno-sim';
import type { LoadStep } from '../scenario';

export interface Span {
  fromMs: number;
  toMs: number;
}

/**
 * One device's load profile in virtual UTC ms: the scenario's load steps, with the mains off during
 * every power cut that reaches it (the load loses power too). The sinusoids' phase runs on from the
 * start, unbroken by steps, as the mains does.
 */
export function buildDeviceProfile(startMs: number, steps: LoadStep[], cuts: Span[], seed: number): LoadProfile {
  const sorted = [...steps].sort((a, b) => a.atMs - b.atMs);
  if (sorted.length === 0 || sorted[0]!.atMs > 0) throw new Error('a device needs a load from the start of the run');
  const loadAt = (ms: number): LoadState => {
    let state = sorted[0]!.state;
    for (const s of sorted) if (startMs + s.atMs <= ms) state = s.state;
    return state;
  };
  const inCut = (ms: number) => cuts.some((c) => ms >= c.fromMs && ms < c.toMs);
  const boundaries = [...new Set([startMs, ...sorted.map((s) => startMs + Math.max(0, s.atMs)), ...cuts.flatMap((c) => [c.fromMs, c.toMs])])].sort((a, b) => a - b);
  const out: ProfileStep[] = [];
  for (const at of boundaries) {
    if (at < startMs) continue;
    const state: LoadState = inCut(at) ? { off: true } : loadAt(at);
    if (out.length > 0 && out[out.length - 1]!.atMs === at) out.pop();
    out.push({ ...state, atMs: at });
  }
  return new LoadProfile({ steps: out, seed, originMs: startMs });
}
