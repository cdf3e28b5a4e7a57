import { quantile } from 'simple-statistics';
import type { ApplianceEvent } from './appliance-events';
import { matchSignature, type Signature } from './signatures';

/** The always-on load of a period: the 2nd percentile of its power (W), so a few dips do not count. */
export function baseLoadW(powerW: readonly number[]): number {
  const known = powerW.filter(Number.isFinite);
  return known.length > 0 ? quantile(known, 0.02) : Number.NaN;
}

export interface Consumer {
  /** The signature's name, its label, "always on" or "everything else". */
  label: string;
  signatureId: string | null;
  energyWh: number;
  share: number;
}

/**
 * Where a period's energy went: the base load all period long, each signature's runs, and the rest
 * (loads too small or irregular to pair, and runs of no signature). Largest first.
 */
export function topConsumers(totalEnergyWh: number, periodMs: number, base: number, events: readonly ApplianceEvent[], signatures: readonly Signature[]): Consumer[] {
  const bySignature = new Map<string, { signature: Signature; energyWh: number }>();
  for (const event of events) {
    const signature = matchSignature(event, signatures);
    if (!signature) continue;
    const entry = bySignature.get(signature.id) ?? { signature, energyWh: 0 };
    entry.energyWh += (event.powerW * event.durationMs) / 3_600_000;
    bySignature.set(signature.id, entry);
  }
  const alwaysOnWh = (base * periodMs) / 3_600_000;
  const rows: Consumer[] = [
    { label: 'always on', signatureId: null, energyWh: alwaysOnWh, share: 0 },
    ...[...bySignature.values()].map(({ signature, energyWh }) => ({ label: signature.name ?? signature.label, signatureId: signature.id, energyWh, share: 0 })),
  ];
  const explained = rows.reduce((sum, r) => sum + r.energyWh, 0);
  rows.push({ label: 'everything else', signatureId: null, energyWh: Math.max(0, totalEnergyWh - explained), share: 0 });
  for (const row of rows) {
    row.energyWh = Math.round(row.energyWh);
    row.share = totalEnergyWh > 0 ? row.energyWh / totalEnergyWh : 0;
  }
  return rows.sort((a, b) => b.energyWh - a.energyWh);
}
