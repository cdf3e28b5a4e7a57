import type { LoadProfile, LoadState } from '@energy/uno-sim';
import type { UartLineRecord } from './meter-ledger';

/** How one meter read one steady load. */
export interface MeterAccuracy {
  /** The load: its true real power and power factor, and what kind of load it is. */
  truePowerW: number;
  truePowerFactor: number;
  kind: string;
  /** Lines judged. */
  lines: number;
  /** Mean relative error of each quantity, %. */
  voltagePct: number;
  currentPct: number;
  powerPct: number;
}

/** Seconds after a boot or a load step before lines are judged (a report must span one state only). */
const SETTLE_MS = 3_000;

/**
 * What each UART line said against the waveforms' truth, per steady load: Vrms and Irms of the step
 * in force, and the exact mean real power over the second the line covers. Lines within a few seconds
 * of a boot or a load step are left out, and so are lines while the mains is off.
 */
export function meterAccuracy(lines: UartLineRecord[], profile: LoadProfile, bootTimes: number[]): MeterAccuracy[] {
  const byStep = new Map<number, { truth: ReturnType<LoadProfile['truthAt']>; kind: string; lines: number; v: number; i: number; p: number }>();
  for (const l of lines) {
    if (l.voltageV === undefined || l.currentA === undefined) continue;
    const step = profile.steps.reduce((k, s, idx) => (s.atMs <= l.atMs ? idx : k), -1);
    if (step < 0 || l.atMs - profile.steps[step]!.atMs < SETTLE_MS) continue;
    const boot = bootTimes.filter((b) => b <= l.atMs).at(-1);
    if (boot === undefined || l.atMs - boot < SETTLE_MS) continue;
    const truth = profile.truthAt(l.atMs);
    if (truth.vrms === 0 || truth.irms === 0 || truth.powerW === 0) continue;
    const meanPowerW = profile.truthBetween(l.atMs - 1_000, l.atMs).meanPowerW;
    const entry = byStep.get(step) ?? { truth, kind: loadKind(profile.steps[step]!), lines: 0, v: 0, i: 0, p: 0 };
    entry.lines++;
    entry.v += (l.voltageV - truth.vrms) / truth.vrms;
    entry.i += (l.currentA - truth.irms) / truth.irms;
    entry.p += (l.powerW - meanPowerW) / meanPowerW;
    byStep.set(step, entry);
  }
  // Steps with the same load (the base load before and after a kettle) are one load.
  const byLoad = new Map<string, MeterAccuracy & { sums: { v: number; i: number; p: number } }>();
  for (const e of byStep.values()) {
    const key = `${e.truth.powerW.toFixed(3)}|${e.truth.powerFactor.toFixed(4)}|${e.kind}`;
    const a = byLoad.get(key) ?? { truePowerW: e.truth.powerW, truePowerFactor: e.truth.powerFactor, kind: e.kind, lines: 0, voltagePct: 0, currentPct: 0, powerPct: 0, sums: { v: 0, i: 0, p: 0 } };
    a.lines += e.lines;
    a.sums.v += e.v;
    a.sums.i += e.i;
    a.sums.p += e.p;
    byLoad.set(key, a);
  }
  return [...byLoad.values()].map(({ sums, ...a }) => ({ ...a, voltagePct: (100 * sums.v) / a.lines, currentPct: (100 * sums.i) / a.lines, powerPct: (100 * sums.p) / a.lines }));
}

/** `resistive`, `lagging`, `leading`, `distorted (3rd 30 %, 5th 15 %)`, from the load state. */
export function loadKind(state: LoadState): string {
  const harmonics = [...(state.currentHarmonics ?? []), ...(state.voltageHarmonics ?? [])];
  if (harmonics.length > 0) return `distorted (${harmonics.map((h) => `${ordinal(h.order)} ${(h.ratio * 100).toFixed(0)} %`).join(', ')})`;
  const lag = state.lagDeg ?? 0;
  return lag > 0 ? 'lagging' : lag < 0 ? 'leading' : 'resistive';
}

const ordinal = (n: number) => `${n}${n === 2 ? 'nd' : n === 3 ? 'rd' : 'th'}`;

/** `920 W PF 1.000 resistive: V -0.05 %, I +0.02 %, P -0.03 % (57 lines)` */
export function formatAccuracy(a: MeterAccuracy): string {
  const sign = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(2)} %`;
  return `${a.truePowerW.toFixed(0)} W PF ${a.truePowerFactor.toFixed(3)} ${a.kind}: V ${sign(a.voltagePct)}, I ${sign(a.currentPct)}, P ${sign(a.powerPct)} (${a.lines} lines)`;
}
