import type { SignatureLabel, SignatureView } from '@energy/contracts';
import { median } from 'simple-statistics';
import type { ApplianceEvent } from './appliance-events';

/** A recurring kind of appliance run: "≈120 W, 15 min every 45 min: fridge-like". The contract's shape, as the gateway receives it. */
export type Signature = SignatureView;
export type { SignatureLabel };

export interface SignatureOptions {
  /** Two runs are alike when their powers differ by at most this factor … */
  powerFactor: number;
  /** … and their durations by at most this factor. */
  durationFactor: number;
  /** A group needs this many runs to be a signature. */
  minEvents: number;
}

export const DEFAULT_SIGNATURE_OPTIONS: SignatureOptions = { powerFactor: 1.15, durationFactor: 2, minEvents: 3 };

/**
 * Groups runs into signatures by single linkage: runs alike in power and duration (within the
 * factors) are chained into one group, so a heater that draws 0.9–1.5 kW from run to run stays one
 * signature while a kettle 20 % stronger is another.
 */
export function groupSignatures(events: readonly ApplianceEvent[], names: ReadonlyMap<string, string> = new Map(), options = DEFAULT_SIGNATURE_OPTIONS): Signature[] {
  const parent = events.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const byPower = events.map((e, i) => ({ e, i })).sort((a, b) => a.e.powerW - b.e.powerW);
  for (let a = 0; a < byPower.length; a++) {
    for (let b = a + 1; b < byPower.length && byPower[b]!.e.powerW <= byPower[a]!.e.powerW * options.powerFactor; b++) {
      if (ratio(byPower[a]!.e.durationMs, byPower[b]!.e.durationMs) <= options.durationFactor) parent[find(byPower[a]!.i)] = find(byPower[b]!.i);
    }
  }
  const groups = new Map<number, ApplianceEvent[]>();
  events.forEach((e, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), e]));
  return [...groups.values()]
    .filter((group) => group.length >= options.minEvents)
    .map((group) => describeSignature(group, names))
    .sort((a, b) => b.energyWh - a.energyWh);
}

/** The signature a new run belongs to (alike with its typical run), if any: so later events carry the user's name. */
export function matchSignature(event: ApplianceEvent, signatures: readonly Signature[], options = DEFAULT_SIGNATURE_OPTIONS): Signature | null {
  let best: Signature | null = null;
  for (const s of signatures) {
    if (ratio(event.powerW, s.powerW) > options.powerFactor * options.powerFactor || ratio(event.durationMs, s.durationMs) > options.durationFactor * options.durationFactor) continue;
    if (!best || ratio(event.powerW, s.powerW) < ratio(event.powerW, best.powerW)) best = s;
  }
  return best;
}

function describeSignature(group: ApplianceEvent[], names: ReadonlyMap<string, string>): Signature {
  const powerW = median(group.map((e) => e.powerW));
  const durationMs = median(group.map((e) => e.durationMs));
  const periodMs = cyclingPeriod(group);
  const label = labelFor(powerW, durationMs, periodMs);
  const id = `sig-${Math.round(powerW / 10) * 10}w-${Math.max(1, Math.round(durationMs / 60_000))}m`;
  const every = periodMs !== null ? ` every ${formatDuration(periodMs)}` : '';
  return {
    id,
    powerW: Math.round(powerW),
    durationMs: Math.round(durationMs),
    periodMs,
    label,
    name: names.get(id) ?? null,
    events: group.length,
    energyWh: Math.round(group.reduce((sum, e) => sum + (e.powerW * e.durationMs) / 3_600_000, 0)),
    sentence: `≈${formatPower(powerW)}, ${formatDuration(durationMs)}${every}: ${names.get(id) ?? label}`,
  };
}

/** Regular recurrence: the gaps between starts stray from their median by less than a quarter of it (typically). */
function cyclingPeriod(group: ApplianceEvent[]): number | null {
  if (group.length < 4) return null;
  const starts = group.map((e) => e.startMs).sort((a, b) => a - b);
  const gaps = starts.slice(1).map((s, i) => s - starts[i]!);
  const typical = median(gaps);
  const spread = median(gaps.map((g) => Math.abs(g - typical)));
  return spread < typical / 4 ? Math.round(typical) : null;
}

/** Plain rules a user can check, after the appliances each label is named for. */
export function labelFor(powerW: number, durationMs: number, periodMs: number | null): SignatureLabel {
  const minutes = durationMs / 60_000;
  if (powerW <= 400 && periodMs !== null && periodMs <= 4 * 3_600_000 && minutes >= 3 && minutes <= 90) return 'fridge-like';
  if (powerW >= 1500 && minutes <= 6) return 'kettle-like';
  if (powerW >= 500 && minutes > 4) return 'heater-like';
  return powerW < 500 ? 'small load' : 'large load';
}

const ratio = (a: number, b: number) => (a > b ? a / b : b / a);
const formatPower = (w: number) => (w >= 1000 ? `${(w / 1000).toFixed(1)} kW` : `${Math.round(w / 10) * 10} W`);

export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return `${Math.round(ms / 1000)} s`;
  if (minutes < 120) return `${minutes} min`;
  return `${(minutes / 60).toFixed(1)} h`;
}
